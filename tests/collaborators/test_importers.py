import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collaborators.models import Collaborator, IssuedLogin
from socialwork.accounts.models import Role, User
from socialwork.spreadsheets import services as imports
from tests.factories import CommuneFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Họ và tên",
    "Số điện thoại",
    "Xã/phường",
    "Tổ chức",
    "Ngày bắt đầu",
    "Phụ cấp hằng tháng",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff(province):
    return UserFactory(role=Role.DEPARTMENT, area=province)


def xlsx(rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("ctv.xlsx", buffer.getvalue())


def run(staff, rows):
    job = imports.import_job_create(kind="collaborators", file=xlsx(rows), actor=staff)
    return imports.import_job_validate(job_id=job.pk)


def errors_by_row(job):
    return {
        r.row_number: [e["message"] for e in r.errors] for r in job.rows.filter(status="invalid")
    }


def test_bad_rows_reported_before_anything_is_saved(staff, commune_a):
    UserFactory(phone="0912000003")
    outside = CommuneFactory(parent=ProvinceFactory(code="01", name="Hà Nội"), name="Xã Ngoài Tỉnh")
    job = run(
        staff,
        [
            [
                "Nguyễn Thị Lan",
                "0912 000 001",
                "Xã Ea Tu",
                "Hội Liên hiệp Phụ nữ",
                "01/08/2025",
                "2.340.000",
            ],
            ["Trần Văn Nam", "0123", "xa ea tu", "Đoàn Thanh niên", "01/08/2025", ""],
            ["Lê Văn Hùng", "0912000001", commune_a.code, "Khác", "01/08/2025", ""],
            ["Y Khuê Mlô", "0912000003", "Xã Ea Tu", "Khác", "01/08/2025", ""],
            ["H'Hen Niê", "0912000004", outside.name, "Câu lạc bộ", "31/02/2025", ""],
        ],
    )
    assert job.status == "validated"
    assert (job.valid_rows, job.invalid_rows) == (0, 5)
    errors = errors_by_row(job)
    assert "không đúng định dạng" in errors[3][0]
    assert any("trùng với dòng 4" in m for m in errors[2])
    assert any("trùng với dòng 2" in m for m in errors[4])
    assert any("đã được dùng" in m for m in errors[5])
    assert any("Không có xã/phường" in m for m in errors[6])
    assert any("không phải tổ chức" in m for m in errors[6])
    assert any("Ngày 31/02 không có" in m for m in errors[6])
    assert not Collaborator.objects.exists()


def test_fixed_file_imported_with_logins_to_print(staff, commune_a):
    job = run(
        staff,
        [
            [
                "Nguyễn Thị Lan",
                "0912 000 001",
                "Xã Ea Tu",
                "Hội Liên hiệp Phụ nữ",
                "01/08/2025",
                "2.340.000",
            ],
            ["Trần Văn Nam", "0912000002", commune_a.code, "Đoàn Thanh niên", "03/04/2025", ""],
        ],
    )
    assert job.valid_rows == 2
    job = imports.import_job_commit(job_id=job.pk, actor_id=staff.pk)
    assert job.imported_rows == 2
    lan = Collaborator.objects.get(user__phone="0912000001")
    assert lan.full_name == "Nguyễn Thị Lan"
    assert lan.user.area == commune_a and lan.user.role == Role.COLLABORATOR
    assert lan.monthly_allowance == 2_340_000 and lan.organisation == "womens_union"
    nam = Collaborator.objects.get(user__phone="0912000002")
    assert nam.started_on.isoformat() == "2025-04-03"  # day first
    issued = IssuedLogin.objects.get(user=lan.user)
    assert issued.created_by == staff and issued.import_job_id == job.pk
    user = User.objects.get(pk=lan.user_id)
    assert user.must_change_password and user.check_password(issued.temporary_password)


def test_an_old_commune_name_names_the_new_one(staff, commune_a):
    import datetime

    from socialwork.areas.models import AdministrativeUnit, CodeSet, Level, UnitSuccession

    old = AdministrativeUnit.objects.create(
        code="24400", code_set=CodeSet.LEGACY, level=Level.COMMUNE, name="Xã Ea Phê",
        search_name="xa ea phe", valid_to=datetime.date(2025, 6, 30),
    )  # fmt: skip
    UnitSuccession.objects.create(
        predecessor=old, successor=commune_a, effective=datetime.date(2025, 7, 1)
    )
    job = run(staff, [["Lan", "0912000001", "Xã Ea Phê", "Khác", "01/08/2025", ""]])
    (message,) = errors_by_row(job)[2]
    assert "tên xã cũ" in message and commune_a.name in message
