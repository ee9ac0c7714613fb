from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from werkroute.accounts.views import LoginView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:caseload", permanent=False)),
    path("inloggen/", LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("klanten/", include("werkroute.cases.urls")),
    path("beroepen/", include("werkroute.taxonomy.urls")),
    path("beheer/", admin.site.urls),
]
