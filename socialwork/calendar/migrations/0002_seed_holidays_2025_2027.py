"""Seed the legal holidays of 2025–2027 (Labour Code 2019 Art. 112).

Legal days: Tết Dương lịch 1/1; Tết Nguyên đán 5 days; Giỗ Tổ Hùng Vương 10/3
lunar; 30/4; 1/5; Quốc khánh 2/9 with one adjacent day. A legal day on a
weekend gives a compensatory day off on the next working day. Each year the
government announces the exact arrangement (swapped working days): the
department edits these rows; days seeded before an official notice was read
are marked unconfirmed.
"""

import datetime

from django.db import migrations

H, OFF, WORK = "holiday", "day_off", "working_day"
TET = "Tết Nguyên đán"
GIO_TO = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
NATIONAL = "Quốc khánh"
NEW_YEAR = "Tết Dương lịch"
REUNIFICATION = "Ngày Chiến thắng 30/4"
LABOUR = "Quốc tế Lao động 1/5"

# (date, name, kind, confirmed, note)
DAYS = [
    # 2025
    ((2025, 1, 1), NEW_YEAR, H, True, ""),
    *[((2025, 1, d), TET, H, True, "Nghỉ Tết 25/01–02/02/2025") for d in (27, 28, 29, 30, 31)],
    ((2025, 4, 7), GIO_TO, H, True, ""),
    ((2025, 4, 26), "Làm bù cho ngày 02/5/2025", WORK, True, "Hoán đổi ngày làm việc 02/5 ↔ 26/4"),
    ((2025, 4, 30), REUNIFICATION, H, True, ""),
    ((2025, 5, 1), LABOUR, H, True, ""),
    ((2025, 5, 2), "Nghỉ hoán đổi (làm bù 26/4/2025)", OFF, True, "Nghỉ 30/4–04/5/2025"),
    ((2025, 9, 1), NATIONAL + " (ngày liền kề)", H, True, "Nghỉ 30/8–02/9/2025"),
    ((2025, 9, 2), NATIONAL, H, True, ""),
    # 2026
    ((2026, 1, 1), NEW_YEAR, H, True, ""),
    *[((2026, 2, d), TET, H, True, "Nghỉ Tết 14/02–22/02/2026") for d in (16, 17, 18, 19, 20)],
    ((2026, 4, 26), GIO_TO, H, True, "Trùng Chủ nhật"),
    ((2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương", OFF, True, "Giỗ Tổ trùng Chủ nhật 26/4"),
    ((2026, 4, 30), REUNIFICATION, H, True, ""),
    ((2026, 5, 1), LABOUR, H, True, ""),
    ((2026, 9, 1), NATIONAL + " (ngày liền kề)", H, False, "Ngày liền kề 1/9 hay 3/9: kiểm tra"),
    ((2026, 9, 2), NATIONAL, H, True, ""),
    # 2027: Tết (mùng 1) falls on Saturday 6/2/2027. Computed, not yet announced.
    ((2027, 1, 1), NEW_YEAR, H, True, ""),
    *[
        ((2027, 2, d), TET, H, False, "Tính trước: 30 Tết đến mùng 4 (05–09/02/2027)")
        for d in (5, 6, 7, 8, 9)
    ],
    ((2027, 2, 10), "Nghỉ bù Tết (mùng 1 trùng thứ Bảy)", OFF, False, "Tính trước"),
    ((2027, 2, 11), "Nghỉ bù Tết (mùng 2 trùng Chủ nhật)", OFF, False, "Tính trước"),
    ((2027, 4, 16), GIO_TO, H, True, ""),
    ((2027, 4, 30), REUNIFICATION, H, True, ""),
    ((2027, 5, 1), LABOUR, H, True, "Trùng thứ Bảy"),
    ((2027, 5, 3), "Nghỉ bù Quốc tế Lao động", OFF, True, "1/5 trùng thứ Bảy"),
    ((2027, 9, 2), NATIONAL, H, True, ""),
    ((2027, 9, 3), NATIONAL + " (ngày liền kề)", H, False, "Ngày liền kề 1/9 hay 3/9: kiểm tra"),
]


def seed(apps, schema_editor):
    PublicHoliday = apps.get_model("workcalendar", "PublicHoliday")
    for (year, month, day), name, kind, confirmed, note in DAYS:
        PublicHoliday.objects.update_or_create(
            date=datetime.date(year, month, day),
            defaults={"name": name, "kind": kind, "confirmed": confirmed, "note": note},
        )


def unseed(apps, schema_editor):
    PublicHoliday = apps.get_model("workcalendar", "PublicHoliday")
    dates = [datetime.date(*d) for d, *_ in DAYS]
    PublicHoliday.objects.filter(date__in=dates).delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_public_holiday")]

    operations = [migrations.RunPython(seed, unseed)]
