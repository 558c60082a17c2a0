"""The category of people in extreme hardship with no one to care for them,
counted by indicator TGXH-966a (Decision 966/QĐ-TTg, DOMAIN §1.2). Data only:
the register already links people to categories with dated validity."""

from django.db import migrations

CODE = "YT-KHONGCHAMSOC"  # cases.models.NO_CARER_CATEGORY, frozen here


def load(apps, schema_editor):
    Category = apps.get_model("cases", "Category")
    last = Category.objects.order_by("-sort_order").values_list("sort_order", flat=True).first()
    Category.objects.update_or_create(
        code=CODE,
        defaults={
            "name": "Người có hoàn cảnh đặc biệt khó khăn, không có người chăm sóc",
            "group": "vulnerable",
            "legal_reference": "QĐ 966/QĐ-TTg; NĐ 20/2021, Điều 24",
            "sensitive": False,
            "priority_child": False,
            "sort_order": (last or 0) + 1,
        },
    )


def unload(apps, schema_editor):
    apps.get_model("cases", "Category").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_referral_inbox_counts")]

    operations = [migrations.RunPython(load, unload)]
