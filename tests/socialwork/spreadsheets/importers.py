"""Importer kinds used only by the tests: they prove the framework end to end.

"test_users" imports collaborator logins: required columns, a date, a number,
duplicates inside the file, usernames already registered, unknown commune
codes; its commit writes real rows (users). "test_broken" writes and then fails,
to prove a failed commit leaves nothing behind.
"""

import datetime

from socialwork.accounts.models import Role, User
from socialwork.areas.models import AdministrativeUnit, CodeSet, Level
from socialwork.spreadsheets import parsing, sql
from socialwork.spreadsheets.importers import Column, Importer, register


def _username(text: str) -> str:
    return text.strip().lower()


@register
class UserImporter(Importer):
    kind = "test_users"
    label = "Tài khoản thử"
    columns = [
        Column("username", "Tên đăng nhập", aliases=("Tài khoản",), required=True, parse=_username),
        Column("full_name", "Họ và tên", aliases=("Họ tên",), required=True),
        Column("birth_date", "Ngày sinh", parse=parsing.parse_date),
        Column("commune", "Mã xã", required=True),
        Column("phone", "Số điện thoại"),
        Column("amount", "Số tiền", parse=parsing.parse_int),
    ]

    def clean_row(self, values, errors):
        born = values.get("birth_date")
        if born and datetime.date.fromisoformat(born) > datetime.date(2025, 12, 31):
            errors.append({"column": "Ngày sinh", "message": "Ngày sinh ở tương lai."})

    def validate(self, job):
        sql.flag_duplicates(
            job, key="username", column="Tên đăng nhập", message="Trùng với dòng {rows}."
        )
        sql.flag_existing(
            job,
            key="username",
            queryset=User.objects.all(),
            field="username",
            column="Tên đăng nhập",
            message="Đã có tài khoản này.",
        )
        sql.flag_unknown(
            job,
            key="commune",
            queryset=AdministrativeUnit.objects.filter(
                code_set=CodeSet.CURRENT, level=Level.COMMUNE
            ),
            field="code",
            column="Mã xã",
            message="Không có mã xã này.",
        )

    def commit(self, job, actor):
        rows = list(job.rows.filter(status="valid").values_list("normalised", flat=True))
        communes = dict(
            AdministrativeUnit.objects.filter(
                code_set=CodeSet.CURRENT, code__in={r["commune"] for r in rows}
            ).values_list("code", "id")
        )
        users = User.objects.bulk_create(
            User(
                username=r["username"],
                first_name=r["full_name"],
                role=Role.COLLABORATOR,
                area_id=communes[r["commune"]],
                phone=r["phone"],
            )
            for r in rows
        )
        return len(users)


@register
class BrokenImporter(UserImporter):
    kind = "test_broken"

    def validate(self, job):
        pass

    def commit(self, job, actor):
        super().commit(job, actor)
        raise RuntimeError("the register refused the rows")


# What each row's parse saw of its job: the total must be known before row 1.
SEEN_TOTALS: list[int] = []


def _note_total(text: str) -> str:
    from socialwork.spreadsheets.models import ImportJob

    SEEN_TOTALS.append(ImportJob.objects.order_by("-pk").values_list("total_rows", flat=True)[0])
    return text


@register
class ProgressImporter(Importer):
    kind = "test_progress"
    label = "Đếm dòng"
    columns = [Column("name", "Tên", required=True, parse=_note_total)]
    example = {"name": "An"}

    def code_lists(self):
        return [("Mã thử", [("A", "Loại A"), ("=1+1", "Không phải công thức")])]

    def commit(self, job, actor):
        return job.rows.filter(status="valid").count()
