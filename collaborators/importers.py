"""Excel import of the province's collaborator list (the spreadsheets framework).

Rows are checked cell by cell, then set-based (phones repeated in the file or
already used, communes not of this province), before anything is saved; the
commit writes every valid row in the framework's one transaction, creating the
logins with temporary passwords kept until the importer prints them once.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from socialwork.accounts.capabilities import require
from socialwork.accounts.models import Role, User
from socialwork.accounts.phones import normalize_phone
from socialwork.accounts.services import temporary_password
from socialwork.areas.selectors import legacy_commune_successors, province_communes
from socialwork.search import search_key
from socialwork.spreadsheets import parsing, sql
from socialwork.spreadsheets.importers import Column, Importer, register
from socialwork.spreadsheets.messages import row_message

from . import services
from .models import Collaborator, IssuedLogin, Organisation, Qualification, Sex

KIND = "collaborators"


def _choice(choices, what: str):
    by_key = {}
    for value, label in choices:
        by_key[search_key(str(label))] = value
        by_key[search_key(value.replace("_", " "))] = value

    def parse(text: str) -> str:
        try:
            return by_key[search_key(text)]
        except KeyError:
            allowed = ", ".join(str(label) for _v, label in choices)
            raise parsing.CellError(
                N_("“%(value)s” không phải %(what)s hợp lệ (chọn: %(allowed)s)."),
                value=text,
                what=what,
                allowed=allowed,
            ) from None

    return parse


def parse_phone(text: str) -> str:
    phone = normalize_phone(text)
    if phone is None:
        raise parsing.CellError(
            N_("Số điện thoại “%(value)s” không đúng định dạng di động Việt Nam."), value=text
        )
    return phone


def parse_commune(text: str) -> str:
    # Matched against the province's communes in validate(): by code or by name.
    return search_key(text)


@register
class CollaboratorImporter(Importer):
    kind = KIND
    model = Collaborator
    # The family and middle names go to the login's last_name, the longest part.
    stored_in = {"full_name": (User, "last_name")}
    label = gettext_lazy("Danh sách cộng tác viên CTXH")
    columns = [
        Column("full_name", "Họ và tên", aliases=("Họ tên",), required=True),
        Column(
            "phone",
            "Số điện thoại",
            aliases=("Điện thoại", "SĐT"),
            required=True,
            parse=parse_phone,
        ),
        Column(
            "commune",
            "Xã/phường",
            aliases=("Xã", "Phường", "Mã xã"),
            required=True,
            parse=parse_commune,
        ),
        Column("village", "Thôn, buôn, tổ dân phố", aliases=("Thôn", "Thôn/buôn")),
        Column("birth_year", "Năm sinh", parse=parsing.parse_int),
        Column("sex", "Giới tính", parse=_choice(Sex.choices, gettext_lazy("giới tính"))),
        Column(
            "organisation",
            "Tổ chức",
            aliases=("Đơn vị", "Đoàn thể"),
            parse=_choice(Organisation.choices, gettext_lazy("tổ chức")),
        ),
        Column("appointment_number", "Số quyết định", aliases=("Số QĐ",)),
        Column(
            "appointment_date", "Ngày quyết định", aliases=("Ngày QĐ",), parse=parsing.parse_date
        ),
        Column("started_on", "Ngày bắt đầu", required=True, parse=parsing.parse_date),
        Column(
            "qualification",
            "Trình độ CTXH",
            aliases=("Trình độ",),
            parse=_choice(Qualification.choices, gettext_lazy("trình độ")),
        ),
        Column(
            "monthly_allowance", "Phụ cấp hằng tháng", aliases=("Phụ cấp",), parse=parsing.parse_int
        ),
    ]

    example = {
        "full_name": "Trần Thị Mai",
        "phone": "0912345678",
        "commune": "Xã Ea Tu",
        "village": "Thôn 2",
        "birth_year": "1988",
        "sex": "Nữ",
        "organisation": "Hội Liên hiệp Phụ nữ",
        "appointment_number": "12/QĐ-UBND",
        "appointment_date": "01/08/2025",
        "started_on": "01/08/2025",
        "qualification": "Bồi dưỡng, tập huấn ngắn hạn",
        "monthly_allowance": "500.000",
    }

    def code_lists(self) -> list[tuple[str, list[tuple[str, str]]]]:
        def typed(choices) -> list[tuple[str, str]]:
            # What to type is the Vietnamese label (the parser reads it); the
            # meaning column follows the user's language.
            meanings = {value: str(label) for value, label in choices}
            with translation.override("vi"):
                return [(str(label), meanings[value]) for value, label in choices]

        return [
            (
                "Xã/phường " + _("(tên hoặc mã, bản đồ từ 01/07/2025)"),
                [(u.name, u.code) for u in province_communes()],
            ),
            ("Tổ chức", typed(Organisation.choices)),
            ("Trình độ CTXH", typed(Qualification.choices)),
            ("Giới tính", typed(Sex.choices)),
        ]

    def __init__(self) -> None:
        self._current: set[str] | None = None
        self._legacy: dict[str, list[str]] = {}

    def _old_commune_hint(self, values, errors) -> None:
        """An old (pre-2025) commune name where the new one belongs: name the
        communes it became (cached per name: one query per distinct name)."""
        typed = values.get("commune")
        if not typed:
            return
        if self._current is None:
            self._current = set()
            for unit in province_communes():
                self._current.update((unit.code, unit.search_name))
        if typed in self._current:
            return
        if typed not in self._legacy:
            self._legacy[typed] = [
                unit.name
                for unit in legacy_commune_successors(
                    name=typed, province_code=settings.PORTAL_PROVINCE_CODE
                )
            ]
        if self._legacy[typed]:
            values["commune_is_old"] = True
            errors.append(row_message(
                "Xã/phường",
                N_("Đây là tên xã cũ (trước 01/07/2025), nay thuộc: %(new)s. "
                   "Ghi tên xã/phường mới."), new=", ".join(self._legacy[typed]),
            ))  # fmt: skip

    def clean_row(self, values, errors) -> None:
        self._old_commune_hint(values, errors)
        year = values.get("birth_year")
        if year is not None and not 1900 <= year <= datetime.date.today().year:  # noqa: DTZ011
            errors.append(row_message("Năm sinh", N_("Năm sinh không hợp lệ.")))
        allowance = values.get("monthly_allowance")
        if allowance is not None and allowance < 0:
            errors.append(row_message("Phụ cấp hằng tháng", N_("Phụ cấp không được âm.")))

    def validate(self, job) -> None:
        sql.flag_duplicates(
            job,
            key="phone",
            column="Số điện thoại",
            message=N_("Số điện thoại trùng với dòng {rows} của tệp."),
        )
        sql.flag_existing(
            job,
            key="phone",
            queryset=User.objects.filter(phone__isnull=False),
            field="phone",
            column="Số điện thoại",
            message=N_("Số điện thoại đã được dùng cho một tài khoản khác."),
        )
        communes, params = province_communes().values("code", "search_name").query.sql_with_params()
        sql.flag_rows(
            job,
            select_sql=f"""
                SELECT r.id FROM {{staging}} r
                WHERE r.job_id = %s AND coalesce(r.normalised ->> 'commune', '') <> ''
                  AND NOT r.normalised ? 'commune_is_old'
                  AND NOT EXISTS (SELECT 1 FROM ({communes}) AS c(code, search_name)
                                  WHERE c.code = r.normalised ->> 'commune'
                                     OR c.search_name = r.normalised ->> 'commune')
            """,  # noqa: S608 (the subquery is compiled by the ORM; values are parameters)
            params=[job.pk, *params],
            column="Xã/phường",
            message=N_("Không có xã/phường này trong tỉnh (ghi tên hoặc mã xã sau sáp nhập)."),
        )

    def next_steps(self, job) -> list[tuple[str, str]]:
        url = reverse("collaborators:import_logins", args=[job.pk])
        return [(_("In danh sách tài khoản và mật khẩu tạm"), url)]

    def commit(self, job, actor) -> int:
        """All valid rows at once: users, collaborators, and the logins to print."""
        require(actor, "import.upload")
        communes = {}
        for unit in province_communes():
            communes[unit.code] = unit
            communes.setdefault(unit.search_name, unit)
        rows = list(job.rows.filter(status="valid").order_by("row_number"))
        taken = set(
            User.objects.filter(username__startswith="ctv").values_list("username", flat=True)
        )
        users, passwords = [], []
        for row in rows:
            values = row.normalised
            last_name, first_name = services.split_full_name(values["full_name"])
            username = f"ctv{values['phone']}"
            n = 2
            while username in taken:
                username, n = f"ctv{values['phone']}-{n}", n + 1
            taken.add(username)
            password = temporary_password()
            passwords.append(password)
            # Each login has its own password, so each needs its own hash.
            users.append(
                User(
                    username=username,
                    role=Role.COLLABORATOR,
                    area=communes[values["commune"]],
                    phone=values["phone"],
                    last_name=last_name,
                    first_name=first_name,
                    password=make_password(password),
                    must_change_password=True,
                )
            )
        users = User.objects.bulk_create(users)
        iso = datetime.date.fromisoformat
        Collaborator.objects.bulk_create(
            Collaborator(
                user=user,
                birth_year=row.normalised.get("birth_year"),
                sex=row.normalised.get("sex") or "",
                village=row.normalised.get("village") or "",
                organisation=row.normalised.get("organisation") or Organisation.OTHER,
                appointment_number=row.normalised.get("appointment_number") or "",
                appointment_date=(
                    iso(row.normalised["appointment_date"])
                    if row.normalised.get("appointment_date")
                    else None
                ),
                started_on=iso(row.normalised["started_on"]),
                qualification=row.normalised.get("qualification") or Qualification.NONE,
                monthly_allowance=row.normalised.get("monthly_allowance") or 0,
            )
            for user, row in zip(users, rows, strict=True)
        )
        IssuedLogin.objects.bulk_create(
            IssuedLogin(
                import_job_id=job.pk, user=user, temporary_password=password, created_by=actor
            )
            for user, password in zip(users, passwords, strict=True)
        )
        return len(users)
