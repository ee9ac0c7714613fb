"""Every role × every page and action × a client inside and outside the role's scope.

The pages come from the URL configuration itself, so a new page is covered without anyone remembering to
add it: a page that is not classified below fails ``test_every_page_is_classified``. What each role may
do is written here as the expectation, independently of ``accounts.policies``, which it checks.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.audit.tests.helpers import assert_audited
from werkroute.cases.models import ConsentScope
from werkroute.cases.tests.factories import (
    ClientAccountFactory,
    ClientFactory,
    ConsentFactory,
    url_kwargs_for,
)
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix=""):  # type: ignore[no-untyped-def]
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django's admin checks is_staff and model permissions itself; see test_admin_site
            if entry.app_name == "api-v1":
                # Systems with OAuth2 tokens, not people with sessions: every operation is checked for every
                # kind of organisation by api/tests/test_permission_matrix.py, generated from the OpenAPI
                # document, and audited as api/tests/test_client_credentials.py shows.
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


PAGES = dict(_walk(get_resolver().url_patterns))

# Kinds of page. Open to all: before or around logging in. Any user: pages without personal data of
# clients. Caseload: lists and registration, for people with a caseload. Client read / change: one client.
# Privacy: the privacy officer's pages, for holders of the audit.inspect_access permission only.
OPEN, ANY_USER, CASELOAD, CLIENT_READ, CLIENT_CHANGE = "open", "any", "caseload", "read", "change"
PRIVACY = "privacy"
# Shared: the partner worker's list of files shared with their organisation.
SHARED = "shared"
MARKET = "market"
# Monitoring: aggregates of a municipality or region, never one client (see monitoring/tests for more).
MONITORING = "monitoring"
# The functional administrator's screens, and the start pages of the market's two outside roles.
ADMINISTRATION, SERVICE_POINT, EMPLOYER = "administration", "service_point", "employer"
# For machines (load balancer, service manager): public, and never personal data. Metrics: a token.
HEALTH, METRICS = "health", "metrics"
# The client's own portal: their own file only, for a client's account; 404 for every other account.
PORTAL = "portal"
# The knowledge base: the catalogue and its measured outcomes (aggregates) for every staff role; its
# editing for holders of the knowledge.edit_catalogue permission only.
KNOWLEDGE, KNOWLEDGE_EDIT = "knowledge", "knowledge_edit"
# The team lead's overview of the team's signals and clients without a caseworker.
TEAM = "team"
# A partner's report on an activity its own organisation runs for a client who shares the file with it.
PARTNER_REPORT = "partner_report"
CLASSIFICATION = {
    "login": OPEN,
    "home": ANY_USER,
    "cases:shared": SHARED,
    "logout": OPEN,
    "set_language": OPEN,
    "keep_alive": ANY_USER,
    "two_factor_verify": OPEN,
    "two_factor_setup": ANY_USER,
    "taxonomy:search": ANY_USER,
    "cases:caseload": CASELOAD,
    "cases:client_create": CASELOAD,
    "cases:client": CLIENT_READ,
    "cases:plan_version": CLIENT_READ,
    "cases:client_edit": CLIENT_CHANGE,
    "cases:intake": CLIENT_CHANGE,
    "cases:plan_create": CLIENT_CHANGE,
    "cases:activity_create": CLIENT_CHANGE,
    "cases:activity_transition": CLIENT_CHANGE,
    "cases:episode_create": CLIENT_CHANGE,
    "cases:episode_end": CLIENT_CHANGE,
    "cases:note_create": CLIENT_CHANGE,
    "cases:consent_create": CLIENT_CHANGE,
    "cases:consent_withdraw": CLIENT_CHANGE,
    "privacy:search": PRIVACY,
    "privacy:client": PRIVACY,
    "privacy:export_json": PRIVACY,
    "privacy:export_html": PRIVACY,
    # The regional market: scoped by accounts.policies.placement_scope, tested in placements/tests.
    "placements:list": MARKET,
    "placements:create": MARKET,
    "placements:batch": MARKET,
    "placements:detail": MARKET,
    "placements:edit": MARKET,
    "placements:referrals": MARKET,
    "placements:client": CLIENT_CHANGE,
    "placements:algorithm_register": ANY_USER,
    "monitoring:index": ANY_USER,
    "monitoring:refresh": MONITORING,
    "monitoring:municipality": MONITORING,
    "monitoring:team": MONITORING,
    "monitoring:council_report": MONITORING,
    "monitoring:region": MONITORING,
    "monitoring:download": MONITORING,
    "placements:service_point": SERVICE_POINT,
    # The national batch: the service point of a region that opted in (the world's region does; a
    # region that did not is refused in placements/tests/test_national_batch.py).
    "placements:national_batch": SERVICE_POINT,
    "placements:employer": EMPLOYER,
    "administration:index": ADMINISTRATION,
    "administration:organisations": ADMINISTRATION,
    "administration:organisation_create": ADMINISTRATION,
    "administration:organisation_edit": ADMINISTRATION,
    "administration:users": ADMINISTRATION,
    "administration:user_create": ADMINISTRATION,
    "administration:user": ADMINISTRATION,
    "administration:regions": ADMINISTRATION,
    "administration:region": ADMINISTRATION,
    "administration:target_groups": ADMINISTRATION,
    "administration:target_group_create": ADMINISTRATION,
    "administration:target_group_edit": ADMINISTRATION,
    "administration:imports": ADMINISTRATION,
    "health_live": HEALTH,
    "health_ready": HEALTH,
    "metrics": METRICS,
    "cases:inbox": CASELOAD,
    # Warm handovers: the list and the request by BSN are for people with a caseload; one client's
    # handover page is the sending side's change, or the receiving side's read while it waits (below).
    "cases:handovers": CASELOAD,
    "cases:handover_request": CASELOAD,
    "cases:handover": CLIENT_CHANGE,
    "cases:messages": CLIENT_CHANGE,
    "portal:preview": CLIENT_CHANGE,
    "portal:login": OPEN,
    "portal:logout": OPEN,
    "portal:language": OPEN,
    "portal:digid": OPEN,
    "portal:digid_callback": OPEN,
    "portal:digid_unknown": OPEN,
    "portal:start": PORTAL,
    "portal:plan": PORTAL,
    "portal:activities": PORTAL,
    "portal:proposals": PORTAL,
    "portal:consents": PORTAL,
    "portal:messages": PORTAL,
    "portal:data": PORTAL,
    "portal:export": PORTAL,
    "knowledge:catalogue": KNOWLEDGE,
    "knowledge:intervention": KNOWLEDGE,
    "knowledge:intervention_history": KNOWLEDGE,
    "knowledge:catalogue_export": KNOWLEDGE,
    "knowledge:intervention_create": KNOWLEDGE_EDIT,
    "knowledge:intervention_edit": KNOWLEDGE_EDIT,
    "knowledge:catalogue_import": KNOWLEDGE_EDIT,
    "knowledge:measure": KNOWLEDGE_EDIT,
    # Suggestions for one client and linking their activity: the case file's change rights.
    "knowledge:client_suggestions": CLIENT_CHANGE,
    "knowledge:activity_link": CLIENT_CHANGE,
    # Follow-up: a signal belongs to one client; changing it is changing that client's file.
    "followup:snooze": CLIENT_CHANGE,
    "followup:dismiss": CLIENT_CHANGE,
    "followup:check_in": CLIENT_CHANGE,
    "followup:report_back": PARTNER_REPORT,
    "followup:team": TEAM,
}

# Which roles reach which kind of page for a client inside their scope. Everything else is refused.
ALLOWED = {
    CASELOAD: {Role.CASEWORKER, Role.TEAM_LEAD},
    SHARED: {Role.PARTNER_WORKER},
    CLIENT_READ: {Role.CASEWORKER, Role.TEAM_LEAD, Role.PARTNER_WORKER},
    CLIENT_CHANGE: {Role.CASEWORKER, Role.TEAM_LEAD},
    ADMINISTRATION: {Role.ADMINISTRATOR},
    SERVICE_POINT: {Role.EMPLOYER_SERVICE},
    EMPLOYER: {Role.EMPLOYER},
    PORTAL: {Role.CLIENT},
    KNOWLEDGE: set(Role) - {Role.EMPLOYER, Role.CLIENT},
    TEAM: {Role.TEAM_LEAD},
    PARTNER_REPORT: {Role.PARTNER_WORKER},
}

CLIENT_PAGES = [name for name, kind in CLASSIFICATION.items() if kind in (CLIENT_READ, CLIENT_CHANGE)]


def test_every_page_is_classified():
    unclassified = sorted(set(PAGES) - set(CLASSIFICATION))
    assert not unclassified, f"Classify these pages in the permission matrix: {unclassified}"
    assert not set(CLASSIFICATION) - set(PAGES), "The matrix names pages that no longer exist"


@dataclass
class World:
    users: dict[str, object]
    inside: object  # a client every role with client access may see
    outside: object  # a client of another municipality in the same region
    unshared: object  # a client of the same municipality who did not consent to sharing


@pytest.fixture
def world(municipality, other_municipality):
    region = municipality.region
    region.national_market = True
    region.save()
    organisations = {
        Role.CASEWORKER: OrganisationFactory(
            kind=OrganisationKind.MUNICIPALITY, municipality=municipality, region=region
        ),
        Role.PARTNER_WORKER: OrganisationFactory(kind=OrganisationKind.PARTNER, region=region),
        Role.EMPLOYER_SERVICE: OrganisationFactory(
            kind=OrganisationKind.EMPLOYER_SERVICE_POINT, region=region
        ),
        Role.EMPLOYER: OrganisationFactory(kind=OrganisationKind.EMPLOYER, region=region),
    }
    home = organisations[Role.CASEWORKER]
    users = {}
    for role in Role:
        users[role] = UserFactory(username=f"rol-{role}")
        if role != Role.CLIENT:  # a client's account holds no membership: it is linked to their file
            MembershipFactory(user=users[role], organisation=organisations.get(role, home), role=role)
    inside = ClientFactory(municipality=municipality, first_name="Binnenvoornaam", last_name="Binnenscope")
    ClientAccountFactory(user=users[Role.CLIENT], client=inside)
    ConsentFactory(
        client=inside,
        scope=ConsentScope.SHARE_FILE_WITH_PARTNER,
        organisation=organisations[Role.PARTNER_WORKER],
        given_on=dt.date.today() - dt.timedelta(days=30),
    )
    outside = ClientFactory(municipality=other_municipality, last_name="Buitenscope")
    unshared = ClientFactory(municipality=municipality, last_name="Nietgedeeld")
    return World(users=users, inside=inside, outside=outside, unshared=unshared)


def _unmasked(content: bytes, requested: uuid.UUID) -> bytes:
    content = content.replace(str(requested).encode(), b"ID")
    content = re.sub(rb'"X-CSRFToken": "[^"]*"', b"", content)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def _kwargs(name: str, person) -> dict:  # type: ignore[no-untyped-def]
    return url_kwargs_for(PAGES[name], person)


def _expected_get(kind: str, role: str) -> int:
    if kind in (CASELOAD, SHARED):
        return 200 if role in ALLOWED[kind] else 403
    return 200 if role in ALLOWED[kind] else 404


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", [*CLIENT_PAGES, "cases:caseload", "cases:client_create", "cases:shared"])
def test_role_inside_scope(client, world, role, name):
    kind = CLASSIFICATION[name]
    kwargs = _kwargs(name, world.inside) if kind not in (CASELOAD, SHARED) else {}
    client.force_login(world.users[role])
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == _expected_get(kind, role), (role, name)
    content = response.content.decode()
    for stranger in (world.outside, world.unshared if role == Role.PARTNER_WORKER else None):
        if stranger is not None:
            assert stranger.last_name not in content
    if response.status_code == 404:
        assert world.inside.last_name not in content


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", CLIENT_PAGES)
def test_role_outside_scope_gets_404_and_nothing_changes(client, world, role, name):
    strangers = [world.outside] + ([world.unshared] if role == Role.PARTNER_WORKER else [])
    if role not in ALLOWED[CLIENT_READ]:
        strangers.append(world.unshared)
    client.force_login(world.users[role])
    for stranger in strangers:
        url = reverse(name, kwargs=_kwargs(name, stranger))
        events_before = stranger.timeline_events.count()
        refused_before = AuditEvent.objects.filter(action=AuditAction.REFUSED).count()
        got = client.get(url)
        posted = client.post(url, {"text": "x", "end_date": "2024-01-01", "method": "paper"})
        assert got.status_code == 404, (role, name)
        assert posted.status_code in (404, 405), (role, name)
        assert stranger.last_name not in got.content.decode() + posted.content.decode()
        assert stranger.timeline_events.count() == events_before
        assert AuditEvent.objects.filter(action=AuditAction.REFUSED).count() > refused_before


@pytest.mark.parametrize("role", list(Role))
def test_missing_client_looks_the_same_as_an_out_of_scope_one(client, world, role):
    client.force_login(world.users[role])
    missing_id = uuid.uuid4()
    missing = client.get(reverse("cases:client", kwargs={"client_id": missing_id}))
    outside = client.get(reverse("cases:client", kwargs={"client_id": world.outside.pk}))
    assert missing.status_code == outside.status_code == 404
    # Apart from the requested id (the language switch returns to it) and the CSRF token, masked afresh on
    # every response, the two answers must be identical.
    assert _unmasked(missing.content, missing_id) == _unmasked(outside.content, world.outside.pk)


def test_withdrawn_consent_ends_the_partners_access_at_once(client, world):
    from werkroute.cases import services

    partner = world.users[Role.PARTNER_WORKER]
    client.force_login(partner)
    url = reverse("cases:client", kwargs={"client_id": world.inside.pk})
    assert client.get(url).status_code == 200
    consent = world.inside.consents.get()
    services.withdraw_consent(world.users[Role.CASEWORKER], consent, "portal")
    assert client.get(url).status_code == 404


def test_expired_consent_gives_no_access(client, world):
    consent = world.inside.consents.get()
    consent.valid_until = dt.date.today() - dt.timedelta(days=1)
    consent.save()
    client.force_login(world.users[Role.PARTNER_WORKER])
    assert client.get(reverse("cases:client", kwargs={"client_id": world.inside.pk})).status_code == 404


def test_partner_sees_the_file_without_identity_notes_or_change_links(client, world):
    world.inside.bsn = "111222333"
    world.inside.email = "klant@example.org"
    world.inside.save()
    client.force_login(world.users[Role.PARTNER_WORKER])
    content = client.get(reverse("cases:client", kwargs={"client_id": world.inside.pk})).content.decode()
    assert world.inside.last_name in content
    assert "111222333" not in content and "klant@example.org" not in content
    for change_page in ("client_edit", "intake", "note_create", "consent_create"):
        assert reverse(f"cases:{change_page}", kwargs={"client_id": world.inside.pk}) not in content


def test_a_partner_of_another_organisation_sees_nothing(client, world, municipality):
    other_partner = OrganisationFactory(kind=OrganisationKind.PARTNER, region=municipality.region)
    user = UserFactory()
    MembershipFactory(user=user, organisation=other_partner, role=Role.PARTNER_WORKER)
    client.force_login(user)
    assert client.get(reverse("cases:client", kwargs={"client_id": world.inside.pk})).status_code == 404


def test_a_partner_role_at_a_municipality_is_not_a_partner(client, world, municipality):
    """The role is only meaningful at a partner or provider: the consent names organisations, not roles."""
    user = UserFactory()
    MembershipFactory(
        user=user,
        organisation=OrganisationFactory(
            kind=OrganisationKind.MUNICIPALITY, municipality=MunicipalityFactory(), region=municipality.region
        ),
        role=Role.PARTNER_WORKER,
    )
    client.force_login(user)
    assert client.get(reverse("cases:client", kwargs={"client_id": world.inside.pk})).status_code == 404


def test_admin_site_holds_no_case_content():
    """The administrator manages users, organisations and reference data, never case content: no model
    of the case file or the audit log, nor one pointing at a client, is registered in the admin site."""
    from django.contrib import admin

    from werkroute.cases.models import Client

    registered = list(admin.site._registry)
    assert registered, "the admin site registers nothing: this test would prove nothing"
    for model, model_admin in admin.site._registry.items():
        shown = [model, *(inline.model for inline in model_admin.inlines)]
        for each in shown:
            assert each._meta.app_label not in {"cases", "audit"}, each
            pointing_at = {field.related_model for field in each._meta.get_fields() if field.concrete}
            assert Client not in pointing_at, each


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", [name for name, kind in CLASSIFICATION.items() if kind == PRIVACY])
def test_no_role_by_itself_reaches_the_privacy_pages(client, world, role, name):
    """Only the separate permission opens them, whatever the role; see audit/tests/test_privacy_officer.py."""
    client.force_login(world.users[role])
    kwargs = url_kwargs_for(PAGES[name], world.inside) if PAGES[name].pattern.converters else {}
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 403
    assert world.inside.last_name not in response.content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_the_start_page_leads_each_role_where_it_may_go(client, world, role):
    client.force_login(world.users[role])
    response = client.get(reverse("home"))
    expected = {
        Role.CASEWORKER: reverse("cases:caseload"),
        Role.TEAM_LEAD: reverse("cases:caseload"),
        Role.PARTNER_WORKER: reverse("cases:shared"),
        Role.POLICY_ANALYST: reverse("monitoring:index"),
        Role.ADMINISTRATOR: reverse("administration:index"),
        Role.EMPLOYER_SERVICE: reverse("placements:service_point"),
        Role.EMPLOYER: reverse("placements:employer"),
        Role.CLIENT: reverse("portal:start"),
    }
    if role in expected:
        assert response.status_code == 302 and response.url == expected[role]
    else:
        assert response.status_code == 403


def test_the_partner_list_shows_the_shared_file_only(client, world):
    client.force_login(world.users[Role.PARTNER_WORKER])
    content = client.get(reverse("cases:shared")).content.decode()
    assert world.inside.last_name in content
    assert world.unshared.last_name not in content and world.outside.last_name not in content
    assert_audited(object_type="client_list", changes__clients=[str(world.inside.pk)])


@pytest.mark.parametrize("role", list(Role))
def test_the_municipality_dashboard_opens_to_its_caseworkers_team_leads_and_policy_analysts(
    client, world, role
):
    from werkroute.monitoring import services

    services.refresh()
    client.force_login(world.users[role])
    code = world.inside.municipality.code
    dashboard = client.get(reverse("monitoring:municipality", kwargs={"code": code}))
    download = client.get(
        reverse("monitoring:download", kwargs={"level": "gemeente", "code": code, "fmt": "csv"})
    )
    team = client.get(reverse("monitoring:team", kwargs={"code": code}))
    allowed = role in {Role.CASEWORKER, Role.TEAM_LEAD, Role.POLICY_ANALYST}
    assert dashboard.status_code == download.status_code == (200 if allowed else 404), role
    assert team.status_code == (200 if role == Role.TEAM_LEAD else 404), role
    for response in (dashboard, download, team):
        assert world.inside.last_name not in response.content.decode()


def _role_page_kwargs(name: str, world: World) -> dict[str, int]:
    from werkroute.cases.models import TargetGroup

    converters = PAGES[name].pattern.converters
    objects = {
        "organisation_id": lambda: world.users[Role.CASEWORKER].memberships.get().organisation_id,
        "user_id": lambda: world.users[Role.CASEWORKER].pk,
        "region_id": lambda: world.inside.municipality.region_id,
        "target_group_id": lambda: TargetGroup.objects.get(code="statushouder").pk,
    }
    return {key: objects[key]() for key in converters}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(
    "name",
    [name for name, kind in CLASSIFICATION.items() if kind in (ADMINISTRATION, SERVICE_POINT, EMPLOYER)],
)
def test_role_pages_open_to_their_role_only(client, world, role, name):
    """The administrator's screens and the start pages of the service point and the employer: 200 for
    their role, 403 for every other, and never a client's name."""
    client.force_login(world.users[role])
    response = client.get(reverse(name, kwargs=_role_page_kwargs(name, world)))
    assert response.status_code == (200 if role in ALLOWED[CLASSIFICATION[name]] else 403), (role, name)
    content = response.content.decode()
    for person in (world.inside, world.outside, world.unshared):
        assert person.last_name not in content


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", [name for name, kind in CLASSIFICATION.items() if kind == PORTAL])
def test_portal_pages_open_to_the_clients_own_account_only(client, world, role, name):
    """Every portal page: the client's own file for their account, 404 for every staff account (and
    nothing of any client), the sign-in page for nobody logged in."""
    client.force_login(world.users[role])
    response = client.get(reverse(name))
    content = response.content.decode()
    if role == Role.CLIENT:
        assert response.status_code == 200, name
        assert world.inside.first_name in content or name != "portal:start"
    else:
        assert response.status_code == 404, (role, name)
        assert world.inside.first_name not in content
    for stranger in (world.outside, world.unshared):
        assert stranger.last_name not in content
    client.logout()
    anonymous = client.get(reverse(name))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("portal:login"))


# --- Consent at the moment of the read, on every page (issue: a withdrawal did not stop the employer) ---


def _consented_candidate(world, municipality):  # type: ignore[no-untyped-def]
    """The inside client, with an intake, a consent to share the work profile and a referral sent to the
    world's employer; returns the placement."""
    from werkroute.cases.services import give_consent
    from werkroute.cases.tests.factories import IntakeFactory
    from werkroute.placements import services as placements
    from werkroute.placements.tests.factories import PlacementFactory
    from werkroute.regions.tests.factories import PostcodeAreaFactory

    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    person = world.inside
    person.postcode = f"{area.pc4} AB"
    person.save()
    IntakeFactory(client=person)
    caseworker = world.users[Role.CASEWORKER]
    give_consent(
        caseworker,
        person,
        {
            "scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS,
            "given_on": dt.date.today() - dt.timedelta(days=5),
            "method": "paper",
        },
    )
    employer = world.users[Role.EMPLOYER].memberships.get().organisation
    placement = PlacementFactory(employer=employer, postcode=area)
    referral = placements.propose_referral(caseworker, person, placement)
    placements.send_to_employer(caseworker, placements.record_client_consent(caseworker, referral))
    return placement


def _pages_about(world, placement):  # type: ignore[no-untyped-def]
    """Every page that can be built for the inside client or the placement (GET), from the URL conf."""
    client_converters = {"client_id", "activity_id", "episode_id", "number", "consent_id"}
    for name, pattern in PAGES.items():
        converters = set(pattern.pattern.converters)
        if not converters <= client_converters | {"placement_id"} or CLASSIFICATION[name] == OPEN:
            continue
        kwargs = _kwargs(name, world.inside) if converters & client_converters else {}
        if "placement_id" in converters:
            kwargs["placement_id"] = placement.pk
        yield name, reverse(name, kwargs=kwargs)


MUNICIPAL_ROLES = {Role.CASEWORKER, Role.TEAM_LEAD}


@pytest.mark.parametrize("role", sorted(set(Role) - MUNICIPAL_ROLES))
def test_outside_the_municipality_no_page_names_a_candidate_and_none_shows_them_after_withdrawal(
    client, world, municipality, role
):
    """Before: only a referral's work profile (the first name) reaches the employer side, never the full
    name or a scored list with names. After the client withdrew every consent: nothing on any page."""
    from werkroute.cases.services import withdraw_consent

    placement = _consented_candidate(world, municipality)
    client.force_login(world.users[role])
    # The client's own portal names the client to the client themselves: that is no leak.
    pages = [
        (name, url)
        for name, url in _pages_about(world, placement)
        if not (role == Role.CLIENT and CLASSIFICATION[name] == PORTAL)
    ]
    assert any(name == "placements:referrals" for name, _url in pages)
    for name, url in pages:
        content = client.get(url).content.decode()
        if name.startswith("placements:"):
            assert world.inside.last_name not in content, (role, name)

    for consent in world.inside.consents.filter(withdrawn_on__isnull=True):
        withdraw_consent(world.users[Role.CASEWORKER], consent, "portal")
    for name, url in pages:
        content = client.get(url).content.decode()
        assert world.inside.first_name not in content and world.inside.last_name not in content, (role, name)


def test_the_employer_saw_the_work_profile_before_the_withdrawal(client, world, municipality):
    """The test above would prove nothing if the employer never saw the candidate at all."""
    placement = _consented_candidate(world, municipality)
    client.force_login(world.users[Role.EMPLOYER])
    content = client.get(reverse("placements:referrals", kwargs={"placement_id": placement.pk})).content
    assert world.inside.first_name in content.decode()


def test_every_download_is_audited(client, world, municipality):
    """Every page that answers with a file (figures, reports, access-request exports) writes an export
    entry: who took what home. Pages found from the URL configuration; asked by the roles that have
    downloads (a caseworker who is also privacy officer, a policy analyst), so that every download opens."""
    from django.contrib.auth.models import Permission

    from werkroute.monitoring import services as monitoring

    monitoring.refresh()
    officer = world.users[Role.CASEWORKER]
    officer.user_permissions.add(Permission.objects.get(codename="inspect_access"))
    path_values = {"code": municipality.code, "level": "gemeente", "kind": "occupation"}
    downloads = set()
    for name, pattern in PAGES.items():
        converters = set(pattern.pattern.converters)
        client_side = converters - set(path_values) - {"fmt"}
        if client_side - {"client_id", "activity_id", "episode_id", "number", "consent_id"}:
            continue
        for fmt in ("csv", "json", "xlsx", "parquet") if "fmt" in converters else (None,):
            kwargs = {key: value for key, value in path_values.items() if key in converters}
            if fmt:
                kwargs["fmt"] = fmt
            if client_side:
                kwargs.update(_kwargs(name, world.inside))
            for user in (officer, world.users[Role.POLICY_ANALYST]):
                client.force_login(user)
                exports_before = AuditEvent.objects.filter(
                    action=AuditAction.EXPORT, actor_id=user.pk
                ).count()
                response = client.get(reverse(name, kwargs=kwargs))
                if "attachment" in response.get("Content-Disposition", ""):
                    downloads.add(name)
                    exported = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor_id=user.pk).count()
                    assert exported > exports_before, (name, fmt, user)
    assert {"monitoring:download", "monitoring:council_report"} <= downloads


@pytest.mark.parametrize("role", [None, *Role])
def test_health_pages_are_public_and_hold_no_personal_data(client, world, role):
    if role is not None:
        client.force_login(world.users[role])
    for name in (name for name, kind in CLASSIFICATION.items() if kind == HEALTH):
        response = client.get(reverse(name))
        assert response.status_code == 200, (role, name)
        content = response.content.decode()
        for person in (world.inside, world.outside, world.unshared):
            assert person.last_name not in content and str(person.pk) not in content
        assert set(response.json()) <= {"status", "checks"}


@pytest.mark.parametrize("role", [None, *Role])
def test_metrics_need_the_token_whatever_the_role(client, world, role, settings):
    settings.WERKROUTE_METRICS_TOKEN = "matrix-token"
    if role is not None:
        client.force_login(world.users[role])
    assert client.get(reverse("metrics")).status_code == 401
    response = client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer matrix-token")
    assert response.status_code == 200
    assert world.inside.last_name not in response.content.decode()


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(
    "name", [name for name, kind in CLASSIFICATION.items() if kind in (KNOWLEDGE, KNOWLEDGE_EDIT)]
)
def test_the_knowledge_base_opens_to_staff_and_its_editing_to_the_permission_only(client, world, role, name):
    """The catalogue: 200 for every staff role, 403 for the employer and the client; editing, import and
    a new measurement: 403 for every role by itself (see knowledge/tests for the knowledge editor)."""
    from werkroute.knowledge.tests.factories import InterventionFactory

    intervention = InterventionFactory()
    client.force_login(world.users[role])
    kwargs = {"intervention_id": intervention.pk} if PAGES[name].pattern.converters else {}
    response = client.get(reverse(name, kwargs=kwargs))
    if CLASSIFICATION[name] == KNOWLEDGE:
        assert response.status_code == (200 if role in ALLOWED[KNOWLEDGE] else 403), (role, name)
    else:
        assert response.status_code in (403, 405), (role, name)
        assert client.post(reverse(name, kwargs=kwargs), {"name": "x"}).status_code == 403
    content = response.content.decode()
    for person in (world.inside, world.outside, world.unshared):
        assert person.last_name not in content


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", [name for name, kind in CLASSIFICATION.items() if kind == TEAM])
def test_the_team_pages_open_to_team_leads_only_and_name_only_their_municipalitys_clients(
    client, world, role, name
):
    client.force_login(world.users[role])
    response = client.get(reverse(name))
    assert response.status_code == (200 if role in ALLOWED[TEAM] else 403), (role, name)
    content = response.content.decode()
    assert world.outside.last_name not in content
    if response.status_code == 200:
        # Clients of the team's own municipality without a caseworker are what the page is for.
        assert world.inside.last_name in content
    else:
        assert world.inside.last_name not in content


@pytest.mark.parametrize("role", list(Role))
def test_only_the_partner_reports_back_and_only_on_its_own_activity_of_a_shared_file(client, world, role):
    from werkroute.cases.tests.factories import ActivityFactory

    partner = world.users[Role.PARTNER_WORKER].memberships.get().organisation
    own = ActivityFactory(client=world.inside, provider=partner)
    other_provider = ActivityFactory(
        client=world.inside,
        provider=OrganisationFactory(kind=OrganisationKind.PROVIDER, region=partner.region),
    )
    not_shared = ActivityFactory(client=world.unshared, provider=partner)
    client.force_login(world.users[role])

    def status(activity) -> int:  # type: ignore[no-untyped-def]
        url = reverse(
            "followup:report_back", kwargs={"client_id": activity.client_id, "activity_id": activity.pk}
        )
        return client.get(url).status_code

    assert status(own) == (200 if role in ALLOWED[PARTNER_REPORT] else 404), role
    assert status(other_provider) == 404
    assert status(not_shared) == 404


# --- Warm handovers: who sees a file on its way to another municipality, and after -----------------------


def _handed_over(world, other_municipality):  # type: ignore[no-untyped-def]
    from werkroute.cases import handovers

    sender = world.users[Role.CASEWORKER]
    return handovers.send_handover(
        sender,
        world.inside,
        {
            "to_municipality": other_municipality,
            "moved_on": dt.date.today(),
            "ground": "legal_basis",
            "legal_basis": "wet_inburgering_2021",
            "note": "Overdrachtsnotitie",
        },
    )


@pytest.mark.parametrize("receiving_role", [Role.CASEWORKER, Role.TEAM_LEAD])
@pytest.mark.parametrize("name", CLIENT_PAGES)
def test_a_handover_opens_the_file_to_the_receiving_municipality_for_reading_only(
    client, world, other_municipality, receiving_role, name
):
    from werkroute.accounts.tests.factories import caseworker_of

    _handed_over(world, other_municipality)
    client.force_login(caseworker_of(other_municipality, role=receiving_role))
    response = client.get(reverse(name, kwargs=_kwargs(name, world.inside)))
    # Reading the file and the handover page itself, to decide on it; nothing that changes the file.
    expected = 200 if CLASSIFICATION[name] == CLIENT_READ or name == "cases:handover" else 404
    assert response.status_code == expected, (receiving_role, name)


@pytest.mark.parametrize("name", CLIENT_PAGES)
def test_after_acceptance_the_file_is_the_receivers_and_the_sender_has_lost_it(
    client, world, other_municipality, name
):
    from werkroute.accounts.tests.factories import caseworker_of
    from werkroute.cases import handovers

    receiver = caseworker_of(other_municipality)
    handovers.accept_handover(receiver, _handed_over(world, other_municipality))
    url = reverse(name, kwargs=_kwargs(name, world.inside))
    for role in (Role.CASEWORKER, Role.TEAM_LEAD):
        client.force_login(world.users[role])
        response = client.get(url)
        assert response.status_code == 404, (role, name)
        assert world.inside.last_name not in response.content.decode()
    client.force_login(receiver)
    response = client.get(url)
    # The handover page of a file without an open handover is the form to hand it over again.
    assert response.status_code == 200, name


def test_a_partners_consent_ends_with_the_file_at_the_receiving_municipality(
    client, world, other_municipality
):
    """The consent to share the file with a partner was given to the sending municipality: once the
    receiving municipality accepts the file, it opens no page of it to the partner (a new consent from the
    receiving side would); until then the file, and so the consent, is still the sender's."""
    from werkroute.accounts.tests.factories import caseworker_of
    from werkroute.cases import handovers
    from werkroute.cases.tests.factories import ActivityFactory

    partner_worker = world.users[Role.PARTNER_WORKER]
    partner = partner_worker.memberships.get().organisation
    activity = ActivityFactory(client=world.inside, provider=partner)
    report_url = reverse(
        "followup:report_back", kwargs={"client_id": world.inside.pk, "activity_id": activity.pk}
    )
    urls = {name: reverse(name, kwargs=_kwargs(name, world.inside)) for name in CLIENT_PAGES}
    readable = [url for name, url in urls.items() if Role.PARTNER_WORKER in ALLOWED[CLASSIFICATION[name]]]
    assert readable, "the partner reads at least the file itself"
    handover = _handed_over(world, other_municipality)
    client.force_login(partner_worker)
    for url in [*readable, report_url]:
        assert client.get(url).status_code == 200, url

    handovers.accept_handover(caseworker_of(other_municipality), handover)
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 404, name
        assert world.inside.last_name not in response.content.decode()
    assert client.get(report_url).status_code == 404
    shared = client.get(reverse("cases:shared"))
    assert shared.status_code == 200
    assert world.inside.last_name not in shared.content.decode()
    assert "naar een andere gemeente verhuisd" in shared.content.decode()
