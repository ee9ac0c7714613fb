from django.urls import path

from werkroute.portal import oidc, views

app_name = "portal"
urlpatterns = [
    path("", views.start, name="start"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.logout, name="logout"),
    path("taal/", views.choose_language, name="language"),
    path("plan/", views.plan, name="plan"),
    path("afspraken/", views.activities, name="activities"),
    path("voorstellen/", views.proposals, name="proposals"),
    path("toestemmingen/", views.consents, name="consents"),
    path("berichten/", views.thread, name="messages"),
    path("gegevens/", views.data, name="data"),
    path("gegevens/inzage/", views.export, name="export"),
    path("voorbeeld/<uuid:client_id>/", views.preview, name="preview"),
    path("digid/", oidc.start, name="digid"),
    path("digid/terug/", oidc.callback, name="digid_callback"),
    path("digid/onbekend/", oidc.unknown, name="digid_unknown"),
]
