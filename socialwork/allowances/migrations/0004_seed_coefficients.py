"""Seed the Decree 20/2021 Art. 6 coefficients (DOMAIN.md §2.1) as dated data.

Frozen here: a migration must not change when code changes. Rows DOMAIN marks
[U] or [S] are seeded with `needs_review` and a note; the department edits them
(a new row with its own valid_from, or valid_to on the old one).
"""

import datetime
from decimal import Decimal

from django.db import migrations

D20 = datetime.date(2021, 7, 1)
ART6 = "NĐ 20/2021/NĐ-CP, Điều 6 khoản 1"

# (group, min_age, max_age (exclusive), coefficient, valid_to, note)
ROWS = [
    ("ND20-5.1", None, 4, "2.5", None, ""),
    ("ND20-5.1", 4, 16, "1.5", None, ""),
    # "Từ 16 tuổi đến 22 tuổi": 22 included.
    ("ND20-5.2", 16, 23, "1.5", None, ""),
    ("ND20-5.3", None, 4, "2.5", None, ""),
    ("ND20-5.3", 4, 16, "2.0", None, ""),
    # Per child raised (the entitlement's units).
    ("ND20-5.4", None, None, "1.0", None, ""),
    ("ND20-5.5a", 60, 80, "1.5", None, ""),
    ("ND20-5.5a", 80, None, "2.0", None, ""),
    (
        "ND20-5.5b", 75, 80, "1.0", None,
        "[U] Nghị định 76/2024 có thể đã bỏ điều kiện địa bàn: cần đối chiếu văn bản.",
    ),
    (
        "ND20-5.5c", 80, None, "1.0", datetime.date(2025, 6, 30),
        "[S] Từ 01/7/2025 chuyển sang trợ cấp hưu trí xã hội (Luật BHXH 2024): cần đối chiếu.",
    ),
    ("ND20-5.5d", 60, None, "3.0", None, ""),
    # Child (<16) or older person (60+) with disability: the higher coefficient.
    ("ND20-5.6-especially", None, 16, "2.5", None, ""),
    ("ND20-5.6-especially", 16, 60, "2.0", None, ""),
    ("ND20-5.6-especially", 60, None, "2.5", None, ""),
    ("ND20-5.6-severe", None, 16, "2.0", None, ""),
    ("ND20-5.6-severe", 16, 60, "1.5", None, ""),
    ("ND20-5.6-severe", 60, None, "2.0", None, ""),
    ("ND20-5.7", None, 3, "1.5", None, ""),
    ("ND20-5.8", None, None, "1.5", None, ""),
]


def seed(apps, schema_editor):
    Coefficient = apps.get_model("allowances", "Coefficient")
    Coefficient.objects.bulk_create(
        [
            Coefficient(
                group=group,
                sub_case="",
                min_age=min_age,
                max_age=max_age,
                coefficient=Decimal(coefficient),
                valid_from=D20,
                valid_to=valid_to,
                legal_basis=ART6,
                needs_review=bool(note),
                note=note,
            )
            for group, min_age, max_age, coefficient, valid_to, note in ROWS
        ]
    )


def unseed(apps, schema_editor):
    apps.get_model("allowances", "Coefficient").objects.filter(valid_from=D20).delete()


class Migration(migrations.Migration):
    dependencies = [("allowances", "0003_allowance_workflow")]

    operations = [migrations.RunPython(seed, unseed)]
