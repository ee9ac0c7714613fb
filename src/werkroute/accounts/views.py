from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET

from werkroute.accounts import policies
from werkroute.accounts.http import AuthenticatedHttpRequest
from werkroute.accounts.middleware import second_factor_page
from werkroute.accounts.models import User


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        # Straight to the second factor: by way of the start page, which only sends there, every login
        # took one more request (and under load one more wait in the queue).
        url = super().get_success_url()
        return second_factor_page(self.request, url) or url


@require_GET
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Called (htmx) while someone is typing in a form: typing is activity, so the session stays.

    The inactivity timeout counts requests; a long intake interview would otherwise expire mid-form and
    lose what was typed. A page merely left open does not call this, so it still expires.
    """
    return HttpResponse(status=204)


@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The first page after logging in: the one the user's roles open."""
    url = home_url(request.user)
    if url is None:
        raise PermissionDenied
    return redirect(url)


def home_url(user: User) -> str | None:
    """The address of the page the user's roles open first; None when they open none."""
    if policies.is_client(user):
        return reverse("portal:start")
    if policies.case_municipality_ids(user):
        return reverse("cases:caseload")
    if policies.partner_organisation_ids(user):
        return reverse("cases:shared")
    if policies.may_view_monitoring(user):
        return reverse("monitoring:index")
    if policies.may_inspect_access(user):
        return reverse("privacy:search")
    if policies.may_administer(user):
        return reverse("administration:index")
    if policies.employer_service_region_ids(user):
        return reverse("placements:service_point")
    if policies.employer_ids(user):
        return reverse("placements:employer")
    return None
