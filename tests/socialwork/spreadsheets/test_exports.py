import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from socialwork.accounts.models import AccessLog
from socialwork.spreadsheets.exports import ExportColumn, export_response, write_csv, write_xlsx
from tests.factories import UserFactory

COLUMNS = [
    ExportColumn("name", "Họ và tên"),
    ExportColumn("phone", "Số điện thoại"),
    ExportColumn("born", "Ngày sinh"),
    ExportColumn("amount", "Số tiền"),
]
DANGEROUS = ["=1+1", "+84912345678", "@SUM(A1)", "-2+3", '=HYPERLINK("http://x")']


def _rows():
    return [
        {"name": text, "phone": "+84912345678", "born": datetime.date(1990, 4, 3), "amount": 500000}
        for text in DANGEROUS
    ]


def test_xlsx_keeps_user_text_as_text():
    sheet = load_workbook(io.BytesIO(write_xlsx(_rows(), COLUMNS))).active
    assert [c.value for c in sheet[1]] == ["Họ và tên", "Số điện thoại", "Ngày sinh", "Số tiền"]
    for row, text in zip(sheet.iter_rows(min_row=2), DANGEROUS, strict=True):
        name, phone, born, amount = row
        assert (name.value, name.data_type) == (text, "s")
        assert (phone.value, phone.data_type) == ("+84912345678", "s")
        assert born.value == datetime.datetime(1990, 4, 3)  # noqa: DTZ001 (Excel is naive)
        assert born.number_format == "DD/MM/YYYY"
        assert (amount.value, amount.data_type) == (500000, "n")


def test_xlsx_accepts_tuples_decimals_and_aware_datetimes():
    moment = datetime.datetime(2025, 1, 1, 1, 30, tzinfo=datetime.UTC)
    content = write_xlsx([("A", "", moment, Decimal("1.5"))], COLUMNS)
    row = list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True))
    local = datetime.datetime(2025, 1, 1, 8, 30)  # noqa: DTZ001 (Excel is naive)
    assert row == [("A", None, local, 1.5)]


def test_csv_prefixes_formula_starts_and_has_a_bom():
    content = write_csv(_rows() + [{"name": "\tTab", "amount": -5}], COLUMNS)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Họ và tên", "Số điện thoại", "Ngày sinh", "Số tiền"]
    assert [r[0] for r in rows[1:]] == [
        "'=1+1",
        "'+84912345678",
        "'@SUM(A1)",
        "'-2+3",
        '\'=HYPERLINK("http://x")',
        "'\tTab",
    ]
    assert rows[1][2:] == ["03/04/1990", "500000"]
    assert rows[-1][3] == "-5"  # a number is not user text: no prefix


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "content_type"), [("xlsx", "spreadsheetml"), ("csv", "text/csv")])
def test_export_response_logs_who_what_how_many(province, fmt, content_type):
    user = UserFactory(area=province)
    request = RequestFactory().get("/cases/export/")
    request.user = user
    response = export_response(
        iter(_rows()),
        COLUMNS,
        fmt=fmt,
        filename="doi-tuong",
        request=request,
        object_type="cases.Beneficiary",
    )
    assert content_type in response["Content-Type"]
    assert response["Content-Disposition"] == f'attachment; filename="doi-tuong.{fmt}"'
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_type) == (user, "export", "cases.Beneficiary")
    assert log.detail == "5 rows"
    assert log.path == "/cases/export/"
