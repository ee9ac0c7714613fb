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
        caseload = bool(policies.case_municipality_ids(user))
        service_point = bool(policies.employer_service_region_ids(user))
        employer = bool(policies.employer_ids(user))
        return {
            "caseload": caseload,
            "service_point": service_point,
            "employer": employer,
            # The market's pages show nothing to anyone else, so they are not offered.
            "market": caseload or service_point or employer,
            "administration": policies.may_administer(user),
            "shared": bool(policies.partner_organisation_ids(user)),
            "privacy": policies.may_inspect_access(user),
            "knowledge": policies.may_read_knowledge(user),
            "monitoring": bool(
                policies.monitoring_municipality_ids(user) or policies.monitoring_region_ids(user)
            ),
        }

    return {"nav": SimpleLazyObject(entries)}
