"""Locale data and layout that the portal's languages need: Tigrinya's dates (Django has no formats
for it) and style sheets that mirror for Arabic and Dari/Farsi (logical properties only)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

STYLES = Path(__file__).resolve().parents[2] / "static" / "werkroute"
# A side named left or right does not follow the reading direction: margin-left, padding-right,
# border-left, left:, right:, float: left, text-align: right, inset-inline written as left/right.
PHYSICAL = re.compile(
    r"(?:margin|padding|border|inset)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:|"
    r"(?:float|clear|text-align)\s*:\s*(?:left|right)\b"
)


def test_tigrinya_dates_use_its_own_formats():
    with translation.override("ti"):
        assert formats.date_format(dt.date(2027, 6, 1)) == "01/06/2027"
        assert (
            formats.date_format(dt.datetime(2027, 6, 1, 9, 5), "SHORT_DATETIME_FORMAT") == "01/06/2027 09:05"
        )
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


@pytest.mark.django_db
def test_a_tigrinya_page_shows_the_plans_dates(portal_client):
    portal_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ti"
    content = portal_client.get(reverse("portal:plan")).content.decode()
    assert 'lang="ti" dir="ltr"' in content and "01/06/2027" in content  # the goal's date


@pytest.mark.parametrize("sheet", ["portal.css", "werkroute.css"])
def test_the_portals_style_sheets_use_logical_properties_only(sheet):
    """Both sheets style the portal's pages; a physical side would not mirror right to left."""
    css = (STYLES / sheet).read_text()
    assert "inline" in css or sheet == "portal.css"
    assert not PHYSICAL.findall(css), PHYSICAL.findall(css)


def test_the_physical_property_check_finds_them():
    for written in ("margin-left: 1rem", "padding-right:0", "float: right", "left: 0", "text-align: left"):
        assert PHYSICAL.search(written), written
    for written in ("margin-inline-start: 1rem", "text-align: start", "inset-inline-start: -999px"):
        assert not PHYSICAL.search(written), written
