"""Errors as ``application/problem+json`` (RFC 9457), in Dutch, with a message per invalid field."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field

from werkroute.api.naming import camel

PROBLEM_CONTENT_TYPE = "application/problem+json"


class InvalidParam(BaseModel):
    name: str = Field(description="Het veld (of de parameter) met de fout, of __all__ voor het geheel.")
    reason: str = Field(description="Wat er mis is, in het Nederlands.")


class Problem(BaseModel):
    type: str = Field(description="Soort fout.")
    title: str = Field(description="Korte omschrijving van de soort fout.")
    status: int = Field(description="De HTTP-statuscode.")
    detail: str = Field(description="Wat er misging, in het Nederlands.")
    instance: str = Field(description="Het pad van het verzoek.")
    invalidParams: list[InvalidParam] = Field(default_factory=list, description="Fouten per veld.")


class ApiProblem(Exception):
    """Raised anywhere in an endpoint to answer with a problem document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        kind: str = "",
        invalid: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail
        self.kind = kind or str(status)
        self.invalid = invalid or {}
        self.headers = headers or {}


def problem_response(request: HttpRequest, problem: ApiProblem) -> HttpResponse:
    import json

    body: dict[str, Any] = {
        "type": f"urn:werkroute:problem:{problem.kind}",
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.path,
        "invalidParams": [
            {"name": name, "reason": reason}
            for name, reasons in problem.invalid.items()
            for reason in reasons
        ],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=problem.status, content_type=PROBLEM_CONTENT_TYPE
    )
    for name, value in problem.headers.items():
        response[name] = value
    return response


def invalid_input(errors: dict[str, list[str]]) -> ApiProblem:
    """Field errors of a form or service (snake_case field names) as one 400 problem."""
    return ApiProblem(
        400,
        _("Ongeldige invoer"),
        _("Een of meer velden zijn niet goed ingevuld; zie invalidParams."),
        kind="invalid-input",
        invalid={
            ("__all__" if name == "__all__" else camel(name)): list(reasons)
            for name, reasons in errors.items()
        },
    )


def not_found() -> ApiProblem:
    return ApiProblem(404, _("Niet gevonden"), _("Dit gegeven bestaat niet of u heeft er geen toegang toe."))


def forbidden(detail: str = "") -> ApiProblem:
    return ApiProblem(403, _("Geen toegang"), detail or _("Deze client mag dit niet doen."), kind="forbidden")


# The error answers every operation may give, for the OpenAPI document.
def error_responses(*codes: int) -> dict[int, type[Problem]]:
    return dict.fromkeys((400, 401, 403, 404, 429, *codes), Problem)
