"""One-time tokens against replayed forms.

Every form page carries a fresh random token; a write that succeeds marks its token used in the session.
The same submission sent again (the back button and "resend", a double click that got through, or a
captured request played back) is refused instead of creating a second note or activity. A submission
without a token is refused too: otherwise leaving the field out would switch the protection off. Forms
that change an existing record are also protected by their version field (``core.models.VersionedModel``).
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest

FIELD = "form_token"
SESSION_KEY = "used_form_tokens"
# Enough for a long working day of forms; the oldest are forgotten first.
REMEMBERED = 500


def new_token() -> str:
    return secrets.token_urlsafe(18)


def submitted_token(request: HttpRequest) -> str:
    return str(request.POST.get(FIELD, ""))[:64]


MISSING = "missing_form_token"
REPLAYED = "replayed_form"


def refusal(request: HttpRequest) -> str | None:
    """Why this submission must not be saved (``MISSING`` or ``REPLAYED``), or ``None`` when it may."""
    token = submitted_token(request)
    if not token:
        return MISSING
    if token in request.session.get(SESSION_KEY, []):
        return REPLAYED
    return None


def is_replay(request: HttpRequest) -> bool:
    return refusal(request) is not None


def mark_used(request: HttpRequest) -> None:
    token = submitted_token(request)
    if token:
        used = [*request.session.get(SESSION_KEY, []), token][-REMEMBERED:]
        request.session[SESSION_KEY] = used
