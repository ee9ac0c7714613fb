from django.urls import path

from werkroute.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.search, name="search"),
    path("klanten/<uuid:client_id>/", views.client_log, name="client"),
    path("klanten/<uuid:client_id>/inzage.json", views.export_json, name="export_json"),
    path("klanten/<uuid:client_id>/inzage/", views.export_html, name="export_html"),
]
