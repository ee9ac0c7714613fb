"""The portal in a real browser, on a phone 360 px wide, in every language: axe finds no serious or
critical violation on any page, right-to-left languages are mirrored, nothing scrolls sideways at 200 %
text, and the "I can't come" flow works by keyboard alone. Screenshots of the Arabic pages are kept in
var/test-screenshots/portal-ar/ to look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client as DjangoClient
from django.urls import reverse
from django.utils import translation

from werkroute.accounts.tests.factories import UserFactory, caseworker_of
from werkroute.cases.models import ActivityStatus, Consent, ConsentMethod, ConsentScope, Message, MessageKind
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientAccountFactory,
    ClientFactory,
    ConsentFactory,
    MessageFactory,
    PlanGoalFactory,
    PlanVersionFactory,
)
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.placements.tests.factories import PlacementFactory, ReferralFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
PAGES = ["start", "plan", "activities", "proposals", "consents", "messages", "data", "export"]
SCREENSHOTS = Path(settings.VAR_DIR) / "test-screenshots" / "portal-ar"


@pytest.fixture
def signed_in(page, live_server):  # type: ignore[no-untyped-def]
    """A client with something on every page, signed in in the browser (the session cookie of a
    forced login), on a phone."""
    municipality = MunicipalityFactory(name="Nijmegen")
    caseworker = caseworker_of(municipality, username="klantmanager.nijmegen")
    person = ClientFactory(
        municipality=municipality, caseworker=caseworker, first_name="Amina", bsn="111222333"
    )
    plan = PlanVersionFactory(client=person, number=1, agreements="Twee keer per week taalles.")
    PlanGoalFactory(plan_version=plan, description="Nederlands op niveau A2", target_date=dt.date(2027, 6, 1))
    ActivityFactory(
        client=person, status=ActivityStatus.PLANNED, start_date=dt.date.today() + dt.timedelta(days=3)
    )
    ReferralFactory(
        client=person,
        placement=PlacementFactory(employer__region=municipality.region, title="Medewerker bakkerij"),
        score_parts={"occupation": 0.3, "language": 0.2},
    )
    ConsentFactory(client=person, scope=ConsentScope.KNOWLEDGE_BASE, given_on=dt.date.today())
    OrganisationFactory(
        name="Vluchtelingenwerk Oost", kind=OrganisationKind.PARTNER, region=municipality.region
    )
    MessageFactory(client=person, from_client=False, author=caseworker, text="Welkom! Tot dinsdag.")
    account = ClientAccountFactory(client=person, user=UserFactory(username="klant.browser"))
    django_client = DjangoClient()
    django_client.force_login(account.user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": django_client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.set_viewport_size(PHONE)
    return page


def _choose(page, live_server, language: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_page_in_every_language_is_accessible_on_a_phone(signed_in, live_server, language):
    page = signed_in
    _choose(page, live_server, language)
    rtl = language in ("ar", "fa")
    for name in PAGES:
        page.goto(reverse(f"portal:{name}"))
        assert page.evaluate("document.documentElement.lang") == language
        assert page.evaluate("document.documentElement.dir") == ("rtl" if rtl else "ltr"), name
        assert_no_serious_accessibility_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (language, name)
        if language == "ar":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    # The pages a client may land on besides: DigiD's "we cannot find your file" and a page not found.
    for address in (reverse("portal:digid_unknown"), "/mijn/bestaat-niet/"):
        page.goto(address)
        assert page.evaluate("document.documentElement.lang") == language, address
        assert_no_serious_accessibility_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), address
    if rtl:
        # Mirrored: the brand sits at the right edge, the language switch at the left.
        brand = page.locator(".brand").bounding_box()
        assert brand is not None and brand["x"] > PHONE["width"] / 2
    page.goto(reverse("portal:start"))
    arrow = page.evaluate("getComputedStyle(document.querySelector('.arrow')).transform")
    # The "next" arrow points the way the text reads: mirrored right to left, as drawn otherwise.
    assert arrow == ("matrix(-1, 0, 0, 1, 0, 0)" if rtl else "none"), arrow
    if language == "ar":
        print(f"\nScreenshots of the Arabic pages: {SCREENSHOTS}")


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_at_200_percent_text_nothing_scrolls_sideways(signed_in, live_server, language):
    page = signed_in
    _choose(page, live_server, language)
    for name in PAGES:
        page.goto(reverse(f"portal:{name}"))
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name


def test_the_language_is_chosen_on_the_first_page_and_remembered(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(reverse("portal:login"))
    page.get_by_role("button", name="ትግርኛ").click()
    page.get_by_role("heading", name="ቋንቋኹም ምረጹ").wait_for()
    assert page.evaluate("document.documentElement.lang") == "ti"
    page.goto(reverse("portal:login"))
    assert page.evaluate("document.documentElement.lang") == "ti"
    assert_no_serious_accessibility_violations(page)


def test_i_cannot_come_by_keyboard_alone(signed_in):
    page = signed_in
    page.goto(reverse("portal:activities"))
    summary = page.locator("summary", has_text="Ik kan niet komen")
    summary.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("Mijn kind is ziek")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("Uw klantmanager weet nu dat u niet kunt komen.").wait_for()
    message = Message.objects.get(kind=MessageKind.CANNOT_ATTEND)
    assert message.text == "Mijn kind is ziek"


@pytest.mark.parametrize("language", ["uk", "fa"])
def test_the_client_shares_their_file_with_a_partner_and_withdraws_it_in_their_language_by_keyboard(
    signed_in, live_server, language
):
    page = signed_in
    _choose(page, live_server, language)
    with translation.override(language):
        which, give, withdraw, given, withdrawn = (
            translation.gettext(text)
            for text in (
                "Met welke organisatie?",
                "Ik geef toestemming",
                "Trek deze toestemming in",
                "Dank u. Uw toestemming is vastgelegd.",
                "Uw toestemming is ingetrokken. Dit geldt vanaf nu.",
            )
        )
    assert which != "Met welke organisatie?"  # the page really speaks the language
    page.goto(reverse("portal:consents"))
    # By keyboard alone: the list of organisations, the only one in it, then the button after it.
    page.get_by_label(which).focus()
    page.keyboard.press("ArrowDown")
    assert page.get_by_label(which).evaluate("select => select.selectedOptions[0].text") == (
        "Vluchtelingenwerk Oost"
    )
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == give
    page.keyboard.press("Enter")
    page.get_by_text(given).wait_for()
    consent = Consent.objects.get(scope=ConsentScope.SHARE_FILE_WITH_PARTNER)
    assert consent.organisation.name == "Vluchtelingenwerk Oost" and consent.method == ConsentMethod.PORTAL
    assert_no_serious_accessibility_violations(page)

    shared = page.locator("section", has_text="Vluchtelingenwerk Oost")
    shared.get_by_role("button", name=withdraw).focus()
    page.keyboard.press("Enter")
    page.get_by_text(withdrawn).wait_for()
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date.today() and consent.withdrawal_method == ConsentMethod.PORTAL
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "fa" else "ltr")
    assert_no_serious_accessibility_violations(page)
