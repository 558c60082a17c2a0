"""The collaborator list export: in the request up to EXPORT_SYNC_MAX_ROWS rows,
a job on the worker above (socialwork.spreadsheets.exporting)."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require
from socialwork.spreadsheets.exporting import Built, ExportKind, register_export, write_table
from socialwork.spreadsheets.exports import ExportColumn

from . import selectors
from .models import Collaborator

OBJECT_TYPE = "collaborators.Collaborator"


def _choices(name: str) -> tuple:
    return tuple(Collaborator._meta.get_field(name).choices)


def export_columns() -> list[ExportColumn]:
    return [
        ExportColumn("commune", _("Xã/phường")),
        ExportColumn("last_name", _("Họ và tên đệm")),
        ExportColumn("first_name", _("Tên")),
        ExportColumn("phone", _("Số điện thoại")),
        ExportColumn("village", _("Thôn, buôn, tổ dân phố")),
        ExportColumn("birth_year", _("Năm sinh")),
        ExportColumn("organisation", _("Tổ chức"), choices=_choices("organisation")),
        ExportColumn("appointment_number", _("Số quyết định")),
        ExportColumn("appointment_date", _("Ngày quyết định")),
        ExportColumn("started_on", _("Ngày bắt đầu")),
        ExportColumn("ended_on", _("Ngày nghỉ")),
        ExportColumn("qualification", _("Trình độ CTXH"), choices=_choices("qualification")),
        ExportColumn("monthly_allowance", _("Phụ cấp hằng tháng")),
    ]


def export_rows(queryset: QuerySet[Collaborator]) -> QuerySet:
    """The rows of `queryset` (already scoped) as a `.values()` queryset: the
    CSV is written by COPY, the xlsx streamed with the choices' labels."""
    return queryset.order_by("user__area__name", "user__first_name", "pk").values(
        "village",
        "birth_year",
        "organisation",
        "appointment_number",
        "appointment_date",
        "started_on",
        "ended_on",
        "qualification",
        "monthly_allowance",
        commune=F("user__area__name"),
        last_name=F("user__last_name"),
        first_name=F("user__first_name"),
        phone=F("user__phone"),
    )


def _build(job, actor, progress) -> Built:
    require(actor, "collaborator.manage")
    filters = QueryDict(mutable=True)
    for key, values in job.params.get("filters", {}).items():
        filters.setlist(key, values)
    queryset = selectors.collaborator_list(actor=actor, filters=filters or None)
    progress.set_total(queryset.count())
    content = write_table(export_rows(queryset), export_columns(), fmt=job.fmt, progress=progress)
    return Built(content=content, filename=f"cong-tac-vien.{job.fmt}", row_count=progress.done)


register_export(
    ExportKind(key="collaborators.collaborators", object_type=OBJECT_TYPE, build=_build)
)
