import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkroute.core.values import CEFRLevel, is_valid_bsn


def _with_check_digit(first_eight: str) -> str | None:
    total = sum(int(digit) * weight for digit, weight in zip(first_eight, range(9, 1, -1), strict=True))
    check = total % 11
    return None if check == 10 else first_eight + str(check)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_numbers_built_with_the_eleven_test_are_valid(first_eight):
    bsn = _with_check_digit(first_eight)
    if bsn is not None and bsn != "000000000":
        assert is_valid_bsn(bsn)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 8), st.integers(1, 9))
def test_changing_one_digit_breaks_the_eleven_test(bsn, position, delta):
    if not is_valid_bsn(bsn):
        return
    digits = list(bsn)
    digits[position] = str((int(digits[position]) + delta) % 10)
    assert not is_valid_bsn("".join(digits))


@pytest.mark.parametrize("value", ["123456789", "12345678a", "1234567", "", "0000000000", "000000000"])
def test_invalid_bsns(value):
    assert not is_valid_bsn(value)


@pytest.mark.parametrize("value", ["111222333", "123456782"])
def test_known_valid_bsns(value):
    assert is_valid_bsn(value)


def test_cefr_rank_orders_levels_and_rejects_unknown_ones():
    assert [CEFRLevel.rank(level) for level in ("A0", "B1", "C2")] == [0, 3, 6]
    with pytest.raises(ValueError, match="unknown CEFR level"):
        CEFRLevel.rank("B3")


def test_the_oldest_possible_date_of_birth_is_120_years_back_also_from_a_leap_day():
    import datetime as dt

    from django.core.exceptions import ValidationError

    from werkroute.core.values import earliest_date_of_birth, validate_date_of_birth

    assert earliest_date_of_birth(dt.date(2020, 2, 29)) == dt.date(1900, 2, 28)  # 1900 was no leap year
    validate_date_of_birth(dt.date(1900, 3, 1), today=dt.date(2020, 2, 29))
    for impossible in (dt.date(1800, 1, 1), dt.date(1900, 2, 27), dt.date(2020, 3, 1)):
        with pytest.raises(ValidationError):
            validate_date_of_birth(impossible, today=dt.date(2020, 2, 29))
