from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from werkroute.accounts import two_factor
from werkroute.accounts.views import LoginView, home, keep_alive

urlpatterns = [
    path("", home, name="home"),
    path("inloggen/", LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # Choosing a language must work on the login page too.
    path("taal/", login_not_required(set_language), name="set_language"),
    path("sessie/", keep_alive, name="keep_alive"),
    path("tweestaps/", two_factor.verify, name="two_factor_verify"),
    path("tweestaps/instellen/", two_factor.setup, name="two_factor_setup"),
    path("klanten/", include("werkroute.cases.urls")),
    path("plaatsen/", include("werkroute.placements.urls")),
    path("beroepen/", include("werkroute.taxonomy.urls")),
    path("privacy/", include("werkroute.privacy.urls")),
    path("monitoring/", include("werkroute.monitoring.urls")),
    path("beheer/", admin.site.urls),
]

handler400 = "werkroute.audit.refusals.bad_request"
handler403 = "werkroute.audit.refusals.permission_denied"
