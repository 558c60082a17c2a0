"""Seed the national social-assistance standard (DOMAIN.md §0.2, §2).

540,000 đồng from 1/7/2026 is reported under Decree 335/2026 but not verified
(errata 7): it is stored unconfirmed, so it is not applied until the
department confirms it.
"""

import datetime

from django.db import migrations

LEVELS = [
    (360_000, datetime.date(2021, 7, 1), "Nghị định 20/2021/NĐ-CP, Điều 4", True),
    (500_000, datetime.date(2024, 7, 1), "Nghị định 76/2024/NĐ-CP (sửa đổi Nghị định 20/2021)", True),
    (
        540_000,
        datetime.date(2026, 7, 1),
        "Nghị định 335/2026/NĐ-CP [U] — CHƯA XÁC NHẬN: theo tin báo chí, chưa đối chiếu văn bản; "
        "chỉ áp dụng khi Sở xác nhận.",
        False,
    ),
]


def seed(apps, schema_editor):
    StandardLevel = apps.get_model("allowances", "StandardLevel")
    for amount, valid_from, basis, confirmed in LEVELS:
        StandardLevel.objects.update_or_create(
            scope="national",
            valid_from=valid_from,
            defaults={"amount": amount, "legal_basis": basis, "confirmed": confirmed},
        )


def unseed(apps, schema_editor):
    StandardLevel = apps.get_model("allowances", "StandardLevel")
    StandardLevel.objects.filter(scope="national", valid_from__in=[v for _, v, _, _ in LEVELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("allowances", "0001_standard_level")]

    operations = [migrations.RunPython(seed, unseed)]
