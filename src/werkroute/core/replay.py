"""One-time tokens against replayed forms.

Every form page carries a fresh random token; a write that succeeds marks its token used in the session.
The same submission sent again (the back button and "resend", a double click that got through, or a
captured request played back) is refused instead of creating a second note or activity. Forms that
change an existing record are also protected by their version field (``core.models.VersionedModel``).
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


def is_replay(request: HttpRequest) -> bool:
    token = submitted_token(request)
    return bool(token) and token in request.session.get(SESSION_KEY, [])


def mark_used(request: HttpRequest) -> None:
    token = submitted_token(request)
    if token:
        used = [*request.session.get(SESSION_KEY, []), token][-REMEMBERED:]
        request.session[SESSION_KEY] = used
