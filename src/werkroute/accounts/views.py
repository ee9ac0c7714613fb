from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET

from werkroute.accounts import policies
from werkroute.accounts.http import AuthenticatedHttpRequest


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
    user = request.user
    if policies.case_municipality_ids(user):
        return redirect("cases:caseload")
    if policies.partner_organisation_ids(user):
        return redirect("cases:shared")
    if policies.may_view_monitoring(user):
        return redirect("monitoring:index")
    if policies.may_inspect_access(user):
        return redirect("privacy:search")
    raise PermissionDenied
