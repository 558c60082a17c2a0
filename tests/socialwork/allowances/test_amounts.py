import datetime

import pytest

from socialwork.allowances import amounts
from socialwork.allowances.amounts import StandardLevelMissing
from socialwork.allowances.selectors import coefficient_rows, level_rows

from .worked_cases import CASES

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def tables():
    return level_rows(), coefficient_rows()


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "rights", "month", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_worked_cases(tables, birth_date, birth_year, rights, month, expected):
    levels, coefficients = tables
    person = amounts.Person(
        birth_date=birth_date, birth_year=birth_year or (birth_date.year if birth_date else None)
    )
    result = amounts.monthly_amount(
        person=person,
        rights=[
            amounts.Right(group=g, start_month=s, end_month=e, units=u) for g, s, e, u in rights
        ],
        month=month,
        levels=levels,
        coefficients=coefficients,
    )
    assert result.amount == expected


def test_back_dated_rise_gives_arrears_for_each_month_paid_at_the_old_level(tables):
    levels, coefficients = tables
    # The province sets 600,000 from 1/3/2025, decided in May: March and April
    # were paid at 500,000 × 1.5 = 750,000; now due 900,000.
    levels = [*levels, amounts.Level(scope="province", amount=600_000, valid_from=D(2025, 3, 1))]
    person = amounts.Person(birth_date=D(1955, 1, 1), birth_year=1955)
    rights = [amounts.Right(group="ND20-5.5a", start_month=D(2024, 1, 1))]
    owed = amounts.arrears(
        person=person,
        rights=rights,
        earlier_months=[D(2025, 2, 1), D(2025, 3, 1), D(2025, 4, 1)],
        paid={D(2025, 2, 1): 750_000, D(2025, 3, 1): 750_000, D(2025, 4, 1): 750_000},
        levels=levels,
        coefficients=coefficients,
    )
    assert owed == {D(2025, 3, 1): 150_000, D(2025, 4, 1): 150_000}


def test_missing_standard_level_is_a_clear_error(tables):
    levels, coefficients = tables
    with pytest.raises(StandardLevelMissing) as excinfo:
        amounts.standard_for(levels, D(2021, 6, 1))
    assert excinfo.value.messages == [
        "Chưa có mức chuẩn trợ giúp xã hội áp dụng cho ngày 01/06/2021."
    ]


def test_missing_coefficient_is_a_clear_error(tables):
    _levels_, coefficients = tables
    with pytest.raises(amounts.CoefficientMissing) as excinfo:
        amounts.coefficient_for(
            coefficients, group="ND20-5.1", sub_case="", age=2, month=D(2021, 6, 1)
        )
    assert excinfo.value.messages == [
        "Chưa có hệ số trợ cấp của nhóm ND20-5.1 áp dụng cho tháng 06/2021."
    ]


@pytest.mark.parametrize(
    ("group", "birth", "decided", "certified", "filed", "expected"),
    [
        ("ND20-5.5a", D(1950, 3, 3), D(2025, 5, 20), None, D(2025, 5, 1), D(2025, 5, 1)),
        # Decided before the 80th birthday month: paid from that month.
        ("ND20-5.5c", D(1945, 8, 3), D(2025, 5, 20), None, D(2025, 5, 1), D(2025, 8, 1)),
        # Disability: from the certificate's month, not before the filing month.
        (
            "ND20-5.6-severe",
            D(1990, 1, 1),
            D(2025, 5, 20),
            D(2025, 4, 10),
            D(2025, 4, 12),
            D(2025, 4, 1),
        ),
        (
            "ND20-5.6-severe",
            D(1990, 1, 1),
            D(2025, 5, 20),
            D(2020, 4, 10),
            D(2025, 3, 2),
            D(2025, 3, 1),
        ),
    ],
)
def test_start_month(group, birth, decided, certified, filed, expected):
    person = amounts.Person(birth_date=birth, birth_year=birth.year)
    assert (
        amounts.start_month_for(
            group=group, decided_on=decided, person=person, filed_on=filed,
            disability_certified_on=certified,
        )
        == expected
    )  # fmt: skip
