from django.contrib.auth import login
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.urls import include, path


def citizen_login(request):  # type: ignore[no-untyped-def]
    """DigiD's part: the citizen proves who they are; here they just name their BSN (a test broker)."""
    user, _created = User.objects.get_or_create(username=request.GET["bsn"])
    login(request, user)
    return HttpResponse("ingelogd")


urlpatterns = [
    path("digid-login/", citizen_login),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
