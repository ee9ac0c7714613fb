"""The client's own pages: their file only, every page audited, writes through the staff services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.cases.events import NEEDS_ATTENTION, Kind
from werkroute.cases.models import ConsentMethod, ConsentScope, Message, MessageKind
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientFactory,
    ConsentFactory,
)
from werkroute.conftest import FormClient
from werkroute.placements.models import ReferralStatus, WithdrawalReason
from werkroute.placements.tests.factories import PlacementFactory, ReferralFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PAGES = ["start", "plan", "activities", "proposals", "consents", "messages", "data", "export"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_shows_the_clients_own_file_and_is_audited(portal_client, person, name):
    stranger = ClientFactory(municipality=person.municipality, first_name="Vreemde", last_name="Anderman")
    ReferralFactory(client=stranger, placement__title="Geheime vacature")
    before = AuditEvent.objects.filter(action=AuditAction.VIEW, client_id=person.pk).count()
    response = portal_client.get(reverse(f"portal:{name}"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Anderman" not in content and "Geheime vacature" not in content
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, client_id=person.pk).count() == before + 1


def test_the_language_is_switchable_on_every_page_and_follows_the_client_to_another_phone(
    portal_client, account, settings
):
    for name in PAGES[:-1]:  # the export is the same page with the same header
        page = portal_client.get(reverse(f"portal:{name}")).content.decode()
        assert 'id="portal-language"' in page, name
    response = portal_client.post(reverse("portal:language"), {"language": "ar", "next": "/mijn/plan/"})
    assert response["Location"] == "/mijn/plan/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    account.refresh_from_db()
    assert account.language == "ar"
    page = portal_client.get(reverse("portal:plan")).content.decode()
    assert 'lang="ar" dir="rtl"' in page

    phone = FormClient()  # another phone: no cookie yet
    phone.force_login(account.user)
    first = phone.get(reverse("portal:start"))
    assert first.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert 'lang="ar"' in phone.get(reverse("portal:start")).content.decode()


def test_the_language_switch_sends_nobody_away_from_the_portal(portal_client):
    for target in ("https://example.org/mijn/", "/klanten/", "//example.org/mijn/"):
        response = portal_client.post(reverse("portal:language"), {"language": "uk", "next": target})
        assert response["Location"] == reverse("portal:start"), target


def test_bsn_is_never_shown_in_full(portal_client, person):
    for name in PAGES:
        assert person.bsn not in portal_client.get(reverse(f"portal:{name}")).content.decode(), name


def test_staff_and_strangers_get_no_portal_page(client, caseworker, person):
    client.force_login(caseworker)
    assert client.get(reverse("portal:plan")).status_code == 404
    client.logout()
    response = client.get(reverse("portal:plan"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def test_a_client_account_sees_no_staff_page(portal_client, person):
    assert portal_client.get(reverse("cases:client", kwargs={"client_id": person.pk})).status_code == 404
    assert portal_client.get(reverse("cases:caseload")).status_code == 403
    assert portal_client.get(reverse("home"))["Location"] == reverse("portal:start")


def test_plan_shows_goals_agreements_and_changes_since_last_visit(portal_client, account, person, caseworker):
    from werkroute.cases import services

    account.last_visit_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    account.save()
    services.plan_activity(
        caseworker,
        person,
        {"activity_type": "volunteering", "start_date": dt.date.today() + dt.timedelta(days=3)},
    )
    content = portal_client.get(reverse("portal:plan")).content.decode()
    assert "Nederlands op niveau A2" in content
    assert "Elke week twee keer naar de taalles." in content
    assert "Er is een nieuwe activiteit voor u gepland." in content
    assert "B1-route: Nederlands leren tot niveau B1" in content
    assert formats.date_format(dt.date(2027, 6, 1)) in content  # the goal's date


def test_plan_shows_the_next_review(portal_client, person):
    plan = person.plan_versions.get()
    plan.review_date = dt.date(2027, 3, 15)
    plan.save()
    content = portal_client.get(reverse("portal:plan")).content.decode()
    assert "Wanneer praten we weer over uw plan?" in content
    assert formats.date_format(dt.date(2027, 3, 15)) in content


def test_cannot_come_reaches_the_caseworker(
    portal_client, person, caseworker, django_capture_on_commit_callbacks
):
    caseworker.email = "klantmanager@example.org"
    caseworker.save()
    activity = person.activities.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = portal_client.post(
            reverse("portal:activities"), {"activity": activity.pk, "text": "Mijn kind is ziek"}
        )
    assert response.status_code == 302
    message = Message.objects.get(client=person)
    assert message.kind == MessageKind.CANNOT_ATTEND and message.activity == activity
    assert person.timeline_events.filter(kind=Kind.CLIENT_CANNOT_ATTEND).exists()
    assert Kind.CLIENT_CANNOT_ATTEND in NEEDS_ATTENTION
    # The caseworker's inbox and the file's attention list show it; the mail holds only a link.
    portal_client.force_login(caseworker)
    inbox = portal_client.get(reverse("cases:inbox")).content.decode()
    assert person.full_name in inbox
    detail = portal_client.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()
    assert "niet te kunnen komen" in detail
    assert len(mail.outbox) == 1
    assert "ziek" not in mail.outbox[0].body and person.first_name not in mail.outbox[0].body
    assert reverse("cases:messages", kwargs={"client_id": person.pk}) in mail.outbox[0].body


def test_appointments_say_when_where_and_with_whom(portal_client, person):
    activity = person.activities.get()
    activity.location = "Marikenstraat 30, Nijmegen"
    activity.provider = OrganisationFactory(name="Taalhuis Nijmegen", region=person.municipality.region)
    activity.save()
    for name in ("activities", "start"):
        content = portal_client.get(reverse(f"portal:{name}")).content.decode()
        assert "Marikenstraat 30, Nijmegen" in content, name
        assert formats.date_format(activity.start_date) in content, name
    assert "Taalhuis Nijmegen" in portal_client.get(reverse("portal:activities")).content.decode()


def test_cannot_come_to_someone_elses_activity_is_refused(portal_client, person):
    other = ActivityFactory(client=ClientFactory(municipality=person.municipality))
    portal_client.post(reverse("portal:activities"), {"activity": other.pk, "text": "x"})
    assert not Message.objects.exists()


def test_accepting_a_proposal_gives_the_stated_consent_through_the_referral_workflow(portal_client, person):
    referral = person.referrals.get()
    page = portal_client.get(reverse("portal:proposals")).content.decode()
    assert "Medewerker bakkerij" in page and "Uw werkervaring past bij dit werk." in page
    assert "Nooit uw gezondheid" in page  # what is shared, stated on the page itself
    portal_client.post(reverse("portal:proposals"), {"referral": referral.pk, "answer": "yes"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CONSENTED
    consent = referral.consent
    assert (
        consent.scope == ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS and consent.method == ConsentMethod.PORTAL
    )
    assert consent.valid_until == dt.date.today() + dt.timedelta(days=365)


def test_declining_needs_a_reason_which_reaches_the_caseworker(portal_client, person):
    referral = person.referrals.get()
    portal_client.post(reverse("portal:proposals"), {"referral": referral.pk, "answer": "no"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PROPOSED
    portal_client.post(
        reverse("portal:proposals"), {"referral": referral.pk, "answer": "no", "reason": "Te ver weg"}
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    assert referral.withdrawal_reason == WithdrawalReason.DECLINED_BY_CLIENT
    assert Message.objects.get(client=person).text == "Te ver weg"


def test_consents_given_and_withdrawn_in_the_portal_take_effect_at_once(portal_client, person):
    portal_client.post(reverse("portal:consents"), {"give": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS})
    consent = person.consents.get()
    assert consent.method == ConsentMethod.PORTAL and consent.is_valid_on(dt.date.today())
    referral = person.referrals.get()
    portal_client.post(reverse("portal:proposals"), {"referral": referral.pk, "answer": "yes"})
    portal_client.post(reverse("portal:consents"), {"withdraw": consent.pk})
    consent.refresh_from_db()
    referral.refresh_from_db()
    assert consent.withdrawn_on == dt.date.today() and consent.withdrawal_method == ConsentMethod.PORTAL
    # The staff service's consequences follow: the referral sent on it ends.
    assert referral.status == ReferralStatus.WITHDRAWN


def _partner_worker(organisation):
    worker = UserFactory()
    MembershipFactory(user=worker, organisation=organisation, role=Role.PARTNER_WORKER)
    return worker


def test_the_client_shares_their_file_with_a_partner_and_stops_it_at_once(portal_client, person):
    partner = OrganisationFactory(
        name="Vluchtelingenwerk Oost", kind=OrganisationKind.PARTNER, region=person.municipality.region
    )
    client = FormClient()  # the partner worker, in another browser
    client.force_login(_partner_worker(partner))
    file = reverse("cases:client", args=[person.pk])
    assert client.get(file).status_code == 404

    page = portal_client.get(reverse("portal:consents")).content.decode()
    assert "Vluchtelingenwerk Oost" in page and "Met welke organisatie?" in page
    response = portal_client.post(
        reverse("portal:consents"),
        {"give": ConsentScope.SHARE_FILE_WITH_PARTNER, "organisation": partner.pk},
    )
    assert response.status_code == 302
    consent = person.consents.get()
    assert (consent.organisation, consent.method) == (partner, ConsentMethod.PORTAL)
    assert consent.valid_until == dt.date.today() + dt.timedelta(days=365)
    # The page states what is shared, with whom and until when.
    page = portal_client.get(reverse("portal:consents")).content.decode()
    assert "Vluchtelingenwerk Oost" in page and "maar niet uw BSN" in page
    assert formats.date_format(consent.valid_until) in page
    assert client.get(file).status_code == 200

    portal_client.post(reverse("portal:consents"), {"withdraw": consent.pk})
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date.today() and consent.withdrawal_method == ConsentMethod.PORTAL
    # The partner's next look is refused, the same day: the check is made at the moment of reading.
    assert client.get(file).status_code == 404


def test_only_organisations_that_may_receive_the_file_are_offered_and_accepted(portal_client, person):
    region = person.municipality.region
    nearby = OrganisationFactory(name="Taalhuis Nijmegen", kind=OrganisationKind.PROVIDER, region=region)
    elsewhere = OrganisationFactory(name="Taalhuis Groningen", kind=OrganisationKind.PROVIDER)
    employer = OrganisationFactory(name="Bakkerij de Korst", kind=OrganisationKind.EMPLOYER, region=region)
    page = portal_client.get(reverse("portal:consents")).content.decode()
    assert "Taalhuis Nijmegen" in page
    assert "Taalhuis Groningen" not in page and "Bakkerij de Korst" not in page
    for organisation in (elsewhere, employer, None):
        response = portal_client.post(
            reverse("portal:consents"),
            {
                "give": ConsentScope.SHARE_FILE_WITH_PARTNER,
                "organisation": organisation.pk if organisation else "",
            },
            follow=True,
        )
        assert "Kies met welke organisatie u uw dossier wilt delen." in response.content.decode()
    assert not person.consents.exists()
    # Once shared, that organisation is not offered again; none left, so the offer is gone.
    ConsentFactory(client=person, scope=ConsentScope.SHARE_FILE_WITH_PARTNER, organisation=nearby)
    page = portal_client.get(reverse("portal:consents")).content.decode()
    assert 'name="organisation"' not in page


def test_every_consent_can_be_given_in_the_portal(portal_client, person):
    OrganisationFactory(kind=OrganisationKind.PARTNER, region=person.municipality.region)
    page = portal_client.get(reverse("portal:consents")).content.decode()
    for scope in ConsentScope.values:
        assert f'name="give" value="{scope}"' in page, scope


def test_a_consent_of_another_client_cannot_be_withdrawn(portal_client, person):
    foreign = ConsentFactory(client=ClientFactory(municipality=person.municipality))
    portal_client.post(reverse("portal:consents"), {"withdraw": foreign.pk})
    foreign.refresh_from_db()
    assert foreign.withdrawn_on is None


def test_messages_both_ways_with_mails_carrying_only_a_link(
    portal_client, person, caseworker, django_capture_on_commit_callbacks
):
    person.email = "amina@example.org"
    person.save()
    portal_client.post(reverse("portal:messages"), {"text": "Wanneer is mijn volgende gesprek?"})
    portal_client.force_login(caseworker)
    thread_url = reverse("cases:messages", kwargs={"client_id": person.pk})
    assert "Wanneer is mijn volgende gesprek?" in portal_client.get(thread_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        portal_client.post(thread_url, {"text": "Dinsdag om 10 uur."})
    assert person.timeline_events.filter(kind=Kind.MESSAGE_TO_CLIENT).exists()
    to_client = [message for message in mail.outbox if message.to == ["amina@example.org"]]
    assert (
        len(to_client) == 1 and "Dinsdag" not in to_client[0].body and "/mijn/berichten/" in to_client[0].body
    )
    portal_client.force_login(person.account.user)
    assert "Dinsdag om 10 uur." in portal_client.get(reverse("portal:messages")).content.decode()


def test_a_replayed_message_is_stored_once(portal_client):
    data = {"text": "Twee keer verstuurd", "form_token": "vast-token-123"}
    portal_client.post(reverse("portal:messages"), data)
    portal_client.post(reverse("portal:messages"), data)
    assert Message.objects.count() == 1


def test_an_empty_or_too_long_message_is_refused_with_a_message(portal_client):
    response = portal_client.post(reverse("portal:messages"), {"text": "x" * 2001}, follow=True)
    assert response.status_code == 200
    assert not Message.objects.exists()


def test_correction_request_becomes_a_task_for_the_caseworker(portal_client, person):
    portal_client.post(reverse("portal:data"), {"text": "Mijn telefoonnummer is veranderd"})
    assert Message.objects.get(client=person).kind == MessageKind.CORRECTION
    assert person.timeline_events.filter(kind=Kind.CORRECTION_REQUESTED).exists()


def test_the_export_download_holds_the_clients_data(portal_client, person):
    response = portal_client.get(reverse("portal:export") + "?formaat=json")
    assert response["Content-Disposition"].startswith("attachment")
    assert person.last_name in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, client_id=person.pk).exists()


def test_the_caseworker_previews_what_the_client_sees(caseworker_client, person):
    response = caseworker_client.get(reverse("portal:preview", kwargs={"client_id": person.pk}))
    assert response.status_code == 200
    assert "Nederlands op niveau A2" in response.content.decode()
    outsider = ClientFactory()
    assert (
        caseworker_client.get(reverse("portal:preview", kwargs={"client_id": outsider.pk})).status_code == 404
    )


def test_a_staff_account_cannot_become_a_client_account(caseworker, person):
    from django.core.exceptions import ValidationError

    from werkroute.cases import client_services

    with pytest.raises(ValidationError):
        client_services.open_client_account(None, person, caseworker)


def _start_page_queries(client) -> int:  # type: ignore[no-untyped-def]
    """The queries of one start page; the savepoints are the test's transaction, not the page's."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portal:start")).status_code == 200
    return sum(1 for query in queries if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT")))


def test_start_page_queries_do_not_grow_with_the_file(person, account, caseworker):
    """At most 12 queries, on the first visit of a session (which records the visit) and after it, for a
    file with one of everything and for one with thirty activities, messages, proposals and changes."""
    from werkroute.cases.tests.factories import MessageFactory

    account.last_visit_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    account.save()
    counts = []
    for size in (1, 30):
        if size > 1:
            for _ in range(size):
                ActivityFactory(client=person, start_date=dt.date.today() + dt.timedelta(days=2))
                MessageFactory(client=person, from_client=False)
                ReferralFactory(
                    client=person, placement=PlacementFactory(employer__region=person.municipality.region)
                )
        phone = FormClient()  # a new session: its first start page records the visit
        phone.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
        phone.force_login(account.user)
        counts.append((_start_page_queries(phone), _start_page_queries(phone)))
    page = phone.get(reverse("portal:start")).content.decode()
    assert "Nieuwe berichten: 30" in page  # the big file was counted
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= 12, counts
