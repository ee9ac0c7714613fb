from django.urls import path

from werkroute.placements import views

app_name = "placements"
urlpatterns = [
    path("", views.placement_list, name="list"),
    path("nieuw/", views.placement_create, name="create"),
    path("regio/", views.region_batch, name="batch"),
    path("landelijk/", views.national_batch, name="national_batch"),
    path("werkgeversservicepunt/", views.service_point_home, name="service_point"),
    path("werkgever/", views.employer_home, name="employer"),
    path("algoritme/", views.algorithm_register, name="algorithm_register"),
    path("<int:placement_id>/", views.placement_detail, name="detail"),
    path("<int:placement_id>/wijzigen/", views.placement_edit, name="edit"),
    path("<int:placement_id>/voordrachten/", views.placement_referrals, name="referrals"),
    path("klant/<uuid:client_id>/", views.client_placements, name="client"),
]
