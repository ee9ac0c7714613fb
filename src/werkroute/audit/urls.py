from django.urls import path

from werkroute.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="privacy_search"),
    path("klanten/<uuid:client_id>/", views.client_log, name="privacy_client"),
    path("klanten/<uuid:client_id>/inzage.json", views.export_json, name="privacy_export_json"),
    path("klanten/<uuid:client_id>/inzage/", views.export_html, name="privacy_export_html"),
]
