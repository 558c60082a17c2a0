import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from socialwork.accounts.models import User
from socialwork.spreadsheets import services
from socialwork.spreadsheets.models import ImportJob, ImportRow
from tests.factories import CollaboratorUserFactory, CommuneFactory, UserFactory

from .factories import csv_file, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(province):
    return UserFactory(area=province)


@pytest.fixture
def commune(province):
    return CommuneFactory(parent=province, code="24001")


def _create(staff, file, kind="test_users", captured=None):
    return services.import_job_create(kind=kind, file=file, actor=staff)


def _validated(staff, file, kind="test_users"):
    job = _create(staff, file, kind)
    return services.import_job_validate(job_id=job.pk)


def _errors(job):
    return {r.row_number: r.errors for r in ImportRow.objects.filter(job=job, status="invalid")}


def test_xlsx_is_staged_checked_and_committed(staff, commune):
    UserFactory(username="daco")
    file = xlsx_file(
        [
            ["lan01", "Nguyễn Thị Lan", datetime.date(1990, 3, 4), "24001", "+84912345678", 500000],
            ["", "Không Tên", "", "24001", "", ""],
            ["hoa02", "Trần Hoa", "31/02/1990", "24001", "", "12abc"],
            ["TRUNG", "Lê Trung", "03/04/1985", "24001", "", "1.234.000"],
            ["trung", "Lê Trung Hai", "", "24001", "", ""],
            ["DaCo", "Đã Có", "", "24001", "", ""],
            ["xa", "Sai Xã", "", "99999", "", ""],
            ["f", "Tương Lai", "01/01/2030", "24001", "", ""],
        ]
    )
    job = _validated(staff, file)

    assert job.status == ImportJob.Status.VALIDATED
    assert (job.total_rows, job.processed_rows) == (8, 8)
    assert (job.valid_rows, job.invalid_rows) == (1, 7)
    errors = _errors(job)
    assert errors[3] == [
        {
            "column": "Tên đăng nhập",
            "msgid": "Bắt buộc nhập.",
            "params": {},
            "message": "Bắt buộc nhập.",
        }
    ]
    assert [e["column"] for e in errors[4]] == ["Ngày sinh", "Số tiền"]
    # The format was right: the message names the day that does not exist.
    assert "Ngày 31/02 không có" in errors[4][0]["message"]
    assert "dd/mm/yyyy" not in errors[4][0]["message"]
    # Stored as the msgid and its parameters, the Vietnamese text beside them.
    shown = [[(e["column"], e["message"]) for e in errors[n]] for n in (5, 6, 7)]
    assert shown == [
        [("Tên đăng nhập", "Trùng với dòng 6.")],
        [("Tên đăng nhập", "Trùng với dòng 5.")],
        [("Tên đăng nhập", "Đã có tài khoản này.")],
    ]
    assert errors[5][0]["msgid"] == "Trùng với dòng {rows}."
    assert errors[5][0]["params"] == {"rows": "6"}
    assert errors[7][0]["params"] == {}
    assert [(e["column"], e["message"]) for e in errors[8]] == [("Mã xã", "Không có mã xã này.")]
    assert errors[9] == [{"column": "Ngày sinh", "message": "Ngày sinh ở tương lai."}]
    good = ImportRow.objects.get(job=job, row_number=2)
    assert good.normalised["birth_date"] == "1990-03-04"
    assert good.normalised["amount"] == 500000
    assert good.data["phone"] == "+84912345678"

    job = services.import_job_commit(job_id=job.pk, actor_id=staff.pk)

    assert job.status == ImportJob.Status.DONE
    assert job.imported_rows == 1
    created = User.objects.get(username="lan01")
    assert (created.area_id, created.phone) == (commune.pk, "+84912345678")
    assert not User.objects.filter(username="trung").exists()
    assert ImportRow.objects.get(job=job, row_number=2).status == ImportRow.Status.IMPORTED


def test_commit_twice_writes_once(staff, commune):
    job = _validated(staff, xlsx_file([["lan01", "Lan", "", "24001", "", ""]]))
    services.import_job_commit(job_id=job.pk, actor_id=staff.pk)
    services.import_job_commit(job_id=job.pk, actor_id=staff.pk)
    assert User.objects.filter(username="lan01").count() == 1


def test_failed_commit_writes_nothing_and_can_be_retried(staff, commune):
    job = _validated(staff, xlsx_file([["lan01", "Lan", "", "24001", "", ""]]), kind="test_broken")
    with pytest.raises(RuntimeError):
        services.import_job_commit(job_id=job.pk, actor_id=staff.pk)
    job.refresh_from_db()
    assert not User.objects.filter(username="lan01").exists()
    assert job.status == ImportJob.Status.VALIDATED
    assert "chưa có dòng nào được lưu" in job.error_summary
    assert ImportRow.objects.get(job=job).status == ImportRow.Status.VALID


def test_csv_utf8_with_bom_and_semicolons(staff, commune):
    file = csv_file(
        [["lan01", "Nguyễn Thị Lan", "03/04/1990", "24001", "", "500.000"]], delimiter=";"
    )
    job = _validated(staff, file)
    row = ImportRow.objects.get(job=job)
    assert (job.valid_rows, row.data["full_name"]) == (1, "Nguyễn Thị Lan")
    assert row.normalised["birth_date"] == "1990-04-03"  # day first
    assert row.normalised["amount"] == 500000


def test_csv_windows_1258_is_read(staff, commune):
    # Windows-1258 writes "ầ" as "â" followed by a combining grave accent (0xCC).
    content = "Tai khoan,Ho ten,Ma xa\r\nan,Trâ\u0300n An,24001\r\n".encode("cp1258")
    assert b"Tr\xe2\xccn" in content
    file = SimpleUploadedFile("cu.csv", content)
    job = _validated(staff, file)
    assert ImportRow.objects.get(job=job).data["full_name"] == "Trần An"


def test_headers_match_aliases_without_accents_or_case(staff, commune):
    header = ["TAI KHOAN", "họ tên", "Mã  xã"]
    job = _validated(staff, xlsx_file([["an", "An", "24001"]], header=header))
    assert job.valid_rows == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("baocao.pdf", b"%PDF-1.4 binary\x00stuff", "không phải Excel"),
        ("anh.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00", "không phải Excel"),
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".xls"),
        ("trong.csv", b"", "Tệp trống"),
        ("trong.csv", b"\xef\xbb\xbf\r\n", "Tệp trống"),
    ],
)
def test_unreadable_file_is_refused_and_nothing_saved(staff, name, content, message):
    with pytest.raises(ValidationError) as excinfo:
        _create(staff, SimpleUploadedFile(name, content))
    assert message in " ".join(excinfo.value.messages)
    assert not ImportJob.objects.exists()


def test_damaged_xlsx_fails_the_job(staff):
    job = _validated(staff, SimpleUploadedFile("hong.xlsx", b"PK\x03\x04" + b"garbage" * 20))
    assert job.status == ImportJob.Status.FAILED
    assert "bị hỏng" in job.error_summary


def test_missing_required_columns_are_named(staff):
    job = _validated(staff, xlsx_file([["an", "x"]], header=["Tên đăng nhập", "Ghi chú"]))
    assert job.status == ImportJob.Status.FAILED
    assert job.error_summary == "Thiếu cột bắt buộc: Họ và tên, Mã xã."


def test_header_only_file_fails(staff):
    job = _validated(staff, xlsx_file([]))
    assert job.status == ImportJob.Status.FAILED
    assert "không có dòng dữ liệu" in job.error_summary


def test_more_rows_than_the_limit_fail_and_leave_no_staging_rows(staff, commune, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [[f"u{i}", "Tên", "", "24001", "", ""] for i in range(4)]
    job = _validated(staff, csv_file(rows))
    assert job.status == ImportJob.Status.FAILED
    assert job.error_summary.startswith("Tệp có hơn 3 dòng dữ liệu")
    assert not ImportRow.objects.filter(job=job).exists()


def test_progress_is_written_while_rows_are_read(staff, commune, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    seen = []
    original = services.get_importer

    def spying_importer(kind):
        importer = original(kind)
        normalise = importer.normalise

        def normalise_and_look(cells):
            seen.append(ImportJob.objects.values_list("processed_rows", flat=True).get())
            return normalise(cells)

        importer.normalise = normalise_and_look
        return importer

    monkeypatch.setattr(services, "get_importer", spying_importer)
    rows = [[f"u{i}", "Tên", "", "24001", "", ""] for i in range(5)]
    job = _validated(staff, csv_file(rows))
    assert seen == [0, 0, 2, 2, 4]
    assert job.processed_rows == 5


def test_revalidating_starts_over(staff, commune):
    job = _create(staff, xlsx_file([["an", "An", "", "24001", "", ""]]))
    ImportRow.objects.create(job=job, row_number=2, data={}, normalised={})  # a crashed run
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING)
    job = services.import_job_validate(job_id=job.pk)
    assert ImportRow.objects.filter(job=job).count() == 1
    assert job.valid_rows == 1


def test_collaborator_may_not_upload_this_kind(province):
    with pytest.raises(PermissionDenied):
        _create(CollaboratorUserFactory(), xlsx_file([]))


def test_commit_request_needs_valid_rows(staff, commune):
    job = _validated(staff, xlsx_file([["", "", "", "", "", ""], ["a", "", "", "", "", ""]]))
    assert job.valid_rows == 0
    with pytest.raises(ValidationError):
        services.import_job_commit_request(job=job, actor=staff)


def test_the_commit_on_the_worker_records_the_user_who_started_it(staff, commune):
    """No request on the worker: the history still names who pressed "import"."""
    from socialwork.history import event_actor_id

    job = _validated(staff, xlsx_file([["lan09", "Nguyễn Thị Lan", "", "24001", "", ""]]))
    services.import_job_commit(job_id=job.pk, actor_id=staff.pk)  # what the task runs
    created = User.objects.get(username="lan09")
    event = User.pgh_event_model.objects.filter(pgh_obj=created).order_by("pgh_id").first()
    assert event_actor_id(event) == staff.pk
    assert event.pgh_context.metadata["import_job"] == job.pk


def test_a_row_the_database_refuses_is_named_and_nothing_is_lost(staff, commune):
    """ "test_users" declares no model, so a 10,000-character name passes its
    checks and fails at the database: the commit names the row (sheet row 4,
    the third data row), writes nothing, and keeps what was saved before."""
    UserFactory(username="da.co", first_name="Đã có")
    rows = [
        ["lan01", "Lan", "", "24001", "", ""],
        ["binh02", "Bình", "", "24001", "", ""],
        ["dai03", "x" * 10_000, "", "24001", "", ""],
        ["cuc04", "Cúc", "", "24001", "", ""],
    ]
    job = _validated(staff, xlsx_file(rows))
    assert job.valid_rows == 4
    with pytest.raises(Exception):  # noqa: B017, PT011 (the worker's task sees the DataError)
        services.import_job_commit(job_id=job.pk, actor_id=staff.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED
    assert "dòng 4" in job.error_summary and "dài quá" in job.error_summary
    assert "Chưa có dòng nào của tệp được lưu" in job.error_summary
    assert not User.objects.filter(username__in=["lan01", "binh02", "cuc04"]).exists()
    assert User.objects.get(username="da.co").first_name == "Đã có"
    assert set(ImportRow.objects.filter(job=job).values_list("status", flat=True)) == {"valid"}


def test_a_commit_failing_for_another_reason_names_no_row(staff, commune):
    job = _validated(staff, xlsx_file([["lan01", "Lan", "", "24001", "", ""]]), kind="test_broken")
    with pytest.raises(RuntimeError):
        services.import_job_commit(job_id=job.pk, actor_id=staff.pk)
    job.refresh_from_db()
    assert "dòng" not in job.error_summary.replace("chưa có dòng nào", "")


def test_a_number_past_its_columns_range_is_a_row_error():
    from socialwork.spreadsheets.importers import get_importer

    importer = get_importer("collaborators")
    values, errors = importer.normalise({"monthly_allowance": "10000000000000"})
    assert values["monthly_allowance"] is None
    message = "Số “10.000.000.000.000” vượt giới hạn (từ 0 đến 2.147.483.647)."
    error = next(e for e in errors if e["column"] == "Phụ cấp hằng tháng")
    assert error["message"] == message
    # Stored untranslated with its values: each reader sees it in their language.
    assert error["msgid"] == "Số “%(value)s” vượt giới hạn (từ %(low)s đến %(high)s)."
