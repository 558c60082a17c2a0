"""Workbooks that guide an import: the blank template of an importer, and the
file of a job's rows with errors, to fix and upload again.

- `template_xlsx(importer) -> bytes`: the first sheet has the importer's
  headers (required ones marked in the second row's note), one example row;
  a second sheet lists the codes the columns accept (the importer's
  `code_lists()`). Uploading the template unchanged imports the example.
- `failed_rows(job)`: the job's invalid rows as the user typed them, under the
  same headers, with a last column "Lỗi cần sửa": the importer ignores that
  column, so the fixed file uploads as it is.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from .exports import ExportColumn
from .importers import Importer
from .messages import shown
from .models import ImportJob, ImportRow

# Header of the messages column in the failed-rows file. Not translated: the
# file goes back into the importer, which matches Vietnamese headers.
ERRORS_HEADER = "Lỗi cần sửa"
WARNINGS_HEADER = "Cảnh báo"


def _text_cell(sheet, row: int, column: int, value: Any):
    cell = sheet.cell(row=row, column=column, value="" if value is None else str(value))
    # openpyxl reads text starting with "=" as a formula: keep it a string.
    cell.data_type = "s"
    return cell


def template_xlsx(importer: Importer) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Mẫu nhập")[:31]
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(importer.columns, start=1):
        cell = _text_cell(sheet, 1, index, column.header)
        cell.font = bold
        if column.required:
            cell.fill = required_fill
            cell.comment = Comment(_("Bắt buộc nhập."), "CTXH")
        _text_cell(sheet, 2, index, importer.example.get(column.key, ""))
        sheet.column_dimensions[cell.column_letter].width = max(14, len(column.header) + 4)
    sheet.freeze_panes = "A2"

    lists = importer.code_lists()
    if lists:
        codes = workbook.create_sheet(_("Danh mục")[:31])
        row = 1
        for title, entries in lists:
            _text_cell(codes, row, 1, title).font = bold
            row += 1
            _text_cell(codes, row, 1, _("Ghi vào ô")).font = bold
            _text_cell(codes, row, 2, _("Nghĩa")).font = bold
            row += 1
            for code, meaning in entries:
                _text_cell(codes, row, 1, code)
                _text_cell(codes, row, 2, meaning)
                row += 1
            row += 1
        codes.column_dimensions["A"].width = 28
        codes.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def failed_columns(importer: Importer) -> list[ExportColumn]:
    return [
        *(ExportColumn(c.key, c.header) for c in importer.columns),
        ExportColumn("_errors", ERRORS_HEADER),
        ExportColumn("_warnings", WARNINGS_HEADER),
    ]


def _messages(entries: list[dict[str, str]]) -> str:
    return "; ".join(f"{e.get('column', '')}: {shown(e)}" for e in entries)


def failed_rows(job: ImportJob) -> Iterator[dict[str, Any]]:
    """The job's rows with errors, in sheet order, as dicts for write_xlsx."""
    rows = (
        ImportRow.objects.filter(job=job, status=ImportRow.Status.INVALID)
        .order_by("row_number")
        .values_list("data", "errors", "warnings")
    )
    for data, errors, warnings in rows.iterator(chunk_size=2000):
        yield {**data, "_errors": _messages(errors), "_warnings": _messages(warnings)}
