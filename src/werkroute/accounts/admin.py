from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from werkroute.accounts.models import Membership, User
from werkroute.accounts.services import acting, check_grant


class ActingAdminMixin:
    """Every change made through the admin is audited (and four-eyes checked) as the administrator who
    made it: the account signals read the actor that :func:`acting` sets."""

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with acting(request.user):  # type: ignore[arg-type]
            return super().changeform_view(request, *args, **kwargs)  # type: ignore[misc]

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with acting(request.user):  # type: ignore[arg-type]
            return super().delete_view(request, *args, **kwargs)  # type: ignore[misc]

    def changelist_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with acting(request.user):  # type: ignore[arg-type]
            return super().changelist_view(request, *args, **kwargs)  # type: ignore[misc]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        actor = request.user

        class FourEyesFormSet(formset):  # type: ignore[misc, valid-type]
            """A case-file role given to oneself is refused here with a message (the signal refuses too)."""

            def clean(self) -> None:
                super().clean()
                for form in self.forms:
                    data = getattr(form, "cleaned_data", {})
                    if not data or data.get("DELETE") or not form.has_changed():
                        continue
                    try:
                        check_grant(
                            actor,  # type: ignore[arg-type]
                            self.instance,
                            role=data.get("role"),
                            organisation=data.get("organisation"),
                        )
                    except ValidationError as error:
                        form.add_error("role", error)

        return FourEyesFormSet


@admin.register(User)
class UserAdmin(ActingAdminMixin, DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_demo_account"]
    list_filter = ["is_active", "is_staff", "is_demo_account"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        actor = request.user

        class FourEyesForm(form):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                if self.instance.pk != actor.pk:
                    return cleaned  # type: ignore[no-any-return]
                permissions = cleaned.get("user_permissions")
                if permissions is not None:
                    already = set(self.instance.user_permissions.all())
                    for permission in set(permissions) - already:
                        label = f"{permission.content_type.app_label}.{permission.codename}"
                        try:
                            check_grant(actor, self.instance, permission=label)  # type: ignore[arg-type]
                        except ValidationError as error:
                            self.add_error("user_permissions", error)
                if cleaned.get("is_superuser") and not self.instance.is_superuser:
                    try:
                        check_grant(actor, self.instance, permission="audit.inspect_access")  # type: ignore[arg-type]
                    except ValidationError as error:
                        self.add_error("is_superuser", error)
                return cleaned  # type: ignore[no-any-return]

        return FourEyesForm


admin.site.unregister(Group)


@admin.register(Group)
class AuditedGroupAdmin(ActingAdminMixin, GroupAdmin):
    """Groups carry permissions: their changes are audited as the administrator who made them, and
    giving one's own group a case-file permission is refused (by the signal)."""
