from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET


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
