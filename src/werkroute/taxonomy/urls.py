from django.urls import path

from werkroute.taxonomy import views

app_name = "taxonomy"
urlpatterns = [path("zoeken/<slug:kind>/", views.search, name="search")]
