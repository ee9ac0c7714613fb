"""The one place that decides who may see and change which client data.

Deny by default: a user without a membership that grants access sees nothing. Selectors in every app call
these functions; views never filter clients themselves. Objects outside a user's scope are answered with
404, exactly as if they did not exist, so that ids cannot be probed.

What each role of docs/design.md gets from the case files:

- caseworker, team lead (at a municipality's organisation): the clients of that municipality, every part
  of the file, and may change it;
- caseworker, team lead of the municipality a client moves to: while a warm handover of the file to
  their municipality waits for acceptance, read-only, every part of the file (to decide on it); on
  acceptance the file becomes theirs and the sending municipality loses it, since the file belongs to
  one municipality at a time;
- partner worker: read-only, only the clients who gave a valid consent to share their file with the
  worker's own organisation, and without the BSN, contact details and the municipality's notes; a
  withdrawn or expired consent ends this at once, since it is checked on every request, and so does a
  warm handover's acceptance: the consent was given to the municipality the client left
  (``cases.Consent.objects.in_force``), and the receiving municipality asks for its own;
- employer service, employer: no case files; they see a referred candidate's work profile only
  (:data:`WORK_PROFILE_FIELDS`), through the placements app;
- policy analyst: no case files, only aggregates with small cells suppressed (monitoring); at the
  statistics office, those of every municipality and region (:func:`monitoring_is_national`);
- administrator: users, organisations and reference data in the management site, never case content
  (no model holding client data is registered there; a test keeps it so);
- client: an account linked to exactly one client file (``cases.ClientAccount``, made for the demo or
  found on a DigiD login through the keyed BSN hash) and without memberships, so every staff selector
  above gives it nothing; it opens that one file in the portal (``/mijn/``), through
  ``cases.scope.own_file``, and only what the portal shows of it (never the BSN in full, no notes).

Two actions are separate permissions rather than roles, because they cut across them and must be given
to named people only: ``cases.override_consent`` (share without consent, with a reason, audited) and
``audit.inspect_access`` (the privacy officer's "who looked at this file" and access-request export).
A third opens no case file: ``knowledge.edit_catalogue``, the knowledge editor who changes the shared
catalogue of interventions that every staff role reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.db.models import Q

from werkroute.accounts.models import Role
from werkroute.regions.models import Municipality, OrganisationKind, Region

if TYPE_CHECKING:
    from werkroute.accounts.models import User
    from werkroute.regions.models import Organisation


class InMunicipality(Protocol):
    """A client file, as far as the policies need it: which municipality it belongs to. (Case models live
    in an app above this one, so the policies name no model of theirs.)"""

    municipality_id: int


# Roles that work on case files of the clients of their own municipality.
MUNICIPAL_CASE_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_LEAD})
# Organisations whose workers may receive a client's file, with the client's consent.
PARTNER_ORGANISATION_KINDS = frozenset({OrganisationKind.PARTNER, OrganisationKind.PROVIDER})

# What an employer, or the employer service point once the client consented, may see of a candidate: work
# experience, education, skills, languages and availability. Never health, limiting circumstances,
# benefits, household, origin, notes or anything else of the file.
WORK_PROFILE_FIELDS = frozenset(
    {
        "first_name",
        "occupations",
        "education",
        "skills",
        "dutch_levels",
        "other_languages",
        "hours_available",
        "available_from",
        "driving_licence",
        "postcode_area",
    }
)


class Section:
    """Parts of a client file that can be withheld from a role."""

    IDENTITY = "identity"  # BSN, address, phone, e-mail
    NOTES = "notes"  # the municipality's own notes and contact moments
    CONSENTS = "consents"
    REFERRALS = "referrals"  # proposals to employers and their steps


class Purpose:
    """Why personal data was processed, as the audit log records it (AVG art. 5: purpose limitation)."""

    CASE_WORK = "begeleiding naar werk"
    PARTNER_SHARE = "gedeeld met partner na toestemming"
    ACCESS_REQUEST = "inzageverzoek (AVG art. 15)"
    PRIVACY_SUPERVISION = "toezicht op gebruik (privacyfunctionaris)"
    RETENTION = "verwijdering na bewaartermijn"
    HANDOVER = "warme overdracht na verhuizing"


@dataclass(frozen=True)
class ClientAccess:
    """What one user may do with one client's file they can see."""

    may_change: bool
    hidden: frozenset[str]
    purpose: str

    def shows(self, section: str) -> bool:
        return section not in self.hidden


FULL_ACCESS = ClientAccess(may_change=True, hidden=frozenset(), purpose=Purpose.CASE_WORK)
# The receiving municipality before it accepted a handover: it reads the whole file, changes nothing.
HANDOVER_ACCESS = ClientAccess(may_change=False, hidden=frozenset(), purpose=Purpose.HANDOVER)
PARTNER_ACCESS = ClientAccess(
    may_change=False,
    hidden=frozenset({Section.IDENTITY, Section.NOTES, Section.CONSENTS, Section.REFERRALS}),
    purpose=Purpose.PARTNER_SHARE,
)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class _Grant:
    role: str
    organisation_id: int
    organisation_kind: str
    municipality_id: int | None
    region_id: int


def _grants(user: User) -> list[_Grant]:
    """The user's memberships, read once per request: every selector asks, the answer does not change."""
    if not _active(user):
        return []
    grants = getattr(user, "_policy_grants", None)
    if grants is None:
        grants = [
            _Grant(*row)
            for row in user.memberships.values_list(
                "role",
                "organisation_id",
                "organisation__kind",
                "organisation__municipality_id",
                "organisation__region_id",
            )
        ]
        user._policy_grants = grants  # type: ignore[attr-defined]
    return grants


# A system (an API client of the api app) acts for one organisation as a person of it in this role would:
# the same rules decide what it sees, without a membership row that would list it among the people.
SYSTEM_ROLE_BY_ORGANISATION_KIND = {
    OrganisationKind.MUNICIPALITY: Role.CASEWORKER,
    OrganisationKind.PARTNER: Role.PARTNER_WORKER,
    OrganisationKind.PROVIDER: Role.PARTNER_WORKER,
    OrganisationKind.EMPLOYER_SERVICE_POINT: Role.EMPLOYER_SERVICE,
    OrganisationKind.EMPLOYER: Role.EMPLOYER,
    # Aggregates only (the api app also limits its scopes to the monitoring figures).
    OrganisationKind.STATISTICS_OFFICE: Role.POLICY_ANALYST,
}


def act_for_organisation(user: User, organisation: Organisation) -> None:
    """Let the system account ``user`` be judged, for the rest of this request, as a person of
    ``organisation`` in the role :data:`SYSTEM_ROLE_BY_ORGANISATION_KIND` gives its kind. Only for accounts
    without memberships (the api app's system accounts); nothing is stored."""
    role = SYSTEM_ROLE_BY_ORGANISATION_KIND.get(OrganisationKind(organisation.kind))
    user._policy_grants = (  # type: ignore[attr-defined]
        []
        if role is None or not _active(user)
        else [
            _Grant(
                role, organisation.pk, organisation.kind, organisation.municipality_id, organisation.region_id
            )
        ]
    )


def _municipality_ids(user: User, roles: frozenset[str]) -> set[int]:
    """Municipalities of the user's municipal organisations in which they hold one of ``roles``."""
    return {
        grant.municipality_id
        for grant in _grants(user)
        if grant.role in roles
        and grant.organisation_kind == OrganisationKind.MUNICIPALITY
        and grant.municipality_id is not None
    }


def is_client(user: User) -> bool:
    """Whether ``user`` is a client's own account (see the module's docstring). The link lives with the
    case file, above this app; it is asked for by its name only."""
    return _active(user) and hasattr(user, "client_account")


def case_municipality_ids(user: User) -> set[int]:
    """Ids of the municipalities whose clients ``user`` may read and change."""
    return _municipality_ids(user, MUNICIPAL_CASE_ROLES)


def partner_organisation_ids(user: User) -> set[int]:
    """Ids of the partner organisations for which ``user`` works as partner worker."""
    return {
        grant.organisation_id
        for grant in _grants(user)
        if grant.role == Role.PARTNER_WORKER and grant.organisation_kind in PARTNER_ORGANISATION_KINDS
    }


def client_access(user: User, client: InMunicipality) -> ClientAccess:
    """What ``user`` may do with ``client``, who must come from a selector scoped by
    :func:`werkroute.cases.scope.client_scope`.

    A file on its way to another municipality carries ``handover_to_id`` (the receiving municipality,
    annotated by the selector that read it; absent or ``None`` otherwise)."""
    municipality_ids = case_municipality_ids(user)
    if client.municipality_id in municipality_ids:
        return FULL_ACCESS
    if getattr(client, "handover_to_id", None) in municipality_ids:
        return HANDOVER_ACCESS
    return PARTNER_ACCESS


def case_worker_filter(municipality_ids: set[int]) -> Q:
    """A filter on ``User``: who may be assigned as caseworker of clients in these municipalities."""
    return Q(
        is_active=True,
        memberships__role__in=MUNICIPAL_CASE_ROLES,
        memberships__organisation__kind=OrganisationKind.MUNICIPALITY,
        memberships__organisation__municipality_id__in=municipality_ids,
    )


def may_override_consent(user: User, client: InMunicipality) -> bool:
    """Share without consent: only with the separate permission, and only for clients one works on."""
    return (
        _active(user)
        and user.has_perm("cases.override_consent")
        and client.municipality_id in case_municipality_ids(user)
    )


def may_inspect_access(user: User) -> bool:
    """The privacy officer's pages: who looked at a file, and the export for an access request."""
    return _active(user) and user.has_perm("audit.inspect_access")


def privacy_municipality_ids(user: User) -> set[int]:
    """The municipalities a privacy officer supervises: those of the municipal organisations they belong
    to (whatever their role there); none without the permission."""
    if not may_inspect_access(user):
        return set()
    return {
        grant.municipality_id
        for grant in _grants(user)
        if grant.organisation_kind == OrganisationKind.MUNICIPALITY and grant.municipality_id is not None
    }


def privacy_scope(user: User) -> Q:
    """A filter on ``Client`` for the privacy officer: the clients of :func:`privacy_municipality_ids`."""
    if not may_inspect_access(user):
        return Q(pk__in=[])
    return Q(municipality_id__in=privacy_municipality_ids(user))


# --- Placements (the regional market) ---------------------------------------------------------------


def employer_service_region_ids(user: User) -> set[int]:
    """Regions whose employer service point ``user`` works for (role employer service)."""
    return {
        grant.region_id
        for grant in _grants(user)
        if grant.role == Role.EMPLOYER_SERVICE
        and grant.organisation_kind == OrganisationKind.EMPLOYER_SERVICE_POINT
    }


def employer_ids(user: User) -> set[int]:
    """Employer organisations ``user`` works for (role employer)."""
    return {
        grant.organisation_id
        for grant in _grants(user)
        if grant.role == Role.EMPLOYER and grant.organisation_kind == OrganisationKind.EMPLOYER
    }


def placement_scope(user: User) -> Q:
    """A filter on ``Placement``: which placements ``user`` may see.

    The employer service point sees every placement in its region; an employer its own; a caseworker or
    team lead the placements in the region of their municipality, to propose clients for. Nothing else.
    """
    region_ids = employer_service_region_ids(user)
    municipality_ids = case_municipality_ids(user)
    if municipality_ids:
        region_ids |= set(
            Municipality.objects.filter(pk__in=municipality_ids).values_list("region_id", flat=True)
        )
    own = employer_ids(user)
    if not region_ids and not own:
        return Q(pk__in=[])
    return Q(employer__region_id__in=region_ids) | Q(employer_id__in=own)


def may_list_candidates(user: User) -> bool:
    """Whether ``user`` sees the list of best-fitting candidates of a placement: caseworkers and team
    leads (their own municipality's clients by name, others by pseudonym) and the employer service point
    (by pseudonym). Not employers: they see only candidates referred to them, as a work profile."""
    return bool(case_municipality_ids(user) or employer_service_region_ids(user))


def placement_employer_scope(user: User) -> Q:
    """A filter on ``Organisation``: the employers for whom ``user`` may add and change placements."""
    region_ids = employer_service_region_ids(user)
    own = employer_ids(user)
    if not region_ids and not own:
        return Q(pk__in=[])
    return Q(kind=OrganisationKind.EMPLOYER) & (Q(region_id__in=region_ids) | Q(pk__in=own))


# Monitoring: aggregates only, with disclosure control (see werkroute.monitoring.disclosure).
# Caseworkers and team leads of a municipal organisation see their municipality's dashboard; policy
# analysts see their municipality's and their labour market region's figures. A policy analyst of an
# organisation that works for the whole region (an employer service point, a partner) sees the region.
# Everyone with a monitoring view sees the national figures beside their own.
MONITORING_MUNICIPAL_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_LEAD, Role.POLICY_ANALYST})


def monitoring_is_national(user: User) -> bool:
    """Whether ``user`` sees the figures of every area: a policy analyst of the statistics office (its
    system acts in that role), which publishes them for the whole country."""
    return any(
        grant.role == Role.POLICY_ANALYST and grant.organisation_kind == OrganisationKind.STATISTICS_OFFICE
        for grant in _grants(user)
    )


def monitoring_municipality_ids(user: User) -> set[int]:
    """Ids of the municipalities whose aggregate figures ``user`` may see."""
    if monitoring_is_national(user):
        return set(Municipality.objects.values_list("pk", flat=True))
    return _municipality_ids(user, MONITORING_MUNICIPAL_ROLES)


def may_view_monitoring(user: User) -> bool:
    """Whether ``user`` has any monitoring view (for the menu; answered from the cached memberships)."""
    return bool(monitoring_municipality_ids(user)) or any(
        grant.role == Role.POLICY_ANALYST for grant in _grants(user)
    )


def monitoring_region_ids(user: User) -> set[int]:
    """Ids of the labour market regions whose aggregate figures ``user`` may see: policy analysts only."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if monitoring_is_national(user):
        return set(Region.objects.values_list("pk", flat=True))
    return set(
        user.memberships.filter(role=Role.POLICY_ANALYST).values_list("organisation__region_id", flat=True)
    )


def may_view_team(user: User, municipality_id: int) -> bool:
    """Whether ``user`` leads a team of caseworkers of this municipality (the team lead's view)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.memberships.filter(
        role=Role.TEAM_LEAD,
        organisation__kind=OrganisationKind.MUNICIPALITY,
        organisation__municipality_id=municipality_id,
    ).exists()


# --- Administration (the functional administrator) -------------------------------------------------------

# Roles and permissions that open case files. Nobody grants these to themselves: a second administrator
# must (four eyes), so that an administrator cannot quietly give themselves access to clients' files.
CASE_FILE_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_LEAD, Role.PARTNER_WORKER})
CASE_FILE_PERMISSIONS = frozenset({"cases.override_consent", "audit.inspect_access"})


# --- Knowledge base (the catalogue of interventions) --------------------------------------------------

# Every role that works inside the platform reads the catalogue and the measured outcomes (aggregates,
# with small cells suppressed); employers and clients are outside it.
KNOWLEDGE_ROLES = frozenset(
    {
        Role.CASEWORKER,
        Role.TEAM_LEAD,
        Role.PARTNER_WORKER,
        Role.EMPLOYER_SERVICE,
        Role.POLICY_ANALYST,
        Role.ADMINISTRATOR,
    }
)


def may_read_knowledge(user: User) -> bool:
    """The catalogue of interventions and its measured outcomes: every staff role."""
    return any(grant.role in KNOWLEDGE_ROLES for grant in _grants(user))


def may_edit_knowledge(user: User) -> bool:
    """Editing and importing the catalogue, and asking for a new measurement: the separate permission
    ``knowledge.edit_catalogue``, given to named people (knowledge editors), on top of a staff role."""
    return may_read_knowledge(user) and user.has_perm("knowledge.edit_catalogue")


def administration_region_ids(user: User) -> set[int]:
    """Regions whose organisations, users and reference data ``user`` administers (role administrator)."""
    return {grant.region_id for grant in _grants(user) if grant.role == Role.ADMINISTRATOR}


def may_administer(user: User) -> bool:
    """Whether ``user`` may use the administration screens (never case content)."""
    return any(grant.role == Role.ADMINISTRATOR for grant in _grants(user))


def grant_sees_case_files(*, role: str | None = None, permission: str | None = None) -> bool:
    """Whether a role or a permission (``app_label.codename``) opens clients' files."""
    return (role is not None and role in CASE_FILE_ROLES) or (
        permission is not None and permission in CASE_FILE_PERMISSIONS
    )
