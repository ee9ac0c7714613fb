from django.urls import path

from werkroute.administration import views

app_name = "administration"
urlpatterns = [
    path("", views.index, name="index"),
    path("organisaties/", views.organisation_list, name="organisations"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<int:organisation_id>/", views.organisation_edit, name="organisation_edit"),
    path("gebruikers/", views.user_list, name="users"),
    path("gebruikers/nieuw/", views.user_create, name="user_create"),
    path("gebruikers/<int:user_id>/", views.user_detail, name="user"),
    path("regios/", views.region_list, name="regions"),
    path("regios/<int:region_id>/", views.region_edit, name="region"),
    path("doelgroepen/", views.target_group_list, name="target_groups"),
    path("doelgroepen/nieuw/", views.target_group_create, name="target_group_create"),
    path("doelgroepen/<int:target_group_id>/", views.target_group_edit, name="target_group_edit"),
    path("import/", views.imports, name="imports"),
]
