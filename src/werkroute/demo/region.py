"""The demo region in the database: its organisations and demo accounts, and the region as the
simulation's input (:class:`~werkroute.demo.simulation.RegionInput`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify

from werkroute.accounts.models import Membership, Role, User
from werkroute.cases.models import (
    Client,
)
from werkroute.demo.simulation import RegionInput
from werkroute.regions.models import Municipality, Organisation, OrganisationKind, PostcodeArea, Region
from werkroute.taxonomy.models import Occupation

# Public on purpose: printed by the command and in the README; production refuses demo accounts.
DEMO_PASSWORD = "werkroute-demo"  # noqa: S105
BATCH_SIZE = 2_000
CLIENTS_PER_CHUNK = 2_000  # bounds memory: about 60 model objects per client are alive at once
SKILLS_PER_OCCUPATION = 5

# Inhabitants on 1 January 2024 (CBS, rounded). A municipality's task of housing statushouders
# (taakstelling) is proportional to its population, so clients are spread by these weights.
MUNICIPALITY_POPULATION = {
    "GM0268": 183_000,  # Nijmegen
    "GM0296": 41_700,  # Wijchen
    "GM1945": 35_800,  # Berg en Dal
    "GM0209": 26_500,  # Beuningen
    "GM0225": 19_800,  # Druten
    "GM0252": 17_000,  # Heumen
    "GM0944": 8_000,  # Mook en Middelaar
}
# Caseworkers of the demo, one per municipality; further municipalities take names from the spare list.
CASEWORKER_NAMES = {
    "GM0268": ("Sanne", "de Vries"),
    "GM0296": ("Thijs", "Janssen"),
    "GM1945": ("Fleur", "van den Berg"),
    "GM0209": ("Jeroen", "Bakker"),
    "GM0225": ("Anouk", "Hermsen"),
    "GM0252": ("Maarten", "Smit"),
    "GM0944": ("Lotte", "Peters"),
}
SPARE_NAMES = (("Eva", "Willems"), ("Ruben", "Verhoeven"), ("Noor", "Gerritsen"), ("Daan", "Arts"))
TEAM_LEAD_NAME = ("Ingrid", "Hendriks")
ADMINISTRATOR_NAME = ("Bas", "Mulder")
PARTNER_WORKER_NAME = ("Samira", "El Amrani")
PRIVACY_OFFICER_NAME = ("Joost", "van Leeuwen")
EMPLOYER_SERVICE_NAME = ("Marloes", "Bakker")

# Employers of the region's market and the placements they offer (kind, title, hours, places); the
# occupation of each placement is taken from the occupations the demo clients have worked in.
# The region's providers and partner; the simulation names them by the keys.
PROVIDERS = {
    "roc": ("ROC Waalstad", OrganisationKind.PROVIDER),
    "language_school": ("Taalschool De Brug", OrganisationKind.PROVIDER),
    "reintegration": ("Werkpad Re-integratie", OrganisationKind.PROVIDER),
    "partner": ("VluchtelingenWerk Oost Nederland", OrganisationKind.PARTNER),
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    organisation: str


# ---------------------------------------------------------------------------------------------------------
# The region: adapter to the simulation, organisations and accounts
# ---------------------------------------------------------------------------------------------------------
def demo_municipalities(region: Region) -> list[Municipality]:
    return list(Municipality.objects.filter(region=region).order_by("code"))


def region_input(region: Region) -> RegionInput:
    """What :func:`werkroute.demo.simulation.simulate` needs to know about ``region``, from the database."""
    municipalities = demo_municipalities(region)
    if not municipalities:
        raise ValueError(f"Region {region.code} has no municipalities; load the reference data first.")
    typical = float(np.median(list(MUNICIPALITY_POPULATION.values())))
    postcodes: dict[int, list[str]] = {municipality.pk: [] for municipality in municipalities}
    for pc4, municipality_id in PostcodeArea.objects.filter(municipality__region=region).values_list(
        "pc4", "municipality_id"
    ):
        postcodes[municipality_id].append(pc4)
    occupations = list(Occupation.objects.order_by("pk").values_list("pk", "isco_group_id"))
    return RegionInput(
        municipality_codes=tuple(municipality.code for municipality in municipalities),
        municipality_weights=tuple(
            MUNICIPALITY_POPULATION.get(item.code, typical) for item in municipalities
        ),
        occupation_ids=tuple(pk for pk, _ in occupations),
        occupation_isco=tuple(code for _, code in occupations),
        postcodes=tuple(tuple(sorted(postcodes[item.pk])) for item in municipalities),
    )


def _organisation(name: str, kind: str, region: Region, municipality: Municipality | None) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name, kind=kind, region=region, defaults={"municipality": municipality}
    )
    return organisation


def _account(
    password_hash: str,
    username: str,
    name: tuple[str, str],
    organisation: Organisation,
    role: str,
    *,
    is_staff: bool = False,
) -> tuple[User, DemoAccount]:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": name[0], "last_name": name[1], "is_demo_account": True, "is_staff": is_staff},
    )
    if not created and not user.is_demo_account:
        raise ValueError(f"Gebruiker {username!r} bestaat al en is geen demo-account; die blijft ongemoeid.")
    user.password = password_hash
    user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user, DemoAccount(username, user.get_full_name(), str(Role(role).label), organisation.name)


@dataclass
class DemoRegion:
    region: Region
    municipalities: list[Municipality]
    caseworkers: dict[int, User]  # by municipality id
    providers: dict[str, Organisation]
    accounts: list[DemoAccount]


def prepare_region(region: Region) -> DemoRegion:
    """Create (or find) the municipal organisations, providers and demo accounts of ``region``."""
    municipalities = demo_municipalities(region)
    centre = region.centre_municipality or max(
        municipalities, key=lambda item: MUNICIPALITY_POPULATION.get(item.code, 0)
    )
    # Argon2 takes a noticeable fraction of a second per hash; every demo account shares one.
    password_hash = make_password(DEMO_PASSWORD)
    municipal = {
        item.pk: _organisation(f"Gemeente {item.name}", OrganisationKind.MUNICIPALITY, region, item)
        for item in municipalities
    }
    providers = {key: _organisation(name, kind, region, centre) for key, (name, kind) in PROVIDERS.items()}
    caseworkers: dict[int, User] = {}
    accounts: list[DemoAccount] = []
    spare = iter(SPARE_NAMES * (1 + len(municipalities) // len(SPARE_NAMES)))
    # The centre municipality's caseworker first: the command suggests logging in as the first account.
    for item in sorted(municipalities, key=lambda item: (item.pk != centre.pk, item.name)):
        name = CASEWORKER_NAMES.get(item.code) or next(spare)
        user, account = _account(
            password_hash, f"klantmanager.{slugify(item.name)}", name, municipal[item.pk], Role.CASEWORKER
        )
        caseworkers[item.pk] = user
        accounts.append(account)
    accounts.append(
        _account(
            password_hash,
            f"teamleider.{slugify(centre.name)}",
            TEAM_LEAD_NAME,
            municipal[centre.pk],
            Role.TEAM_LEAD,
        )[1]
    )
    accounts.append(
        _account(
            password_hash,
            "beheerder",
            ADMINISTRATOR_NAME,
            municipal[centre.pk],
            Role.ADMINISTRATOR,
            is_staff=True,
        )[1]
    )
    accounts.append(
        _account(
            password_hash,
            "partner.vluchtelingenwerk",
            PARTNER_WORKER_NAME,
            providers["partner"],
            Role.PARTNER_WORKER,
        )[1]
    )
    # The privacy officer (functionaris gegevensbescherming) is not a role but a permission; the account
    # belongs to the centre municipality so that it supervises that municipality's files.
    officer, officer_account = _account(
        password_hash,
        f"privacy.{slugify(centre.name)}",
        PRIVACY_OFFICER_NAME,
        municipal[centre.pk],
        Role.POLICY_ANALYST,
    )
    officer.user_permissions.add(
        Permission.objects.get(codename="inspect_access", content_type__app_label="audit")
    )
    accounts.append(officer_account)
    service_point = _organisation(
        f"Werkgeversservicepunt {region.name}", OrganisationKind.EMPLOYER_SERVICE_POINT, region, centre
    )
    accounts.append(
        _account(
            password_hash,
            f"wsp.{slugify(centre.name)}",
            EMPLOYER_SERVICE_NAME,
            service_point,
            Role.EMPLOYER_SERVICE,
        )[1]
    )
    return DemoRegion(region, municipalities, caseworkers, providers, accounts)


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts in the database for printing: caseworkers first, the centre municipality's first
    among them (it has the largest caseload), then by username."""
    order: dict[str, int] = {
        Role.CASEWORKER: 0,
        Role.TEAM_LEAD: 1,
        Role.ADMINISTRATOR: 2,
        Role.PARTNER_WORKER: 3,
        Role.POLICY_ANALYST: 4,
        Role.EMPLOYER_SERVICE: 5,
    }
    memberships = Membership.objects.filter(user__is_demo_account=True).select_related(
        "user", "organisation__region"
    )

    def in_centre(row: Membership) -> bool:
        municipality_id = row.organisation.municipality_id
        return (
            municipality_id is not None and municipality_id == row.organisation.region.centre_municipality_id
        )

    rows = sorted(
        memberships, key=lambda row: (order.get(row.role, 9), not in_centre(row), row.user.username)
    )
    return [
        DemoAccount(
            row.user.username, row.user.get_full_name(), str(Role(row.role).label), row.organisation.name
        )
        for row in rows
    ]


def demo_clients() -> Any:
    """The clients of the demo: those whose caseworker is a demo account."""
    return Client.objects.filter(caseworker__is_demo_account=True)


def demo_population_exists() -> bool:
    return demo_clients().exists()


def remove_demo_population() -> int:
    """Delete the demo's clients with everything that hangs from them; returns the number of clients."""
    pks = list(demo_clients().values_list("pk", flat=True))
    with transaction.atomic():
        # In chunks: Django's delete collector holds the related rows of all clients it deletes at once.
        for start in range(0, len(pks), CLIENTS_PER_CHUNK):
            Client.objects.filter(pk__in=pks[start : start + CLIENTS_PER_CHUNK]).delete()
    return len(pks)


def remove_demo_accounts() -> int:
    """Delete every demo account and its memberships; the clients they guided keep no caseworker."""
    users = User.objects.filter(is_demo_account=True)
    number = users.count()
    users.delete()
    return number


def clients_per_municipality(region: Region) -> list[tuple[str, int]]:
    rows = (
        Municipality.objects.filter(region=region)
        .annotate(number=Count("clients"))
        .order_by("-number", "name")
        .values_list("name", "number")
    )
    return list(rows)
