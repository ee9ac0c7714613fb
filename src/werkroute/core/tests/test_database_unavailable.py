"""A database that cannot be reached gives a Dutch "try again" page, not the general error page."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

from werkroute import urls as project_urls
from werkroute.core.errors import server_error


@login_not_required
def _database_down(request):  # type: ignore[no-untyped-def]
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


@login_not_required
def _bug(request):  # type: ignore[no-untyped-def]
    raise ValueError("a fault in the code")


urlpatterns = [path("down/", _database_down), path("bug/", _bug), *project_urls.urlpatterns]
handler500 = server_error


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_database_error_shows_the_try_again_page():
    response = Client(raise_request_exception=False).get("/down/")
    content = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "15"
    assert "Probeer het over een minuut opnieuw" in content
    assert "niet bewaard" in content
    assert "5432" not in content


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_other_errors_keep_the_general_error_page():
    response = Client(raise_request_exception=False).get("/bug/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
