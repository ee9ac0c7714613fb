from django.urls import path

from werkroute.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("berekenen/", views.refresh, name="refresh"),
    path("gemeente/<str:code>/", views.municipality, name="municipality"),
    path("gemeente/<str:code>/team/", views.team, name="team"),
    path("gemeente/<str:code>/raadsrapportage.pdf", views.council_report, name="council_report"),
    path("regio/<str:code>/", views.region, name="region"),
    path("<str:level>/<str:code>/indicatoren.<str:fmt>", views.download, name="download"),
]
