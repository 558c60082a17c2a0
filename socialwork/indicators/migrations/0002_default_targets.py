"""The national default targets for the portal province (DOMAIN §1.1).

Where the province is not loaded yet (a fresh database: areas come from a
management command), nothing is inserted here; the job loads the defaults on
its first run (services.target_defaults_load)."""

from decimal import Decimal

from django.conf import settings
from django.db import migrations

DEFAULT_TARGETS = [
    ("CTXH-01", 2025, "60", True, "QĐ 112/QĐ-TTg"),
    ("CTXH-01", 2030, "90", True, "QĐ 112/QĐ-TTg (theo báo chí, chưa đối chiếu văn bản gốc)"),
    ("CTXH-02", 2025, "50", True, "QĐ 112/QĐ-TTg"),
    ("CTXH-02", 2030, "60", True, "QĐ 112/QĐ-TTg"),
    ("CTXH-03", 2025, "20", True, "QĐ 112/QĐ-TTg: tăng 20% so với năm 2020"),
    ("CTXH-03", 2030, "30", False, "Chưa xác nhận (DOMAIN §1.1): kiểm tra mục 2(b) QĐ 112"),
    ("CTXH-04", 2025, "30", True, "QĐ 112/QĐ-TTg"),
    ("CTXH-04", 2030, "50", False, "Chưa xác nhận (DOMAIN §1.1): kiểm tra mục 2(b) QĐ 112"),
    ("CTXH-05", 2025, "85", True, "QĐ 112/QĐ-TTg"),
    ("CTXH-05", 2030, "90", True, "Theo kế hoạch tỉnh Phú Yên"),
    ("TGXH-966a", 2030, "90", True, "QĐ 966/QĐ-TTg"),
]


def load(apps, schema_editor):
    Unit = apps.get_model("areas", "AdministrativeUnit")
    Target = apps.get_model("indicators", "IndicatorTarget")
    province = Unit.objects.filter(
        code_set="2025-07", level="province", code=settings.PORTAL_PROVINCE_CODE
    ).first()
    if province is None:
        return
    Target.objects.bulk_create(
        [
            Target(
                code=code,
                unit=province,
                year=year,
                value=Decimal(value),
                confirmed=confirmed,
                source_note=note,
            )
            for code, year, value, confirmed, note in DEFAULT_TARGETS
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_indicator_tables")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
