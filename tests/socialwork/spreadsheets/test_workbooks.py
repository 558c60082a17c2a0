"""The template of an importer, the file of failed rows, and the row total
known from the start (socialwork/spreadsheets/workbooks.py and services)."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socialwork.accounts.models import AccessLog
from socialwork.spreadsheets import services
from socialwork.spreadsheets.models import ImportJob
from tests.factories import CommuneFactory, LeadershipUserFactory, UserFactory

from . import importers
from .factories import xlsx_file

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-1"


@pytest.fixture
def staff(province):
    return UserFactory(area=province)


def _book(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def test_the_template_has_headers_an_example_and_the_code_lists(client, staff):
    client.force_login(staff)
    response = client.get(reverse("spreadsheets:template", args=["test_progress"]))
    assert response.status_code == 200
    book = _book(response.content)
    first, codes = book.worksheets
    assert [c.value for c in first[1]] == ["Tên"]
    assert [c.value for c in first[2]] == ["An"]
    assert first["A1"].comment is not None  # required: says so
    values = [[c.value for c in row] for row in codes.iter_rows()]
    assert ["Mã thử", None] in values
    # A code that looks like a formula is written as text.
    assert ["=1+1", "Không phải công thức"] in values
    assert codes["A4"].value == "=1+1"
    assert codes["A4"].data_type in ("s", "inlineStr")


def test_the_template_uploaded_unchanged_imports_its_example(staff):
    from socialwork.spreadsheets import workbooks
    from socialwork.spreadsheets.importers import get_importer

    content = workbooks.template_xlsx(get_importer("test_progress"))
    job = services.import_job_create(
        kind="test_progress", file=SimpleUploadedFile("mau.xlsx", content), actor=staff
    )
    job = services.import_job_validate(job_id=job.pk)
    assert (job.total_rows, job.valid_rows, job.invalid_rows) == (1, 1, 0)


def test_the_template_is_for_those_who_may_import(client, province):
    client.force_login(LeadershipUserFactory(area=province))
    response = client.get(reverse("spreadsheets:template", args=["test_progress"]))
    assert response.status_code == 403


def test_the_total_is_counted_before_the_first_row_is_read(staff, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 100)
    importers.SEEN_TOTALS.clear()
    job = services.import_job_create(
        kind="test_progress",
        file=xlsx_file([[f"Người {i}"] for i in range(250)], header=["Tên"]),
        actor=staff,
    )
    job = services.import_job_validate(job_id=job.pk)
    assert len(importers.SEEN_TOTALS) == 250
    assert set(importers.SEEN_TOTALS) == {250}
    assert (job.total_rows, job.processed_rows) == (250, 250)


def test_failed_rows_download_with_messages_fixes_and_reimports(client, staff, province):
    CommuneFactory(parent=province, code="24001")
    rows = [
        ["an", "An", "01/02/1990", "24001", "", ""],
        ["binh", "Bình", "31/02/1990", "24001", "", ""],
        ["", "Chi", "", "24001", "", "=1+1"],
    ]
    job = services.import_job_create(kind="test_users", file=xlsx_file(rows), actor=staff)
    job = services.import_job_validate(job_id=job.pk)
    assert job.invalid_rows == 2
    client.force_login(staff)
    page = client.get(reverse("spreadsheets:job", args=[job.pk])).content.decode()
    assert reverse("spreadsheets:failed_rows", args=[job.pk]) in page

    response = client.get(reverse("spreadsheets:failed_rows", args=[job.pk]))
    assert response.status_code == 200
    sheet = _book(response.content).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0][-2:] == ["Lỗi cần sửa", "Cảnh báo"]
    assert [r[1] for r in table[1:]] == ["Bình", "Chi"]
    assert "Ngày 31/02 không có" in table[1][-2]
    assert "Tên đăng nhập: Bắt buộc nhập." in table[2][-2]
    # "=1+1" never comes back as a formula (the upload kept no value for it:
    # an empty cell, which xlsxwriter leaves out rather than write "").
    cell = sheet.cell(row=3, column=6)
    assert cell.data_type != "f" and (cell.value is None or cell.data_type == "s")
    # Personal data left the portal: logged like any export.
    assert AccessLog.objects.filter(
        action=AccessLog.Action.EXPORT, object_type="spreadsheets.ImportRow", user=staff
    ).exists()

    # Fix the two rows in the downloaded file and upload it as it is.
    book = _book(response.content)
    sheet = book.active
    sheet["C2"] = "28/02/1990"
    sheet["A3"] = "chi"
    buffer = io.BytesIO()
    book.save(buffer)
    again = services.import_job_create(
        kind="test_users", file=SimpleUploadedFile("da-sua.xlsx", buffer.getvalue()), actor=staff
    )
    again = services.import_job_validate(job_id=again.pk)
    assert (again.valid_rows, again.invalid_rows) == (2, 0)


def test_failed_rows_are_the_uploaders_and_departments_only(client, staff, province):
    job = services.import_job_create(
        kind="test_progress", file=xlsx_file([[""], ["x"]], header=["Tên", "Khác"]), actor=staff
    )
    job = services.import_job_validate(job_id=job.pk)
    assert job.status == ImportJob.Status.VALIDATED
    client.force_login(LeadershipUserFactory(area=province))
    response = client.get(reverse("spreadsheets:failed_rows", args=[job.pk]))
    assert response.status_code in (403, 404)
