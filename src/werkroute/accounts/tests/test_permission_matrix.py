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
from werkroute.cases.tests.factories import ClientFactory, ConsentFactory, url_kwargs_for
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix=""):  # type: ignore[no-untyped-def]
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django's admin checks is_staff and model permissions itself; see test_admin_site
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
    "placements:employer": EMPLOYER,
    "administration:index": ADMINISTRATION,
    "administration:organisations": ADMINISTRATION,
    "administration:organisation_create": ADMINISTRATION,
    "administration:organisation_edit": ADMINISTRATION,
    "administration:users": ADMINISTRATION,
    "administration:user_create": ADMINISTRATION,
    "administration:user": ADMINISTRATION,
    "administration:target_groups": ADMINISTRATION,
    "administration:target_group_create": ADMINISTRATION,
    "administration:target_group_edit": ADMINISTRATION,
    "administration:imports": ADMINISTRATION,
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
        MembershipFactory(user=users[role], organisation=organisations.get(role, home), role=role)
    inside = ClientFactory(municipality=municipality, last_name="Binnenscope")
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
    pages = list(_pages_about(world, placement))
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
