"""What a client on a phone meets when something is not right: every message, form error and error page
in their own language (no Dutch left behind), what they typed kept, and nothing of another client's
file within reach of an id in a form."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client as DjangoClient
from django.test.utils import override_settings
from django.urls import path, reverse
from django.utils import translation

from werkroute import urls as project_urls
from werkroute.cases import client_services
from werkroute.cases.models import ConsentScope, Message
from werkroute.cases.tests.factories import ActivityFactory, ClientFactory, ConsentFactory
from werkroute.conftest import FormClient
from werkroute.placements.models import ReferralStatus
from werkroute.placements.tests.factories import PlacementFactory, ReferralFactory

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# Words that are Dutch and no other language of the portal's: one of them on a page in another language
# is a text left untranslated (the portal's own, Django's, or a staff page's).
DUTCH = re.compile(
    r"\b(uw|het|een|niet|deze|voor|wij|naar|zijn|geen|bestaat|pagina|formulier|gevonden|toegang|"
    r"klantmanager|bericht|toestemming|hoogstens|waarde|getal|tekens|Kies|Voer|opgeslagen|verstuurd)\b"
)


def _visible(response, data: tuple[str, ...] = ()) -> str:  # type: ignore[no-untyped-def]
    """The page's text as read (with the title and labels), without the client's own data, which the
    caseworker writes in Dutch."""
    content = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", content))
    for value in data:
        text = text.replace(value, " ")
    return text


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture
def in_language(portal_client, account):  # type: ignore[no-untyped-def]
    def choose(language: str):  # type: ignore[no-untyped-def]
        portal_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        account.language = language
        account.save(update_fields=["language"])
        return portal_client

    return choose


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_dutch_is_left_on_any_portal_page_or_error_in_another_language(in_language, person, language):
    client = in_language(language)
    activity = person.activities.get()
    referral = person.referrals.get()
    ConsentFactory(client=person, scope=ConsentScope.KNOWLEDGE_BASE)
    data = (
        "Elke week twee keer naar de taalles.",
        "Nederlands op niveau A2",
        referral.placement.title,
        referral.placement.employer.name,
        "Amina",
    )
    seen = {}
    for name in ("start", "plan", "activities", "proposals", "consents", "messages", "data"):
        seen[name] = client.get(reverse(f"portal:{name}"))
    too_long = "x" * 2001
    for name, form in (
        ("activities", {"activity": activity.pk, "text": ""}),
        ("activities", {"activity": activity.pk, "text": too_long}),
        ("activities", {"activity": "abc", "text": "ziek"}),
        ("proposals", {"referral": referral.pk}),
        ("proposals", {"referral": referral.pk, "answer": "no"}),
        ("proposals", {"referral": referral.pk, "answer": "no", "reason": too_long}),
        ("proposals", {"referral": "abc", "answer": "misschien"}),
        ("consents", {"give": ""}),
        ("consents", {"give": ConsentScope.SHARE_FILE_WITH_PARTNER}),
        ("consents", {"withdraw": "abc"}),
        ("messages", {"text": "   "}),
        ("messages", {"text": too_long}),
        ("data", {"text": ""}),
        ("data", {"text": too_long}),
    ):
        seen[f"{name} {form}"] = client.post(reverse(f"portal:{name}"), form, follow=True)
    seen["not found"] = client.get("/mijn/bestaat-niet/")
    seen["preview of a file"] = client.get(reverse("portal:preview", kwargs={"client_id": person.pk}))
    expired = DjangoClient(enforce_csrf_checks=True)
    expired.cookies = client.cookies
    seen["expired form"] = expired.post(reverse("portal:messages"), {"text": "Hallo"})
    seen["signed out"] = client.post(reverse("portal:logout"), follow=True)
    seen["wrong password"] = client.post(reverse("portal:login"), {"username": "x", "password": "y"})
    seen["digid unknown"] = client.get(reverse("portal:digid_unknown"))
    seen["not found, signed out"] = client.get("/mijn/bestaat-niet/")
    for what, response in seen.items():
        assert f'lang="{language}"' in response.content.decode(), what
        found = set(DUTCH.findall(_visible(response, data)))
        assert not found, (what, found)


@pytest.mark.parametrize("language", ["ti", "ar"])
def test_bad_input_is_told_in_the_clients_language_and_what_they_typed_stays(in_language, person, language):
    client = in_language(language)
    activity = person.activities.get()
    referral = person.referrals.get()
    too_long = "Mijn kind is ziek. " * 110  # over 2000 characters
    told = _in(
        language, "Uw tekst is te lang: hoogstens %(limit_value)d tekens, u schreef er %(show_value)d."
    )
    told %= {"limit_value": 2000, "show_value": len(too_long.strip())}

    page = client.post(reverse("portal:activities"), {"activity": activity.pk, "text": too_long}).content
    assert told in page.decode() and html.escape(too_long.strip()) in page.decode()
    assert "<details open>" in page.decode()

    page = client.post(
        reverse("portal:proposals"), {"referral": referral.pk, "answer": "no", "reason": too_long}
    ).content.decode()
    assert told in page and html.escape(too_long.strip()) in page
    assert re.search(rf'value="no" id="no-{referral.pk}" checked', page)

    page = client.post(reverse("portal:proposals"), {"referral": referral.pk, "answer": "no"}).content
    assert _in(language, "Schrijf kort waarom u dit voorstel niet wilt.") in page.decode()

    for name, empty in (
        ("messages", "Schrijf eerst een bericht."),
        ("data", "Schrijf wat er verbeterd moet worden."),
    ):
        page = client.post(reverse(f"portal:{name}"), {"text": too_long}).content.decode()
        assert told in page and html.escape(too_long.strip()) in page, name
        assert _in(language, empty) in client.post(reverse(f"portal:{name}"), {"text": " "}).content.decode()
    assert not Message.objects.exists()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PROPOSED


def test_error_pages_under_the_portal_are_the_portals_in_the_clients_language(in_language, person):
    client = in_language("ar")
    page = client.get("/mijn/bestaat-niet/")
    content = page.content.decode()
    assert page.status_code == 404
    assert 'dir="rtl"' in content and _in("ar", "Deze pagina bestaat niet") in content
    assert reverse("portal:start") in content
    expired = DjangoClient(enforce_csrf_checks=True)
    expired.cookies = client.cookies
    page = expired.post(reverse("portal:messages"), {"text": "Hallo"})
    assert page.status_code == 403 and _in("ar", "Uw formulier is niet verstuurd") in page.content.decode()
    # The staff pages keep their own error page, in Dutch.
    assert "Niet gevonden" in client.get("/klanten/bestaat-niet/").content.decode()


def test_a_proposal_of_another_client_cannot_be_answered(portal_client, person):
    other = ClientFactory(municipality=person.municipality)
    foreign = ReferralFactory(
        client=other, placement=PlacementFactory(employer__region=person.municipality.region)
    )
    for answer in ({"answer": "yes"}, {"answer": "no", "reason": "Nee"}):
        portal_client.post(reverse("portal:proposals"), {"referral": foreign.pk, **answer})
    foreign.refresh_from_db()
    assert foreign.status == ReferralStatus.PROPOSED and not other.consents.exists()
    assert not Message.objects.exists()


def test_a_stopped_activity_cannot_be_called_off_again(portal_client, person):
    activity = ActivityFactory(client=person, status="completed")
    page = portal_client.post(
        reverse("portal:activities"), {"activity": activity.pk, "text": "ziek"}, follow=True
    )
    assert "Deze afspraak bestaat niet (meer)." in page.content.decode()
    assert not Message.objects.exists()


def test_notification_mails_speak_the_language_of_who_reads_them(
    in_language, person, caseworker, account, django_capture_on_commit_callbacks
):
    """The caseworker's mail in Dutch though the client wrote from a Tigrinya page; the client's mail
    in the language they chose, not the caseworker's. Neither holds a name or the message."""
    caseworker.email = "klantmanager@example.org"
    caseworker.save()
    person.email = "amina@example.org"
    person.save()
    client = in_language("ti")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:messages"), {"text": "Selam"})
    with django_capture_on_commit_callbacks(execute=True), translation.override("nl"):
        client_services.send_message_to_client(caseworker, person, "Dinsdag om 10 uur.")
    to_caseworker, to_client = mail.outbox
    assert (
        to_caseworker.to == ["klantmanager@example.org"]
        and to_caseworker.subject == "Nieuw bericht in Werkroute"
    )
    assert to_client.to == ["amina@example.org"]
    assert to_client.subject == _in("ti", "Nieuw bericht in Werkroute") != "Nieuw bericht in Werkroute"
    for sent in (to_caseworker, to_client):
        assert "Selam" not in sent.body and "Dinsdag" not in sent.body and "Amina" not in sent.body


def test_a_correction_request_becomes_a_signal_on_the_caseworkers_worklist(portal_client, person, caseworker):
    from werkroute.followup.sweep import sweep

    portal_client.post(reverse("portal:data"), {"text": "Mijn telefoonnummer is veranderd"})
    sweep(dt.date.today())
    signal = person.signals.get(rule="needs_attention")
    assert signal.status == "open"
    desk = FormClient()
    desk.force_login(caseworker)
    file = desk.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()
    assert "om een correctie" in file


def _broken(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("a fault in the code")


# The project's addresses with one portal page that fails, to meet the server-error page as a client would.
urlpatterns = [path("mijn/kapot/", _broken), *project_urls.urlpatterns]
handler500 = project_urls.handler500


@override_settings(ROOT_URLCONF=__name__)
def test_a_fault_under_the_portal_shows_the_portals_error_page_in_the_clients_language(in_language, person):
    client = in_language("ar")
    client.raise_request_exception = False
    page = client.get("/mijn/kapot/")
    content = page.content.decode()
    assert page.status_code == 500
    assert 'lang="ar"' in content and 'dir="rtl"' in content
    assert _in("ar", "Er ging bij ons iets mis. Probeer het later nog een keer.") in content
    assert not DUTCH.search(_visible(page))
