from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from werkroute.accounts import policies


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Which main menu entries the user's roles open, so nobody is shown a page that would refuse them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def entries() -> dict[str, bool]:
        return {
            "caseload": bool(policies.case_municipality_ids(user)),
            "shared": bool(policies.partner_organisation_ids(user)),
            "privacy": policies.may_inspect_access(user),
            "monitoring": bool(
                policies.monitoring_municipality_ids(user) or policies.monitoring_region_ids(user)
            ),
        }

    return {"nav": SimpleLazyObject(entries)}
