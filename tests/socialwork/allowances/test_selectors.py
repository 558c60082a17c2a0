import datetime

import pytest
from django.db import IntegrityError

from socialwork.allowances.amounts import StandardLevelMissing
from socialwork.allowances.models import Group, StandardLevel
from socialwork.allowances.selectors import standard_level_on, transfer_dossier_rows

from .factories import EntitlementFactory, StandardLevelFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        (D(2021, 7, 1), 360_000),
        (D(2024, 6, 30), 360_000),
        (D(2024, 7, 1), 500_000),
        # 540,000 (Decree 335/2026) is seeded but unconfirmed: not applied.
        (D(2026, 8, 1), 500_000),
    ],
)
def test_national_levels_from_the_seed(day, amount):
    assert standard_level_on(day).amount == amount


def test_the_unconfirmed_level_is_seeded_and_says_so():
    level = StandardLevel.objects.get(scope="national", valid_from=D(2026, 7, 1))
    assert (level.amount, level.confirmed) == (540_000, False)
    assert "335/2026" in level.legal_basis and "CHƯA XÁC NHẬN" in level.legal_basis


def test_confirming_it_applies_it():
    StandardLevel.objects.filter(valid_from=D(2026, 7, 1)).update(confirmed=True)
    assert standard_level_on(D(2026, 7, 1)).amount == 540_000


def test_province_level_applies_while_higher():
    StandardLevelFactory(amount=450_000, valid_from=D(2023, 1, 1))
    assert standard_level_on(D(2023, 6, 1)).scope == StandardLevel.Scope.PROVINCE
    assert standard_level_on(D(2023, 6, 1)).amount == 450_000
    # From 1/7/2024 the national 500,000 is higher: it applies.
    assert standard_level_on(D(2024, 7, 1)).scope == StandardLevel.Scope.NATIONAL


def test_no_level_before_2021_is_a_clear_error():
    with pytest.raises(StandardLevelMissing) as excinfo:
        standard_level_on(D(2021, 6, 30))
    assert excinfo.value.messages == [
        "Chưa có mức chuẩn trợ giúp xã hội áp dụng cho ngày 30/06/2021."
    ]


def test_one_level_per_scope_and_date():
    with pytest.raises(IntegrityError):
        StandardLevelFactory(scope="national", valid_from=D(2024, 7, 1))


def test_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        standard_level_on(D(2025, 1, 1))


def test_the_transfer_dossier_lines_keep_hiv_off_paper():
    older = EntitlementFactory(decision_number="1/QĐ-UBND")
    [(label, text)] = transfer_dossier_rows(older.beneficiary)
    assert label == "Trợ cấp xã hội hằng tháng" and "1/QĐ-UBND" in text and "5.5" in text
    child = EntitlementFactory(group=Group.CHILD_HIV)
    [(_label, text)] = transfer_dossier_rows(child.beneficiary)
    assert "HIV" not in text and "nhạy cảm" in text
