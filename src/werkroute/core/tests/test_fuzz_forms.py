"""No value in a query string or a form makes a page fail (HTTP 500), for any role on any page.

The pages come from the URL configuration (as in the permission matrix), their fields from the forms the
pages render for each role (inputs, selects and text areas, whatever the method) and from the names the
view's own code reads from ``request.GET`` and ``request.POST``. Hypothesis then sends random values, ids
that overflow the database, digits that ``str.isdigit`` accepts but ``int`` does not, impossible dates and
NUL characters, to every field of a page at once, as a query string and as a form, and to the numbers in
the path. Any answer but a server error is fine: a refusal, a form with a message, a redirect.

``WERKROUTE_FUZZ_EXAMPLES`` raises the number of examples per role for a longer hunt.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import re
from html.parser import HTMLParser

import pytest
from django.test import Client as Browser
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
from werkroute.accounts.tests.test_permission_matrix import PAGES
from werkroute.cases.models import ConsentScope
from werkroute.cases.tests.factories import (
    ClientFactory,
    ConsentFactory,
    IntakeFactory,
    TargetGroupFactory,
    url_kwargs_for,
)
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory, PostcodeAreaFactory

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("WERKROUTE_FUZZ_EXAMPLES", "30"))
# Leaving the session would make the rest of an example test the login page only.
SKIPPED = {"logout"}

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "²",
    "١٢",
    "1²",
    "01",
    "1.5",
    "1e9",
    "NaN",
    "inf",
    "abc",
    "on",
    "true",
    "None",
    "[]",
    "9" * 40,
    str(2**31),
    str(2**63),
    str(2**64),
    str(-(2**63) - 1),
    "2024-02-30",
    "1800-01-01",
    "0001-01-01",
    "9999-12-31",
    "99999-01-01",
    "31-12-2024",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "ı",
    "\ufeff",
    "x" * 300,
]


class _Forms(HTMLParser):
    """Every form of a page with the values it would submit as rendered (inputs, selects, text areas)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    @property
    def _current(self) -> dict[str, str]:
        if not self.forms:
            self.forms.append({})  # fields outside a form (htmx) count as one more form
        return self.forms[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name") or ""
        if tag == "form":
            self.forms.append({})
        elif tag in ("input", "button") and name and name != "csrfmiddlewaretoken":
            checkable = attributes.get("type") in ("checkbox", "radio")
            if not checkable or "checked" in attributes or name not in self._current:
                self._current[name] = attributes.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self._current.setdefault(name, "")
        elif tag == "option" and self._select:
            if "selected" in attributes or not self._current[self._select]:
                self._current[self._select] = attributes.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self._current[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._current[self._textarea] += data


READS = re.compile(r"""request\.(?:GET|POST)(?:\.get|\.getlist|\.pop)?[\[(]\s*["']([\w-]+)["']""")


def _names_read_by(view) -> set[str]:  # type: ignore[no-untyped-def]
    """Query and form names the view reads itself, found in its source (and in its module's helpers)."""
    target = getattr(view, "view_class", None) or inspect.unwrap(view)
    try:
        source = inspect.getsource(inspect.getmodule(target))  # type: ignore[arg-type]
    except (TypeError, OSError):
        return set()
    return set(READS.findall(source)) if "request" in source else set()


@pytest.fixture
def world(municipality):
    """Every role, and one of everything a URL can name: a client with a file, a placement, a referral."""
    region = municipality.region
    home = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=municipality, region=region)
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, region=region)
    employer = EmployerFactory(region=region)
    organisations = {
        Role.PARTNER_WORKER: partner,
        Role.EMPLOYER_SERVICE: OrganisationFactory(
            kind=OrganisationKind.EMPLOYER_SERVICE_POINT, region=region
        ),
        Role.EMPLOYER: employer,
    }
    users = {}
    for role in Role:
        users[role] = UserFactory(username=f"fuzz-{role}")
        MembershipFactory(user=users[role], organisation=organisations.get(role, home), role=role)
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    person = ClientFactory(municipality=municipality, postcode=f"{area.pc4} AB")
    IntakeFactory(client=person)
    today = dt.date.today()
    ConsentFactory(
        client=person, scope=ConsentScope.SHARE_FILE_WITH_PARTNER, organisation=partner, given_on=today
    )
    ConsentFactory(client=person, scope=ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, given_on=today)
    placement = PlacementFactory(employer=employer, postcode=area)
    from werkroute.monitoring import services as monitoring

    monitoring.refresh()
    from werkroute.knowledge.tests.factories import InterventionFactory

    intervention = InterventionFactory()
    from werkroute.followup.tests.factories import CheckInFactory, SignalFactory

    signal = SignalFactory(client=person)
    check_in = CheckInFactory(after_care__client=person)
    kwargs_by_page = {}
    for name, pattern in PAGES.items():
        if name in SKIPPED:
            continue
        administered = {
            "organisation_id": [home.pk, partner.pk],
            "user_id": [users[Role.CASEWORKER].pk, users[Role.ADMINISTRATOR].pk],
            "target_group_id": [TargetGroupFactory().pk],
            "region_id": [municipality.region_id],
            "intervention_id": [intervention.pk],
            "signal_id": [signal.pk],
            "check_in_id": [check_in.pk],
        }
        kwargs = url_kwargs_for_any(pattern, person, placement, municipality, administered)
        if kwargs is not None:
            kwargs_by_page[name] = kwargs
    return users, kwargs_by_page


def url_kwargs_for_any(pattern, person, placement, municipality, administered):  # type: ignore[no-untyped-def]
    """Each path argument of ``pattern`` with the values worth trying (the first one is the ordinary one)."""
    converters = set(pattern.pattern.converters)
    kwargs: dict[str, list[object]] = {}
    client_side = converters & {"client_id", "activity_id", "episode_id", "number", "consent_id"}
    if client_side:
        kwargs.update({key: [value] for key, value in url_kwargs_for(pattern, person).items()})
    others: dict[str, list[object]] = {
        "placement_id": [placement.pk],
        "code": [municipality.code, municipality.region.code, "GM9999"],
        "level": ["gemeente", "regio", "land"],
        "fmt": ["csv", "json", "xlsx", "parquet", "exe"],
        "kind": ["occupation", "skill", "other"],
        **administered,
    }
    for name in converters - client_side:
        if name not in others:
            return None  # a new kind of path argument: the assertion below names it
        kwargs[name] = others[name]
    return kwargs


def test_every_page_can_be_fuzzed(world):
    _users, kwargs_by_page = world
    assert set(kwargs_by_page) == set(PAGES) - SKIPPED, "Teach url_kwargs_for_any the new path argument"


def _forms(browser: Browser, url: str, view) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """The page's forms as rendered, and one more with every name the view's code reads."""
    parser = _Forms()
    response = browser.get(url)
    if response.get("Content-Type", "").startswith("text/html"):
        parser.feed(response.content.decode())
    forms = [form for form in parser.forms if form]
    return [*forms, dict.fromkeys(sorted(_names_read_by(view)), "")]


values = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=20),
)


@pytest.mark.parametrize("role", list(Role))
def test_no_value_in_a_query_or_a_form_gives_a_server_error(world, role):
    users, kwargs_by_page = world
    browser = Browser()
    browser.force_login(users[role])
    pages = {
        name: (
            choices,
            _forms(
                browser,
                reverse(name, kwargs={key: values[0] for key, values in choices.items()}),
                PAGES[name].callback,
            ),
        )
        for name, choices in sorted(kwargs_by_page.items())
    }
    fields = {field for _kwargs, forms in pages.values() for form in forms for field in form}
    assert fields, "no fields found: nothing would be fuzzed"
    if role == Role.CASEWORKER:  # the discovery finds forms, hidden fields and what views read
        assert {"first_name", "date_of_birth", "version", "form_token", "q", "pagina"} <= fields

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(data=st.data())
    def probe(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(pages)), label="page")
        choices, forms = pages[name]
        kwargs = {key: data.draw(st.sampled_from(values), label=key) for key, values in choices.items()}
        for key, value in kwargs.items():
            if isinstance(value, int) and data.draw(st.booleans(), label=f"fuzz {key}"):
                kwargs[key] = data.draw(st.sampled_from([0, 2**31, 2**63, 10**30]), label=key)
        url = reverse(name, kwargs=kwargs)
        rendered = data.draw(st.sampled_from(forms), label="form")
        # Start from what the form would send, so that the rest of a valid form carries the fuzzed value
        # past validation into the view; replace, repeat or drop some fields.
        own = st.sampled_from(sorted({*rendered, *rendered.values()}) or [""])
        form: dict[str, list[str]] = {}
        for field, default in rendered.items():
            how = data.draw(st.sampled_from(["keep", "fuzz", "fuzz", "drop"]), label=f"how {field}")
            if how == "keep":
                form[field] = [default]
            elif how == "fuzz":
                form[field] = data.draw(st.lists(st.one_of(values, own), min_size=1, max_size=2), label=field)
        browser.force_login(users[role])
        for response in (browser.get(url, form), browser.post(url, form)):
            assert response.status_code != 500, (role, name, form)

    probe()
