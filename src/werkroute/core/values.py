"""Shared value types of the domain: CEFR levels, ISCED levels, the BSN eleven-test, date helpers.

No business rules live here, only facts about standards that several apps rely on.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CEFRLevel(models.TextChoices):
    """Common European Framework of Reference levels (ERK), with A0 for 'no command of the language yet'."""

    A0 = "A0", "A0"
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"

    @classmethod
    def rank(cls, level: str) -> int:
        """Position on the scale (A0 = 0 … C2 = 6); raises ValueError for an unknown level."""
        try:
            return cls.values.index(level)
        except ValueError:
            raise ValueError(f"unknown CEFR level: {level!r}") from None


class ISCEDLevel(models.IntegerChoices):
    """ISCED 2011 levels of education."""

    EARLY = 0, _("0 – geen of voorschools onderwijs")
    PRIMARY = 1, _("1 – basisonderwijs")
    LOWER_SECONDARY = 2, _("2 – lager voortgezet onderwijs")
    UPPER_SECONDARY = 3, _("3 – hoger voortgezet onderwijs")
    POST_SECONDARY = 4, _("4 – postsecundair, niet-tertiair")
    SHORT_TERTIARY = 5, _("5 – kort tertiair onderwijs")
    BACHELOR = 6, _("6 – bachelor")
    MASTER = 7, _("7 – master")
    DOCTORATE = 8, _("8 – doctoraat")


def is_valid_bsn(value: str) -> bool:
    """The eleven-test (elfproef) of the Dutch citizen service number.

    Nine digits d1..d9 are valid when 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 (and not zero).
    Eight-digit numbers are valid with a leading zero.
    """
    digits = value.strip()
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total != 0 and total % 11 == 0


def validate_bsn(value: str) -> None:
    # The value itself is never put in the message: it must not end up in logs or error pages.
    if not is_valid_bsn(value):
        raise ValidationError(
            _("Dit is geen geldig BSN: het voldoet niet aan de elfproef."), code="invalid_bsn"
        )


def add_weeks(day: dt.date, weeks: int) -> dt.date:
    return day + dt.timedelta(weeks=weeks)


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


# Ages a person can plausibly have when a municipality registers them for guidance to work. The
# integration duty (Wet inburgering 2021) starts at 16; a year's margin leaves room for a file opened
# shortly before. A hundred is beyond any working life: an older age is a typing error (1850 for 1950).
MIN_AGE_AT_REGISTRATION = 15
MAX_AGE_AT_REGISTRATION = 100


def birth_date_problem(date_of_birth: dt.date, registered_on: dt.date) -> str | None:
    """Why ``date_of_birth`` cannot be true for someone registered on ``registered_on``, or None."""
    age = age_on(date_of_birth, registered_on)
    if age < MIN_AGE_AT_REGISTRATION:
        return str(
            _(
                "Met deze geboortedatum was de klant bij de inschrijving %(age)s jaar; Werkroute begeleidt "
                "mensen vanaf %(minimum)s jaar. Controleer het geboortejaar."
            )
            % {"age": max(age, 0), "minimum": MIN_AGE_AT_REGISTRATION}
        )
    if age > MAX_AGE_AT_REGISTRATION:
        return str(
            _(
                "Met deze geboortedatum was de klant bij de inschrijving %(age)s jaar. Controleer het "
                "geboortejaar."
            )
            % {"age": age}
        )
    return None


# Nobody we guide is older than this; a date of birth further back is a typing error (1800 for 1980) or
# an attack on the age arithmetic, and would make every age-based figure wrong.
OLDEST_AGE = 120


def earliest_date_of_birth(today: dt.date) -> dt.date:
    """The earliest date of birth that can be true on ``today`` (:data:`OLDEST_AGE` years back)."""
    try:
        return today.replace(year=today.year - OLDEST_AGE)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - OLDEST_AGE, day=28)


def validate_date_of_birth(value: dt.date, today: dt.date | None = None) -> None:
    """Refuse a date of birth in the future or more than :data:`OLDEST_AGE` years ago."""
    today = today or dt.date.today()
    if value > today:
        raise ValidationError(_("De geboortedatum ligt in de toekomst."), code="birth_in_future")
    if value < earliest_date_of_birth(today):
        raise ValidationError(
            _("Een geboortedatum van meer dan %(years)s jaar geleden kan niet kloppen.")
            % {"years": OLDEST_AGE},
            code="birth_too_long_ago",
        )
