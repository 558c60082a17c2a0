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


@pytest.mark.parametrize("text", ["2025", "hôm qua", "31/02"])
def test_bad_dates_say_the_format(text):
    with pytest.raises(CellError, match="dd/mm/yyyy"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("31/02/1990", "Ngày 31/02 không có: tháng 2 năm 1990 chỉ có 28 ngày"),
        ("29/02/2023", "Ngày 29/02 không có: tháng 2 năm 2023 chỉ có 28 ngày"),
        ("31/04/2020", "Ngày 31/04 không có: tháng 4 năm 2020 chỉ có 30 ngày"),
        ("12/13/2020", "Tháng 13 không có"),
    ],
)
def test_impossible_days_name_the_day_not_the_format(text, says):
    with pytest.raises(CellError, match=says) as raised:
        parse_date(text)
    assert "dd/mm/yyyy" not in str(raised.value)


def test_a_leap_day_is_a_day():
    assert parse_date("29/02/2024") == "2024-02-29"


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
