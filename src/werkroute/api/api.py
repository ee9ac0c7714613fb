"""The API instance: version 1 at ``/api/v1``, its OpenAPI document and its error answers.

The document is made to pass the NL API Design Rules (``.ci/run`` lints it with Spectral): paths relative
to the server URL that carries the major version, an OAuth2 client-credentials scheme naming the token URL
and the scope of each operation, ``API-Version`` on every success, and problem documents for errors.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from werkroute.api import problems
from werkroute.api.auth import OAuth2ClientCredentials, unauthorised
from werkroute.api.problems import ApiProblem, problem_response
from werkroute.api.scopes import SCOPES
from werkroute.core.models import StaleObjectError

API_VERSION = "1.0.0"


class WerkrouteApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix="", path_params=path_params)
        return _adapt(self, schema)


api = WerkrouteApi(
    title="Werkroute API",
    version=API_VERSION,
    description="De open API van Werkroute voor systemen in de keten: gemeenten, aanbieders, "
    "werkgeversservicepunten en statistiek. Toegang met OAuth2 client credentials; elke client hoort "
    "bij één organisatie en ziet wat een medewerker van die organisatie ziet.",
    openapi_url="/openapi.json",
    docs_url=None,
    urls_namespace="api-v1",
)


def _scope_of_operations() -> dict[str, str]:
    found = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for callback in operation.auth_callbacks:
                    if isinstance(callback, OAuth2ClientCredentials) and operation.operation_id:
                        found[operation.operation_id] = callback.scope
    return found


def _adapt(instance: NinjaAPI, schema: Any) -> Any:
    schema["info"]["contact"] = {
        "name": "Werkroute",
        "email": settings.WERKROUTE_API_CONTACT_EMAIL,
        "url": settings.WERKROUTE_API_URL.rsplit("/api/", 1)[0],
    }
    schema["servers"] = [{"url": settings.WERKROUTE_API_URL, "description": _("Werkroute API versie 1")}]
    components = schema.setdefault("components", {})
    components["securitySchemes"] = {
        "oauth2": {
            "type": "oauth2",
            "description": _("OAuth2 client credentials; vraag een client aan bij de functioneel beheerder."),
            "flows": {
                "clientCredentials": {
                    "tokenUrl": settings.WERKROUTE_API_URL.rstrip("/") + "/oauth/token",
                    "scopes": {name: str(label) for name, label in SCOPES.items()},
                }
            },
        }
    }
    for component in components.get("schemas", {}).values():
        for name, prop in component.get("properties", {}).items():
            component["properties"][name] = _nullable(prop)
    scopes = _scope_of_operations()
    version_header = {
        "API-Version": {
            "description": _("De volledige versie van de API."),
            "schema": {"type": "string", "example": API_VERSION},
        }
    }
    for item in schema["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            scope = scopes.get(operation.get("operationId", ""))
            if scope is not None:
                operation["security"] = [{"oauth2": [scope]}]
            for code, response in operation["responses"].items():
                if str(code).startswith(("2", "3")):
                    response["headers"] = version_header
                elif "content" in response:
                    response["content"] = {
                        problems.PROBLEM_CONTENT_TYPE: next(iter(response["content"].values()))
                    }
    return schema


def _nullable(prop: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [{type: string, format: date}, {type: null}]`` as one typed schema, so that the format
    stands where tools (and the ADR linter) look for it."""
    options = prop.get("anyOf")
    if not options or len(options) != 2 or {"type": "null"} not in options:
        return prop
    other = next(option for option in options if option != {"type": "null"})
    if "type" not in other or not isinstance(other["type"], str):
        return prop
    merged = {key: value for key, value in prop.items() if key != "anyOf"}
    return {**merged, **other, "type": [other["type"], "null"]}


@api.exception_handler(ApiProblem)
def _problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(request, exc)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(request, unauthorised())


@api.exception_handler(MultiPartParserError)
def _unreadable_body(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    # A body announced as a form but not one (multipart without a boundary): the sender's mistake.
    return problem_response(
        request,
        ApiProblem(
            400,
            _("Onleesbaar verzoek"),
            _(
                "De inhoud van het verzoek past niet bij het Content-Type. Stuur JSON met Content-Type application/json."
            ),
            kind="unreadable-body",
        ),
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, problems.not_found())


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(request, problems.forbidden())


@api.exception_handler(StaleObjectError)
def _stale(request: HttpRequest, exc: StaleObjectError) -> HttpResponse:
    return problem_response(
        request,
        ApiProblem(
            409,
            _("Conflict"),
            _(
                "Het gegeven is intussen gewijzigd. Lees het opnieuw en stuur de wijziging met de nieuwe versie."
            ),
            kind="conflict",
        ),
    )


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return problem_response(request, problems.invalid_input(errors))


# Pydantic's own messages are English; the API speaks Dutch.
_PYDANTIC_MESSAGES = {
    "missing": gettext_noop("Dit veld is verplicht."),
    "date_from_datetime_parsing": gettext_noop("Vul een datum in als JJJJ-MM-DD."),
    "date_parsing": gettext_noop("Vul een datum in als JJJJ-MM-DD."),
    "date_type": gettext_noop("Vul een datum in als JJJJ-MM-DD."),
    "datetime_parsing": gettext_noop("Vul een tijdstip in als JJJJ-MM-DDTUU:MM:SS met tijdzone."),
    "datetime_type": gettext_noop("Vul een tijdstip in als JJJJ-MM-DDTUU:MM:SS met tijdzone."),
    "int_parsing": gettext_noop("Vul een geheel getal in."),
    "int_type": gettext_noop("Vul een geheel getal in."),
    "bool_type": gettext_noop("Vul true of false in."),
    "bool_parsing": gettext_noop("Vul true of false in."),
    "string_type": gettext_noop("Vul tekst in."),
    "string_too_long": gettext_noop("Deze tekst is te lang."),
    "list_type": gettext_noop("Vul een lijst in."),
    "uuid_parsing": gettext_noop("Dit is geen geldige id."),
    "json_invalid": gettext_noop("De inhoud van het verzoek is geen geldige JSON."),
}


def _message(error: dict[str, Any]) -> str:
    return _(_PYDANTIC_MESSAGES.get(error.get("type", ""), "Deze waarde is ongeldig."))


@api.exception_handler(NinjaValidationError)
def _invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    invalid: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")
        ]
        name = ".".join(location) or "__all__"
        invalid.setdefault(name, []).append(_message(error))
    problem = problems.invalid_input({})
    problem.invalid = invalid
    return problem_response(request, problem)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(
        request, ApiProblem(exc.status_code, _("Fout"), _("Het verzoek kon niet worden verwerkt."))
    )
