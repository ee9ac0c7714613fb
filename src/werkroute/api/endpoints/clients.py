"""Clients: the registration data of a case file (``/clients``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router

from werkroute.accounts.policies import Section, case_municipality_ids, client_access
from werkroute.api import selectors
from werkroute.api.auth import has_scope, needs
from werkroute.api.endpoints.common import IDEMPOTENCY, cleaned, form_values, idempotent_create, next_link
from werkroute.api.naming import CamelSchema
from werkroute.api.pagination import DEFAULT_PAGE_SIZE
from werkroute.api.problems import error_responses, forbidden
from werkroute.cases import services
from werkroute.cases.forms import ClientForm
from werkroute.cases.models import Client
from werkroute.cases.models.clients import REGISTRATION_FIELDS

router = Router(tags=["klanten"])


class ClientOut(CamelSchema):
    id: uuid.UUID
    version: int = Field(description="Stuur deze versie mee bij een wijziging (optimistische vergrendeling).")
    first_name: str
    last_name: str
    date_of_birth: dt.date
    bsn: str | None = Field(None, description="Alleen met de scope clients:bsn.")
    municipality: str = Field(description="CBS-code van de gemeente, bijvoorbeeld GM0268.")
    permit_date: dt.date | None
    registration_date: dt.date | None = Field(description="Leeg zolang de klant nog in het AZC woont.")
    linked_on: dt.date | None = Field(
        None, description="Datum van koppeling aan de gemeente; begeleiding kan dan al in het AZC beginnen."
    )
    target_group: str
    caseworker: int | None
    postcode: str | None = None
    email: str | None = None
    phone: str | None = None
    languages_spoken: list[str]
    household_situation: str
    gender: str
    nationality: str
    country_of_birth: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ClientPage(CamelSchema):
    results: list[ClientOut]
    next: str | None = Field(description="Link naar de volgende pagina, of null op de laatste.")


class ClientIn(CamelSchema):
    first_name: str
    last_name: str
    date_of_birth: dt.date
    bsn: str = Field("", description="Alleen met de scope clients:bsn.")
    municipality: str = Field(description="CBS-code van de gemeente, bijvoorbeeld GM0268.")
    permit_date: dt.date | None = None
    registration_date: dt.date | None = Field(
        None, description="Verplicht, tenzij de klant nog in het AZC woont en linkedOn is ingevuld."
    )
    linked_on: dt.date | None = Field(
        None, description="Datum van koppeling aan de gemeente; begeleiding kan dan al in het AZC beginnen."
    )
    target_group: str = Field("", description="Code van de doelgroep; leeg voor statushouder.")
    caseworker: int = Field(description="Id van de klantmanager of teamleider van de gemeente.")
    postcode: str = ""
    email: str = ""
    phone: str = ""
    languages_spoken: list[str] = Field(default_factory=list, description="ISO 639-1-codes.")
    household_situation: str | None = None
    gender: str | None = None
    nationality: str = Field("", description="ISO 3166-1-code.")
    country_of_birth: str = Field("", description="ISO 3166-1-code.")


class ClientChange(CamelSchema):
    version: int
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: dt.date | None = None
    bsn: str | None = None
    municipality: str | None = None
    permit_date: dt.date | None = None
    registration_date: dt.date | None = None
    linked_on: dt.date | None = None
    caseworker: int | None = None
    postcode: str | None = None
    email: str | None = None
    phone: str | None = None
    languages_spoken: list[str] | None = None
    household_situation: str | None = None
    gender: str | None = None
    nationality: str | None = None
    country_of_birth: str | None = None


class ClientFilters(CamelSchema):
    changed_since: dt.datetime | None = Field(
        None, description="Alleen klanten die op of na dit tijdstip zijn gewijzigd (met tijdzone)."
    )
    cursor: str | None = Field(None, description="Uit de link naar de volgende pagina.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, description="Aantal klanten per pagina (1-200).")


def client_data(request: HttpRequest, client: Client) -> dict[str, Any]:
    access = client_access(request.user, client)  # type: ignore[arg-type]
    identity = access.shows(Section.IDENTITY)
    return {
        "id": client.pk,
        "version": client.version,
        "first_name": client.first_name,
        "last_name": client.last_name,
        "date_of_birth": client.date_of_birth,
        "bsn": client.bsn if identity and has_scope(request, "clients:bsn") else None,
        # A page reads the codes as columns (api.selectors.client_page); one client has its objects.
        "municipality": getattr(client, "municipality_code", None) or client.municipality.code,
        "permit_date": client.permit_date,
        "registration_date": client.registration_date,
        "linked_on": client.linked_on,
        "target_group": getattr(client, "target_group_code", None) or client.target_group.code,
        "caseworker": client.caseworker_id,
        "postcode": client.postcode if identity else None,
        "email": client.email if identity else None,
        "phone": client.phone if identity else None,
        "languages_spoken": client.languages_spoken or [],
        "household_situation": client.household_situation,
        "gender": client.gender,
        "nationality": client.nationality,
        "country_of_birth": client.country_of_birth,
        "created_at": client.created_at,
        "updated_at": client.updated_at,
    }


def _form_data(request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
    if values.get("bsn") and not has_scope(request, "clients:bsn"):
        raise forbidden(_("Een BSN vastleggen vraagt de scope clients:bsn."))
    data = form_values(values)
    if "municipality" in values:
        from werkroute.regions.models import Municipality

        found = (
            Municipality.objects.filter(code=str(values["municipality"]).upper())
            .values_list("pk", flat=True)
            .first()
        )
        data["municipality"] = "" if found is None else found
    if values.get("target_group"):
        from werkroute.cases.models import TargetGroup

        found = TargetGroup.objects.filter(code=values["target_group"]).values_list("pk", flat=True).first()
        data["target_group"] = -1 if found is None else found
    return data


@router.get(
    "/clients",
    response={200: ClientPage, **error_responses()},
    auth=needs("clients:read"),
    operation_id="listClients",
    summary="Klanten, gewijzigd sinds een tijdstip",
    by_alias=True,
)
def list_clients(request: HttpRequest, filters: Query[ClientFilters]) -> Any:
    rows, cursor = selectors.client_page(
        request.user,  # type: ignore[arg-type]
        changed_since=filters.changed_since,
        cursor=filters.cursor,
        size=filters.page_size,
    )
    return {"results": [client_data(request, row) for row in rows], "next": next_link(request, cursor)}


@router.get(
    "/clients/{client_id}",
    response={200: ClientOut, **error_responses()},
    auth=needs("clients:read"),
    operation_id="getClient",
    summary="Eén klant",
    by_alias=True,
)
def get_client(request: HttpRequest, client_id: uuid.UUID) -> Any:
    return client_data(request, selectors.get_client(request.user, client_id))  # type: ignore[arg-type]


@router.post(
    "/clients",
    response={201: ClientOut, **error_responses(409, 422)},
    auth=needs("clients:write"),
    operation_id="registerClient",
    summary="Een klant inschrijven",
    by_alias=True,
)
def register_client(request: HttpRequest, body: ClientIn, idempotency_key: str | None = IDEMPOTENCY) -> Any:
    municipality_ids = case_municipality_ids(request.user)  # type: ignore[arg-type]
    if not municipality_ids:
        raise forbidden(_("Alleen een gemeente schrijft klanten in."))

    def create() -> Any:
        form = ClientForm(_form_data(request, body.model_dump()), municipality_ids=municipality_ids)
        values = _values(form)
        client = services.register_client(request.user, values)  # type: ignore[arg-type]
        # The new row holds the form's municipality and target group already: no second read.
        return client_data(request, client)

    def replay(pk: str) -> Any:
        return client_data(request, selectors.get_client(request.user, pk))  # type: ignore[arg-type]

    return idempotent_create(request, idempotency_key, create, replay)


def _fresh(client: Client) -> Client:
    return Client.objects.select_related("municipality", "target_group").get(pk=client.pk)


def _values(form: ClientForm) -> dict[str, Any]:
    values = cleaned(form)
    values.pop("version", None)
    return values


@router.patch(
    "/clients/{client_id}",
    response={200: ClientOut, **error_responses(409)},
    auth=needs("clients:write"),
    operation_id="changeClient",
    summary="De inschrijving van een klant wijzigen",
    by_alias=True,
)
def change_client(request: HttpRequest, client_id: uuid.UUID, body: ClientChange) -> Any:
    client = selectors.get_client(request.user, client_id, change=True)  # type: ignore[arg-type]
    changes = body.model_dump(exclude_unset=True)
    expected = changes.pop("version")
    current = {name: getattr(client, name) for name in REGISTRATION_FIELDS}
    current["municipality"] = client.municipality.code
    current["target_group"] = client.target_group.code
    current["caseworker"] = client.caseworker_id
    if "bsn" not in changes:
        current.pop("bsn")
    form = ClientForm(
        _form_data(request, current | changes),
        instance=client,
        municipality_ids=case_municipality_ids(request.user),  # type: ignore[arg-type]
    )
    values = _values(form)
    if "bsn" not in changes:
        values.pop("bsn", None)
    services.update_client(request.user, client, expected, values)  # type: ignore[arg-type]
    return client_data(request, _fresh(client))
