import datetime

import pytest
from django.utils import timezone

from cases.models import Beneficiary
from socialwork.areas.models import AdministrativeUnit, CodeSet, Level, UnitSuccession
from socialwork.search import search_key
from socialwork.spreadsheets import services
from socialwork.spreadsheets.models import ImportJob
from tests.cases.factories import BeneficiaryFactory
from tests.socialwork.spreadsheets.factories import xlsx_file

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Xã/phường (mới)", "Xã cũ",
          "Huyện cũ", "Mã nhóm đối tượng"]  # fmt: skip


def _legacy(name, level, parent=None, code="99999"):
    return AdministrativeUnit.objects.create(
        code=code, code_set=CodeSet.LEGACY, level=level, name=name, search_name=search_key(name),
        parent=parent, valid_to=datetime.date(2025, 6, 30),
    )  # fmt: skip


@pytest.fixture
def old_map(commune_a, commune_b):
    district = _legacy("Huyện Krông Pắc", Level.DISTRICT, code="643")
    whole = _legacy("Xã Ea Phê", Level.COMMUNE, district, code="24400")
    split = _legacy("Xã Hòa An", Level.COMMUNE, district, code="24401")
    day = datetime.date(2025, 7, 1)
    UnitSuccession.objects.create(predecessor=whole, successor=commune_a, effective=day)
    UnitSuccession.objects.create(
        predecessor=split, successor=commune_a, partial=True, effective=day
    )
    UnitSuccession.objects.create(
        predecessor=split, successor=commune_b, partial=True, effective=day
    )


def _run(rows, actor):
    job = services.import_job_create(kind="beneficiaries", file=xlsx_file(rows, header=HEADER),
                                     actor=actor)  # fmt: skip
    return services.import_job_validate(job_id=job.pk)


def _errors(job):
    return {r.row_number: r.errors for r in job.rows.all() if r.errors}


def test_old_commune_names_are_mapped_and_errors_shown_per_row(department, old_map, commune_a):
    BeneficiaryFactory(full_name="Lê Văn Có Sẵn", birth_date=None, birth_year=1950,
                       commune=commune_a, cccd="066050000999")  # fmt: skip
    rows = [
        ["Nguyễn Thị Hoa", "04/03/1985", "Nữ", "066185000123", "", "Xã Ea Phê", "Krông Pắc",
         "ND20-5.4"],
        ["H'Hen Niê", "1948", "Nữ", "", "", "Xã Hòa An", "", "ND20-5.5a"],
        ["Y Bhin Niê", "1950", "Nam", "066050000999", "Xã Ea Tu", "", "", ""],
        ["Trần Văn Lỗi", "01/01/2999", "Nam", "123", "", "", "", "KHONG-CO"],
        ["Lê Văn Có Sẵn", "1950", "Nam", "", "Xã Ea Tu", "", "", ""],
        # The two former provinces' lists name one person twice.
        ["Đinh Thị Mơ", "1960", "Nữ", "", "Phường Tuy Hòa", "", "", ""],
        ["Đinh Thị Mơ", "1960", "Nữ", "", "Phường Tuy Hòa", "", "", ""],
    ]  # fmt: skip
    job = _run(rows, department)
    assert job.status == ImportJob.Status.VALIDATED
    errors = _errors(job)
    assert set(errors) == {3, 4, 5, 6, 7, 8}
    assert "Phường Tuy Hòa" in errors[3][0]["message"]  # split: the user picks
    assert "đã có trong sổ" in errors[4][0]["message"]  # CCCD already registered
    assert "dòng 8" in errors[7][0]["message"]
    text = " ".join(e["message"] for e in errors[5])
    assert "12 chữ số" in text and "tương lai" in text and "KHONG-CO" in text
    assert "đã có trong sổ" in errors[6][0]["message"]
    done = services.import_job_commit(job_id=job.pk, actor_id=department.pk)
    assert done.imported_rows == 1
    person = Beneficiary.objects.get(cccd="066185000123")
    assert person.commune == commune_a
    assert [c.code for c in person.categories.all()] == ["ND20-5.4"]


def test_a_file_that_is_not_excel_fails_with_a_message(department):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as exc:
        services.import_job_create(
            kind="beneficiaries",
            actor=department,
            file=SimpleUploadedFile("a.xlsx", b"not a workbook"),
        )
    assert "không phải Excel" in exc.value.messages[0]
    assert not Beneficiary.objects.exists()


def _split_job(department):
    rows = [
        ["H'Hen Niê", "1948", "Nữ", "", "", "Xã Hòa An", "", "ND20-5.5a"],
        ["Y Bhin Niê", "1950", "Nam", "123", "", "Xã Hòa An", "", ""],  # also a bad CCCD
        ["Lê Văn Đủ", "1951", "Nam", "", "Xã Ea Tu", "", "", ""],
    ]  # fmt: skip
    return _run(rows, department)


def test_the_user_picks_the_new_commune_of_a_split_old_one(client, department, old_map, commune_b):
    from cases.importers import SPLIT_COMMUNE

    job = _split_job(department)
    assert job.valid_rows == 1
    client.force_login(department)
    page = client.get(f"/cases/imports/{job.pk}/communes/")
    assert page.status_code == 200
    assert b'name="row-2"' in page.content and b'name="row-3"' in page.content
    assert "Phường Tuy Hòa" in page.content.decode()
    response = client.post(f"/cases/imports/{job.pk}/communes/",
                           {"row-2": commune_b.pk, "row-3": commune_b.pk})  # fmt: skip
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED  # queued for validation again
    assert job.options["communes"] == {"2": commune_b.pk, "3": commune_b.pk}
    # What the queued task does (on_commit callbacks do not fire in a test).
    job = services.import_job_validate(job_id=job.pk)
    assert (job.valid_rows, job.invalid_rows) == (2, 1)
    picked = job.rows.get(row_number=2)
    assert picked.chosen == {"commune_id": commune_b.pk}
    assert picked.normalised["commune_id"] == commune_b.pk and picked.errors == []
    still_wrong = job.rows.get(row_number=3)  # its CCCD is still malformed
    assert [e["message"] for e in still_wrong.errors] == ["Số CCCD phải gồm đúng 12 chữ số."]
    assert not any(e.get("code") == SPLIT_COMMUNE for e in still_wrong.errors)
    done = services.import_job_commit(job_id=job.pk, actor_id=department.pk)
    assert done.imported_rows == 2
    assert Beneficiary.objects.get(full_name="H'Hen Niê").commune == commune_b


def test_a_commune_that_is_not_a_successor_is_refused(client, department, old_map, province):
    from tests.factories import CommuneFactory

    elsewhere = CommuneFactory(parent=province, name="Xã Khác")
    job = _split_job(department)
    client.force_login(department)
    response = client.post(f"/cases/imports/{job.pk}/communes/", {"row-2": elsewhere.pk})
    assert response.status_code == 200
    assert "không thuộc các xã/phường mới" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED and "communes" not in job.options


def test_picker_of_another_users_job_is_404_and_leadership_403(
    client, department, old_map, leadership, official_a
):
    job = _split_job(department)
    client.force_login(official_a)
    assert client.get(f"/cases/imports/{job.pk}/communes/").status_code == 404
    client.force_login(leadership)
    assert client.get(f"/cases/imports/{job.pk}/communes/").status_code == 403


def test_the_registration_date_column_keeps_the_register_history(department, commune_a):
    header = ["Họ và tên", "Ngày sinh", "Xã/phường (mới)", "Ngày đăng ký"]
    rows = [
        ["Nguyễn Thị Cũ", "04/03/1985", "Xã Ea Tu", "15/06/2021"],
        ["Trần Văn Mới", "1990", "Xã Ea Tu", ""],
        ["Lê Văn Tương Lai", "1990", "Xã Ea Tu", "01/01/2999"],
        ["Phạm Thị Sớm", "04/03/1985", "Xã Ea Tu", "01/01/1980"],
    ]
    job = services.import_job_create(
        kind="beneficiaries", file=xlsx_file(rows, header=header), actor=department
    )
    job = services.import_job_validate(job_id=job.pk)
    errors = _errors(job)
    assert set(errors) == {4, 5}
    assert "tương lai" in errors[4][0]["message"] and errors[4][0]["column"] == "Ngày đăng ký"
    assert "trước ngày sinh" in errors[5][0]["message"]
    services.import_job_commit(job_id=job.pk, actor_id=department.pk)
    dates = dict(Beneficiary.objects.values_list("full_name", "registered_on"))
    assert dates == {
        "Nguyễn Thị Cũ": datetime.date(2021, 6, 15),
        "Trần Văn Mới": timezone.localdate(),
    }


def test_a_cccd_disagreeing_with_the_row_is_a_warning_not_an_error(client, department, commune_a):
    # Digit 4 = 2 and digits 5–6 = 00: a man born in 2000, on a woman born 1985.
    rows = [["Phạm Thị Hạnh", "04/03/1985", "Nữ", "066200000123", "Xã Ea Tu", "", "", ""]]
    job = _run(rows, department)
    assert (job.valid_rows, job.invalid_rows) == (1, 0)
    row = job.rows.get()
    messages = [w["message"] for w in row.warnings]
    assert [w["column"] for w in row.warnings] == ["Số CCCD", "Số CCCD"]
    assert "năm sinh 2000" in messages[0] and "1985" in messages[0]
    assert "giới tính nam" in messages[1]
    client.force_login(department)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Cảnh báo (dòng vẫn được nhập)" in page and "năm sinh 2000" in page
    assert services.import_job_commit(job_id=job.pk, actor_id=department.pk).imported_rows == 1


def test_a_matching_cccd_gives_no_warning(department, commune_a):
    rows = [["Phạm Thị Hạnh", "04/03/1985", "Nữ", "066185000123", "Xã Ea Tu", "", "", ""]]
    assert _run(rows, department).rows.get().warnings == []


def test_an_old_commune_in_the_new_column_says_to_use_the_old_column(department, old_map):
    rows = [["Lò Văn Cũ", "1950", "Nam", "", "Xã Ea Phê", "", "", ""]]
    job = _run(rows, department)
    (error,) = job.rows.get().errors
    assert error["column"] == "Xã/phường (mới)"
    assert "“Xã Ea Phê” là xã cũ (nay thuộc: Xã Ea Tu): ghi vào cột “Xã cũ”" in error["message"]


def test_the_beneficiary_template_lists_categories_and_communes(client, department, commune_a):
    import io

    import openpyxl

    client.force_login(department)
    response = client.get("/imports/beneficiaries/template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers[:4] == ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD"]
    codes = [row[0] for row in book.worksheets[1].iter_rows(values_only=True)]
    assert "ND20-5.4" in codes and "Xã Ea Tu" in codes


def test_a_name_longer_than_the_register_holds_is_refused_at_validation(department, commune_a):
    """A 10,000-character name never reaches the commit: its row and column are named."""
    rows = [["Lê Thị Hoa", "04/03/1985", "Nữ", "", commune_a.name, "", "", ""],
            ["x" * 10_000, "1950", "Nam", "", commune_a.name, "", "", ""]]  # fmt: skip
    job = _run(rows, department)
    assert job.valid_rows == 1
    errors = _errors(job)[3]
    assert errors[0]["column"] == "Họ và tên"
    assert errors[0]["message"].startswith("Dài quá 200 ký tự")
    services.import_job_commit(job_id=job.pk, actor_id=department.pk)
    assert list(Beneficiary.objects.values_list("full_name", flat=True)) == ["Lê Thị Hoa"]
