"""Import of an existing beneficiary list (Excel/CSV) through the shared framework.

Provinces keep these lists in Excel, often still with pre-2025 commune and
district names: an old name is mapped through the succession table; where
the old commune was split, the row says which new communes it became and the
user writes the right one in the "Xã/phường (mới)" column. Duplicates are
checked set-based on the staging table: within the file (the lists of the
two former provinces against each other, by CCCD and by name + birth year +
commune) and against the register.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from socialwork.areas.selectors import legacy_commune_successors, province_communes
from socialwork.search import search_key
from socialwork.spreadsheets import parsing, sql
from socialwork.spreadsheets.importers import Column, Importer, register
from socialwork.spreadsheets.messages import row_message
from socialwork.spreadsheets.models import ImportRow

from . import category_ages
from . import cccd as cccd_rules
from .errors import SPLIT_COMMUNE
from .models import Beneficiary, BeneficiaryCategory, Category, Sex
from .models.beneficiaries import MIN_BIRTH_YEAR
from .names import clean_name, name_error
from .services import registered_on_error


def parse_birth(text: str) -> str:
    """A date dd/mm/yyyy, or a year alone (common for the elderly)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    return parsing.parse_date(text)


def parse_sex(text: str) -> str:
    key = search_key(text)
    if key in ("nam", "m", "male"):
        return Sex.MALE
    if key in ("nu", "f", "female"):
        return Sex.FEMALE
    raise parsing.CellError(N_("Giới tính phải là “Nam” hoặc “Nữ”."))


def parse_cccd(text: str) -> str:
    number = cccd_rules.normalise(text)
    if not re.fullmatch(r"[0-9]{12}", number):
        raise parsing.CellError(N_("Số CCCD phải gồm đúng 12 chữ số."))
    return number


def parse_codes(text: str) -> list[str]:
    return [code.strip() for code in re.split(r"[,;]", text) if code.strip()]


@register
class BeneficiaryImporter(Importer):
    kind = "beneficiaries"
    model = Beneficiary
    label = gettext_lazy("Danh sách đối tượng")
    columns = [
        Column("full_name", "Họ và tên", aliases=("Họ tên", "Ho ten"), required=True),
        Column("birth", "Ngày sinh", aliases=("Năm sinh", "Ngày/năm sinh"), parse=parse_birth),
        Column("sex", "Giới tính", parse=parse_sex),
        Column("cccd", "Số CCCD", aliases=("CCCD", "Số định danh"), parse=parse_cccd),
        Column("phone", "Số điện thoại", aliases=("Điện thoại", "SĐT")),
        Column("commune", "Xã/phường (mới)", aliases=("Xã/phường", "Xã mới")),
        Column("old_commune", "Xã cũ", aliases=("Xã/phường cũ", "Xã (trước 2025)")),
        Column("old_district", "Huyện cũ", aliases=("Huyện", "Quận/huyện")),
        Column("address", "Địa chỉ", aliases=("Thôn/buôn",)),
        Column("categories", "Mã nhóm đối tượng", aliases=("Nhóm",), parse=parse_codes),
        # The day the person entered the register (was identified); empty:
        # the import's day. The province's existing register keeps its dates.
        Column(
            "registered_on",
            "Ngày đăng ký",
            aliases=("Ngày xác định", "Ngày vào sổ", "Ngày phát hiện"),
            parse=parsing.parse_date,
        ),
    ]

    example = {
        "full_name": "Nguyễn Thị Hoa",
        "birth": "04/03/1985",
        "sex": "Nữ",
        "cccd": "066185000123",
        "phone": "0912345678",
        "commune": "",
        "old_commune": "Xã Ea Phê",
        "old_district": "Huyện Krông Pắc",
        "address": "Thôn 3",
        "categories": "ND20-5.4",
        "registered_on": "",
    }

    def code_lists(self) -> list[tuple[str, list[tuple[str, str]]]]:
        categories = Category.objects.filter(active=True).order_by("code")
        return [
            (
                self.header_of("categories") + " " + _("(nhiều mã cách nhau bằng dấu phẩy)"),
                [(c.code, c.name) for c in categories],
            ),
            (self.header_of("sex"), [("Nam", _("nam")), ("Nữ", _("nữ"))]),
            (
                self.header_of("commune") + " " + _("(bản đồ từ 01/07/2025)"),
                [(u.name, u.code) for u in province_communes()],
            ),
            (
                self.header_of("birth"),
                [("dd/mm/yyyy", _("ngày sinh đầy đủ")), ("yyyy", _("chỉ biết năm sinh"))],
            ),
        ]

    def row_warnings(self, values: dict[str, Any]) -> list[dict[str, str]]:
        """The CCCD soft checks of the person page and the API, on each row."""
        if not values.get("cccd"):
            return []
        column = self.header_of("cccd")
        return [
            row_message(column, msgid, **params)
            for msgid, params in cccd_rules.warning_entries(
                values["cccd"], birth_year=values.get("birth_year"), sex=values.get("sex")
            )
        ]

    def __init__(self) -> None:
        self._communes: dict[str, int] | None = None
        self._legacy: dict[tuple[str, str], list[tuple[int, str]]] = {}
        self._codes: dict[str, Category] | None = None

    # Lookups are cached per file: one query per distinct name, not per row.
    def _current(self) -> dict[str, int]:
        if self._communes is None:
            self._communes = {}
            for unit in province_communes():
                self._communes[unit.search_name] = unit.pk
                bare = unit.search_name.split(" ", 1)[-1]
                self._communes.setdefault(bare, unit.pk)
        return self._communes

    def _successors(self, name: str, district: str) -> list[tuple[int, str]]:
        key = (search_key(name), search_key(district))
        if key not in self._legacy:
            units = legacy_commune_successors(
                name=name,
                district_name=district or None,
                province_code=settings.PORTAL_PROVINCE_CODE,
            )
            self._legacy[key] = [(u.pk, u.name) for u in units]
        return self._legacy[key]

    def clean_row(self, values: dict[str, Any], errors: list[dict[str, str]]) -> None:
        # The readers compose the text (NFC); this drops invisible characters too.
        message = name_error(values.get("full_name"))
        values["full_name"] = clean_name(values.get("full_name"))
        if message:
            errors.append(row_message(self.header_of("full_name"), message))
        birth = values.get("birth")
        values["birth_date"] = values["birth_year"] = None
        if birth:
            year = int(birth[:4])
            if len(birth) > 4:
                values["birth_date"] = birth
            values["birth_year"] = year
            today = timezone.localdate()
            too_late = (
                datetime.date.fromisoformat(birth) > today if len(birth) > 4 else year > today.year
            )
            if too_late:
                errors.append(row_message(self.header_of("birth"),
                                          N_("Ngày sinh không thể ở tương lai.")))  # fmt: skip
            elif year < MIN_BIRTH_YEAR:
                errors.append(row_message(self.header_of("birth"),
                                          N_("Ngày sinh không thể trước năm 1900.")))  # fmt: skip
        registered_on = values.get("registered_on")
        if registered_on:
            message = registered_on_error(
                datetime.date.fromisoformat(registered_on),
                birth_date=(
                    datetime.date.fromisoformat(values["birth_date"])
                    if values["birth_date"]
                    else None
                ),
                birth_year=values["birth_year"],
            )
            if message:
                errors.append(row_message(self.header_of("registered_on"), message))
        values["commune_id"] = self._commune(values, errors)
        codes = values.get("categories") or []
        if self._codes is None:
            self._codes = {
                c.code: c for c in Category.objects.filter(active=True).select_related("parent")
            }
        unknown = [c for c in codes if c not in self._codes]
        if unknown:
            errors.append(row_message(
                self.header_of("categories"),
                N_("Mã nhóm đối tượng không tồn tại: %(codes)s."), codes=", ".join(unknown),
            ))  # fmt: skip
        # One key for "probably the same person" (compared set-based in validate).
        values["person_key"] = "|".join(
            [search_key(values.get("full_name")), str(values["birth_year"] or ""),
             str(values["commune_id"] or "")]
        )  # fmt: skip
        self._check_category_ages(values, errors)

    def _check_category_ages(self, values: dict[str, Any], errors: list[dict[str, str]]) -> None:
        """The groups tied to an age against the birth date, on the registration
        day (the import's day when empty): the rule of the page and the API."""
        entered = values.get("registered_on")
        born = values["birth_date"]
        for msgid, params in category_ages.age_problems(
            [self._codes[c] for c in values.get("categories") or [] if c in self._codes],
            birth_date=datetime.date.fromisoformat(born) if born else None,
            birth_year=values["birth_year"],
            on=datetime.date.fromisoformat(entered) if entered else timezone.localdate(),
        ):
            errors.append(row_message(self.header_of("categories"), msgid, **params))

    def _commune(self, values: dict[str, Any], errors: list[dict[str, str]]) -> int | None:
        current = values.get("commune")
        if current:
            found = self._current().get(search_key(current))
            if found is None and self._successors(current, values.get("old_district") or ""):
                # An old (pre-2025) name in the new-commune column: say where it goes.
                names = ", ".join(
                    name
                    for _pk, name in self._successors(current, values.get("old_district") or "")
                )
                errors.append(row_message(
                    self.header_of("commune"),
                    N_("“%(name)s” là xã cũ (nay thuộc: %(new)s): ghi vào cột "
                       "“%(old_column)s”, hoặc ghi tên xã/phường mới vào cột này."),
                    name=current, new=names, old_column=self.header_of("old_commune"),
                ))  # fmt: skip
            elif found is None:
                errors.append(row_message(
                    self.header_of("commune"),
                    N_("Không có xã/phường “%(name)s” trong tỉnh (bản đồ từ 01/07/2025)."),
                    name=current,
                ))  # fmt: skip
            return found
        old = values.get("old_commune")
        if not old:
            errors.append(row_message(self.header_of("commune"),
                                      N_("Cần ghi xã/phường mới hoặc xã cũ.")))  # fmt: skip
            return None
        successors = self._successors(old, values.get("old_district") or "")
        if len(successors) == 1:
            return successors[0][0]
        if not successors:
            errors.append(row_message(
                self.header_of("old_commune"),
                N_("Không tìm thấy xã cũ “%(name)s” trong tỉnh."), name=old,
            ))  # fmt: skip
            return None
        # The user picks one per row (cases: import_commune_picker); `code`
        # lets validate() drop this error once the choice is made.
        values["commune_options"] = [pk for pk, _name in successors]
        errors.append(row_message(
            self.header_of("old_commune"),
            N_("Xã cũ “%(name)s” nay thuộc nhiều xã/phường: %(options)s. "
               "Chọn xã/phường đúng cho dòng này, hoặc ghi vào cột “Xã/phường (mới)”."),
            code=SPLIT_COMMUNE,
            name=old, options=", ".join(name for _pk, name in successors),
        ))  # fmt: skip
        return None

    def _apply_commune_choices(self, job) -> None:
        """Where the user picked the new commune of a split old one: set the
        row's commune, drop that error, and the row is valid if nothing else
        is wrong. Set-based, before the duplicate checks see the commune."""
        choices = (job.options or {}).get("communes") or {}
        if not choices:
            return
        staging = connection.ops.quote_name(ImportRow._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {staging} AS r SET
                  chosen = jsonb_build_object('commune_id', c.commune_id::bigint),
                  normalised = r.normalised || jsonb_build_object(
                    'commune_id', c.commune_id::bigint,
                    'person_key', split_part(r.normalised ->> 'person_key', '|', 1) || '|'
                      || split_part(r.normalised ->> 'person_key', '|', 2) || '|'
                      || c.commune_id),
                  errors = coalesce((SELECT jsonb_agg(e) FROM jsonb_array_elements(r.errors) e
                                     WHERE e ->> 'code' IS DISTINCT FROM %s), '[]'::jsonb)
                FROM jsonb_each_text(%s::jsonb) AS c(row_number, commune_id)
                WHERE r.job_id = %s AND r.row_number = c.row_number::int
                  AND r.normalised -> 'commune_options' @> to_jsonb(c.commune_id::bigint)
                """,  # noqa: S608 (the table name comes from model metadata)
                [SPLIT_COMMUNE, json.dumps(choices), job.pk],
            )
            cursor.execute(
                f"UPDATE {staging} SET status = 'valid' "  # noqa: S608
                "WHERE job_id = %s AND status = 'invalid' AND errors = '[]'::jsonb",
                [job.pk],
            )

    def validate(self, job) -> None:
        self._apply_commune_choices(job)
        sql.flag_duplicates(
            job, key="cccd", column=self.header_of("cccd"),
            message=N_("Số CCCD trùng với dòng {rows} trong tệp."),
        )  # fmt: skip
        sql.flag_existing(
            job, key="cccd", queryset=Beneficiary.objects.filter(cccd__isnull=False),
            field="cccd", column=self.header_of("cccd"),
            message=N_("Số CCCD này đã có trong sổ đăng ký."),
        )  # fmt: skip
        sql.flag_duplicates(
            job, key="person_key", column=self.header_of("full_name"),
            message=N_("Cùng họ tên, năm sinh và xã với dòng {rows}: có thể là một người."),
        )  # fmt: skip
        sql.flag_rows(
            job,
            select_sql="""
                SELECT r.id FROM {staging} r
                WHERE r.job_id = %s AND r.normalised ->> 'commune_id' IS NOT NULL
                  AND EXISTS (
                    SELECT 1 FROM cases_beneficiary b
                    WHERE b.commune_id = (r.normalised ->> 'commune_id')::bigint
                      AND b.birth_year IS NOT DISTINCT FROM (r.normalised ->> 'birth_year')::int
                      AND b.search_key = vn_search_key(r.normalised ->> 'full_name')
                      AND b.merged_into_id IS NULL)
            """,
            params=[job.pk],
            column=self.header_of("full_name"),
            message=N_("Người cùng họ tên, năm sinh và xã đã có trong sổ đăng ký."),
        )

    # import_job_commit runs this in its one transaction and marks the rows.
    def row_actions(self, job) -> list[tuple[str, str]]:
        if not job.rows.filter(
            status="invalid", errors__contains=[{"code": SPLIT_COMMUNE}]
        ).exists():
            return []
        url = reverse("cases:import_communes", args=[job.pk])
        return [(_("Chọn xã/phường mới cho các dòng có xã cũ bị chia tách"), url)]

    def commit(self, job, actor) -> int:
        rows = list(job.rows.filter(status="valid").values_list("normalised", flat=True))
        people = Beneficiary.objects.bulk_create(
            [
                Beneficiary(
                    full_name=row["full_name"],
                    birth_date=row["birth_date"],
                    birth_year=row["birth_year"],
                    sex=row.get("sex") or "",
                    cccd=row.get("cccd"),
                    phone=row.get("phone") or "",
                    commune_id=row["commune_id"],
                    address=row.get("address") or "",
                    registered_on=(
                        datetime.date.fromisoformat(row["registered_on"])
                        if row.get("registered_on")
                        else timezone.localdate()
                    ),
                    created_by=actor,
                )
                for row in rows
            ],
            batch_size=2000,
        )
        codes = {c.code: c.pk for c in Category.objects.all()}
        BeneficiaryCategory.objects.bulk_create(
            [
                BeneficiaryCategory(beneficiary_id=person.pk, category_id=codes[code])
                for person, row in zip(people, rows, strict=True)
                for code in row.get("categories") or []
            ],
            batch_size=2000,
            ignore_conflicts=True,
        )
        return len(people)
