from django.urls import path

from werkroute.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("nieuw/", views.intervention_create, name="intervention_create"),
    path("export/", views.catalogue_export, name="catalogue_export"),
    path("import/", views.catalogue_import, name="catalogue_import"),
    path("meten/", views.measure, name="measure"),
    path("<int:intervention_id>/", views.intervention_detail, name="intervention"),
    path("<int:intervention_id>/wijzigen/", views.intervention_edit, name="intervention_edit"),
    path("<int:intervention_id>/versies/", views.intervention_history, name="intervention_history"),
    path("klant/<uuid:client_id>/", views.client_suggestions, name="client_suggestions"),
    path("klant/<uuid:client_id>/activiteit/<int:activity_id>/", views.activity_link, name="activity_link"),
]
