import datetime

import pytest

from cases.models import Beneficiary
from socialwork.areas.models import AdministrativeUnit, CodeSet, Level, UnitSuccession
from socialwork.search import search_key
from socialwork.spreadsheets import services
from socialwork.spreadsheets.models import ImportJob
from tests.cases.factories import BeneficiaryFactory
from tests.spreadsheets.factories import xlsx_file

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
