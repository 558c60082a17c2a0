"""Import row messages are stored untranslated (msgid + params) and shown in
the reader's language; rows stored before, with only their Vietnamese text,
still show."""

import pytest
from django.urls import reverse
from django.utils import translation

from socialwork.spreadsheets import parsing, services
from socialwork.spreadsheets.messages import row_message, shown
from socialwork.spreadsheets.models import ImportRow
from tests.factories import CommuneFactory, UserFactory

from .factories import xlsx_file

pytestmark = pytest.mark.django_db


def test_a_message_keeps_its_msgid_and_params_and_shows_in_either_language():
    entry = row_message(
        "Ngày sinh", "Ngày không hợp lệ: “%(value)s” (cần dạng dd/mm/yyyy).", value="x"
    )

    assert entry["message"] == "Ngày không hợp lệ: “x” (cần dạng dd/mm/yyyy)."
    with translation.override("vi"):
        assert shown(entry) == entry["message"]
    with translation.override("en"):
        assert shown(entry) == "Invalid date: “x” (expected dd/mm/yyyy)."


def test_a_cell_error_carries_its_msgid():
    with pytest.raises(parsing.CellError) as raised:
        parsing.parse_date("31/13/2000")
    assert raised.value.params == {"month": 13, "value": "31/13/2000"}
    assert str(raised.value) == "Tháng 13 không có (tháng từ 1 đến 12): “31/13/2000”."
    with translation.override("en"):
        assert shown(row_message("Ngày", raised.value.msgid, **raised.value.params)) == (
            "There is no month 13 (months run from 1 to 12): “31/13/2000”."
        )


def test_a_nested_message_and_a_sql_placeholder_translate_too():
    sex = row_message(
        "Số CCCD",
        "Số CCCD cho giới tính %(cccd)s, khác giới tính đã nhập.",
        cccd={"msgid": "nữ"},
    )
    rows = {
        "column": "Số CCCD",
        "msgid": "Số CCCD trùng với dòng {rows} trong tệp.",
        "params": {"rows": "3, 7"},
        "message": "Số CCCD trùng với dòng 3, 7 trong tệp.",
    }
    assert sex["message"] == "Số CCCD cho giới tính nữ, khác giới tính đã nhập."
    with translation.override("en"):
        assert "as female," in shown(sex)
        assert shown(rows) == "The CCCD (citizen ID) number duplicates row 3, 7 of the file."


def test_rows_stored_before_show_their_text():
    with translation.override("en"):
        assert shown({"column": "A", "message": "Bắt buộc nhập."}) == "Required."
        assert shown({"column": "A", "message": "Tháng 13 không có: “x”."}) == (
            "Tháng 13 không có: “x”."
        )
        assert shown({"column": "A"}) == ""


@pytest.fixture
def job(province):
    staff = UserFactory(area=province)
    CommuneFactory(parent=province, code="24001")
    rows = [["", "Bình", "32/13/2000", "24001", "", ""]]
    created = services.import_job_create(kind="test_users", file=xlsx_file(rows), actor=staff)
    # The worker runs in English here: the rows are still stored in the source.
    with translation.override("en"):
        services.import_job_validate(job_id=created.pk)
    return created


def test_the_job_page_shows_the_rows_errors_in_the_readers_language(client, job):
    [row] = ImportRow.objects.filter(job=job)
    assert {e["message"] for e in row.errors} >= {"Bắt buộc nhập."}
    # A row stored before messages kept their msgid.
    ImportRow.objects.filter(pk=row.pk).update(
        errors=[*row.errors, {"column": "Cũ", "message": "Bắt buộc nhập."}]
    )
    client.force_login(job.created_by)
    url = reverse("spreadsheets:job", args=[job.pk])

    vietnamese = client.get(url).content.decode()
    assert "Bắt buộc nhập." in vietnamese and "Required." not in vietnamese

    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).content.decode()
    assert english.count("Required.") == 2 and "Bắt buộc nhập." not in english
    assert "Invalid date: “32/13/2000”" in english or "There is no month 13" in english
