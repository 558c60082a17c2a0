import pytest

from socialwork.spreadsheets.parsing import CellError, parse_date, parse_decimal, parse_int


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/2025", "2025-04-03"),
        ("3/4/2025", "2025-04-03"),
        ("03-04-2025", "2025-04-03"),
        ("2025-04-03", "2025-04-03"),
    ],
)
def test_dates_are_day_first(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2025", "2025", "hôm qua"])
def test_bad_dates_say_the_format(text):
    with pytest.raises(CellError, match="dd/mm/yyyy"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567", "1234567"),
        ("2,5", "2.5"),
        ("500000", "500000"),
        ("1.5", "1.5"),
        ("1.234,5", "1234.5"),
        ("-3", "-3"),
    ],
)
def test_vietnamese_numbers(text, expected):
    assert str(parse_decimal(text)) == expected


def test_int_refuses_fractions_and_text():
    assert parse_int("540.000") == 540000
    with pytest.raises(CellError):
        parse_int("2,5")
    with pytest.raises(CellError):
        parse_int("12abc")
