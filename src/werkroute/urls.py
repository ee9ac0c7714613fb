from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from werkroute.accounts import two_factor
from werkroute.accounts.views import LoginView, home, keep_alive
from werkroute.core import health, metrics

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
    path("mijn/", include("werkroute.portal.urls")),
    path("monitoring/", include("werkroute.monitoring.urls")),
    path("kennisbank/", include("werkroute.knowledge.urls")),
    path("opvolging/", include("werkroute.followup.urls")),
    # Django's own admin stays for technical staff; the functional administrator works in "beheer/".
    path("beheer/technisch/", admin.site.urls),
    path("beheer/", include("werkroute.administration.urls")),
    # The JSON API for systems of the chain (OAuth2 tokens, no session); see docs/api.md.
    path("api/v1/", include(("werkroute.api.urls", "api-v1"))),
    # For the load balancer, the service manager and Prometheus: no personal data (core.health, core.metrics).
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
    path("metrics/", metrics.metrics, name="metrics"),
]

handler400 = "werkroute.audit.refusals.bad_request"
handler403 = "werkroute.audit.refusals.permission_denied"
handler404 = "werkroute.audit.refusals.page_not_found"
handler500 = "werkroute.core.errors.server_error"
