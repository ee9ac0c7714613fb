"""What the endpoints share: turning JSON into the data of the pages' own forms, idempotent creation,
links to the next page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Header, Router, Status

from werkroute.api import services
from werkroute.api.auth import needs
from werkroute.api.problems import ApiProblem, error_responses, invalid_input
from werkroute.core.http import parse_id

IDEMPOTENCY_KEY_MAX = 100
# The header of every creating operation: a retried request with the same key creates nothing twice.
IDEMPOTENCY: Any = Header(
    None, alias="Idempotency-Key", description="Een herhaald verzoek met dezelfde sleutel maakt niets dubbel."
)


def form_values(values: dict[str, Any]) -> dict[str, Any]:
    """JSON values as a browser would post them to the same form (which then validates them as it does
    for the pages); absent values stay absent."""
    data: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        elif isinstance(value, list):
            data[name] = ", ".join(str(item) for item in value)
        else:
            data[name] = value
    return data


def cleaned(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned data, or a 400 problem with its messages per field."""
    if not form.is_valid():
        raise invalid_input(
            {name: [str(item) for item in messages] for name, messages in form.errors.items()}
        )
    return dict(form.cleaned_data)


def idempotent_create(
    request: HttpRequest,
    key: str | None,
    create: Callable[[], Any],
    replay: Callable[[str], Any],
    id_field: str = "id",
) -> Status[Any]:
    """Answer 201 with what ``create`` returns, once per ``Idempotency-Key`` of the calling client; a retry
    gets ``replay(id)`` of what the first request created (see :func:`werkroute.api.services.idempotent`).
    Without a key it simply creates."""
    if not key:
        return Status(201, create())
    if len(key) > IDEMPOTENCY_KEY_MAX:
        raise invalid_input({"Idempotency-Key": [_("Een Idempotency-Key is hoogstens 100 tekens lang.")]})

    def created() -> tuple[int, Any, str]:
        body = create()
        return 201, body, str(body[id_field])

    try:
        return Status(
            *services.idempotent(
                request.api_client,  # type: ignore[attr-defined]
                key,
                services.fingerprint(request.method or "", request.path, request.body),
                created,
                replay,
            )
        )
    except services.IdempotencyConflict:
        raise ApiProblem(
            422,
            _("Idempotency-Key al gebruikt"),
            _("Deze Idempotency-Key is al gebruikt voor een ander verzoek. Kies een nieuwe sleutel."),
            kind="idempotency-key-reused",
        ) from None


def next_link(request: HttpRequest, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = {name: value for name, value in request.GET.items() if name != "cursor"} | {"cursor": cursor}
    return request.build_absolute_uri(request.path) + "?" + urlencode(query)


def object_id(value: Any) -> int:
    """A numbered object's id from the path, or 404 for one no database key can hold (the same answer as
    for an id that does not exist)."""
    pk = parse_id(value)
    if pk is None:
        raise Http404
    return pk


def action_route(
    router: Router, resource: str, response: Any, scope: str, *error_codes: int
) -> Callable[[str, str, str], Any]:
    """The decorator for the workflow steps of one resource: ``POST {resource}/_step``, each an explicit
    action with its own operation id and summary, all answering with the resource and asking ``scope``."""

    def action(path: str, operation_id: str, summary: str) -> Any:
        return router.post(
            f"{resource}/{path}",
            response={200: response, **error_responses(*error_codes)},
            auth=needs(scope),
            operation_id=operation_id,
            summary=summary,
            by_alias=True,
        )

    return action
