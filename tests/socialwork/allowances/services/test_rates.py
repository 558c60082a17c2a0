"""Standard levels and coefficients edited by department staff: dated rows,
locked months never rewritten, clear messages, other roles refused, history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from socialwork.allowances.models import Coefficient, Payment, PaymentList, StandardLevel
from socialwork.allowances.services import payment_lists, rates
from socialwork.history import event_actor_id
from tests.cases.factories import BeneficiaryFactory
from tests.factories import (
    AdminUserFactory,
    CollaboratorUserFactory,
    CommuneLeaderFactory,
    CommuneOfficialFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
    UserFactory,
)

from ..factories import EntitlementFactory, StandardLevelFactory

pytestmark = pytest.mark.django_db
D = datetime.date
BASIS = "Nghị quyết 12/2025/NQ-HĐND"


@pytest.fixture
def staff(province):
    return UserFactory(area=province)


@pytest.fixture
def older(commune_a):
    person = BeneficiaryFactory(commune=commune_a, birth_date=D(1955, 1, 1))
    EntitlementFactory(beneficiary=person, start_month=D(2025, 1, 1))
    return person


@pytest.fixture
def locked_april(staff, commune_a, older):
    """March and April 2025 paid and locked (500,000 × 1.5 = 750,000)."""
    for month in (D(2025, 3, 1), D(2025, 4, 1)):
        payment_lists.payment_lists_generate(actor=staff, month=month, communes=[commune_a])
        payment_lists.payment_list_lock(
            actor=staff, payment_list=PaymentList.objects.get(month=month)
        )
    return D(2025, 4, 1)


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Standard levels -------------------------------------------------------------------


def test_a_back_dated_level_is_a_new_row_and_pays_arrears(staff, commune_a, older, locked_april):
    level = rates.standard_level_add(
        actor=staff,
        scope=StandardLevel.Scope.PROVINCE,
        amount=600_000,
        valid_from=D(2025, 4, 1),
        legal_basis=BASIS,
    )
    # April stays as paid; May pays the new level and April's difference.
    april = Payment.objects.get(month=D(2025, 4, 1))
    assert (april.standard, april.amount) == (500_000, 750_000)
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    may = Payment.objects.get(month=D(2025, 5, 1))
    assert (may.amount, may.arrears) == (900_000, 150_000)
    event = StandardLevel.pgh_event_model.objects.get(pgh_obj_id=level.pk)
    assert (event.pgh_label, event_actor_id(event)) == ("insert", staff.pk)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": 0}, "amount", "Mức chuẩn phải lớn hơn 0 đồng."),
        ({"amount": -5}, "amount", "Mức chuẩn phải lớn hơn 0 đồng."),
        ({"amount": None}, "amount", "Nhập mức chuẩn (đồng/tháng)."),
        ({"valid_from": None}, "valid_from", "Nhập ngày áp dụng."),
        ({"legal_basis": " "}, "legal_basis", "Ghi căn cứ pháp lý (số, ngày văn bản)."),
        (
            {"scope": StandardLevel.Scope.NATIONAL, "valid_from": D(2024, 7, 1)},
            "valid_from",
            "Đã có mức chuẩn quốc gia áp dụng từ ngày 01/07/2024: mỗi ngày chỉ một mức; "
            "hãy sửa dòng đó hoặc chọn ngày khác.",
        ),
    ],
)
def test_bad_standard_level_input_is_refused_clearly(staff, fields, field, message):
    before = StandardLevel.objects.count()
    data = {
        "scope": StandardLevel.Scope.PROVINCE,
        "amount": 600_000,
        "valid_from": D(2025, 7, 1),
        "legal_basis": BASIS,
    } | fields
    with pytest.raises(ValidationError) as excinfo:
        rates.standard_level_add(actor=staff, **data)
    assert _errors(excinfo)[field] == [message]
    assert StandardLevel.objects.count() == before


def test_a_level_that_paid_a_locked_month_keeps_its_amount_and_date(staff, locked_april):
    level = StandardLevel.objects.get(scope="national", valid_from=D(2024, 7, 1))
    for change in ({"amount": 550_000}, {"valid_from": D(2024, 8, 1)}, {"confirmed": False}):
        data = {
            "amount": level.amount,
            "valid_from": level.valid_from,
            "legal_basis": level.legal_basis,
            "confirmed": True,
        } | change
        with pytest.raises(ValidationError) as excinfo:
            rates.standard_level_update(actor=staff, level=level, **data)
        assert excinfo.value.messages[0].startswith(
            "Mức chuẩn này đã dùng để chi trả các tháng đã khóa (đến tháng 04/2025)"
        )
    level.refresh_from_db()
    assert (level.amount, level.valid_from) == (500_000, D(2024, 7, 1))
    # Its legal basis can still be corrected.
    rates.standard_level_update(
        actor=staff,
        level=level,
        amount=level.amount,
        valid_from=level.valid_from,
        legal_basis="Nghị định 76/2024/NĐ-CP, Điều 1",
        confirmed=True,
    )
    with pytest.raises(ValidationError):
        rates.standard_level_delete(actor=staff, level=level)


def test_an_unused_level_can_be_confirmed_corrected_and_deleted(staff, locked_april):
    reported = StandardLevel.objects.get(valid_from=D(2026, 7, 1))
    rates.standard_level_update(
        actor=staff,
        level=reported,
        amount=540_000,
        valid_from=D(2026, 7, 1),
        legal_basis="Nghị định 335/2026/NĐ-CP (đã đối chiếu)",
        confirmed=True,
    )
    reported.refresh_from_db()
    assert reported.confirmed
    mistake = StandardLevelFactory(valid_from=D(2027, 1, 1))
    rates.standard_level_delete(actor=staff, level=mistake)
    assert not StandardLevel.objects.filter(pk=mistake.pk).exists()
    assert StandardLevel.pgh_event_model.objects.filter(
        pgh_obj_id=mistake.pk, pgh_label="delete"
    ).exists()


# --- Coefficients ----------------------------------------------------------------------


def _row(group="ND20-5.5a", min_age=60) -> Coefficient:
    return Coefficient.objects.get(group=group, min_age=min_age, valid_to__isnull=True)


def test_a_coefficient_changes_from_a_date_after_the_locked_months(
    staff, commune_a, older, locked_april
):
    row = _row()
    new = rates.coefficient_change(
        actor=staff,
        row=row,
        coefficient=Decimal("1.8"),
        valid_from=D(2025, 5, 1),
        legal_basis=BASIS,
    )
    row.refresh_from_db()
    assert (row.valid_to, new.valid_from, new.min_age, new.max_age) == (
        D(2025, 4, 30),
        D(2025, 5, 1),
        60,
        80,
    )
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    assert Payment.objects.get(month=D(2025, 5, 1)).amount == 900_000  # 500,000 × 1.8
    assert Payment.objects.get(month=D(2025, 4, 1)).amount == 750_000  # as paid


@pytest.mark.parametrize(
    ("coefficient", "valid_from", "field", "message"),
    [
        (
            Decimal("1.8"),
            D(2025, 4, 1),
            "valid_from",
            "Tháng 04/2025 đã khóa danh sách chi trả theo hệ số cũ: hệ số mới chỉ áp dụng "
            "từ ngày 01/05/2025 trở đi.",
        ),
        (
            Decimal("1.8"),
            D(2021, 7, 1),
            "valid_from",
            "Ngày thay đổi phải sau ngày bắt đầu của hệ số đang áp dụng (01/07/2021).",
        ),
        (Decimal("1.8"), None, "valid_from", "Nhập ngày áp dụng."),
        (Decimal("0"), D(2025, 6, 1), "coefficient", "Hệ số phải lớn hơn 0."),
        (Decimal("-1.5"), D(2025, 6, 1), "coefficient", "Hệ số phải lớn hơn 0."),
        (None, D(2025, 6, 1), "coefficient", "Nhập hệ số."),
    ],
)
def test_bad_coefficient_change_is_refused_clearly(
    staff, locked_april, coefficient, valid_from, field, message
):
    row = _row()
    before = Coefficient.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        rates.coefficient_change(
            actor=staff, row=row, coefficient=coefficient, valid_from=valid_from, legal_basis=BASIS
        )
    assert _errors(excinfo)[field] == [message]
    row.refresh_from_db()
    assert row.valid_to is None and Coefficient.objects.count() == before


def test_an_overlapping_coefficient_row_is_refused(staff):
    with pytest.raises(ValidationError) as excinfo:
        rates.coefficient_add(
            actor=staff,
            group="ND20-5.5a",
            min_age=75,
            max_age=None,
            coefficient=Decimal("2.2"),
            valid_from=D(2026, 1, 1),
            legal_basis=BASIS,
        )
    assert _errors(excinfo)["valid_from"] == [
        "Trùng thời gian với hệ số 1.50 của nhóm này (từ 60 đến dưới 80 tuổi) áp dụng từ "
        "01/07/2021. Hãy dùng “Thay đổi từ ngày” trên dòng đó."
    ]
    with pytest.raises(ValidationError) as excinfo:
        rates.coefficient_add(
            actor=staff,
            group="ND20-5.5a",
            min_age=90,
            max_age=85,
            coefficient=Decimal("2.2"),
            valid_from=D(2026, 1, 1),
            legal_basis=BASIS,
        )
    assert _errors(excinfo)["max_age"] == ["“Dưới tuổi” phải lớn hơn “từ tuổi”."]


def test_a_new_band_after_a_closed_one(staff):
    # 5.5c ended on 30/6/2025 (social pension); a province could bring a row back.
    row = rates.coefficient_add(
        actor=staff,
        group="ND20-5.5c",
        min_age=80,
        coefficient=Decimal("1.0"),
        valid_from=D(2026, 1, 1),
        legal_basis=BASIS,
        note="Thử",
    )
    assert Coefficient.pgh_event_model.objects.get(pgh_obj_id=row.pk).pgh_label == "insert"


def test_a_coefficient_that_paid_a_locked_month_keeps_its_numbers(staff, locked_april):
    row = _row()
    fields = {
        "coefficient": row.coefficient,
        "min_age": row.min_age,
        "max_age": row.max_age,
        "valid_from": row.valid_from,
        "valid_to": None,
        "legal_basis": row.legal_basis,
    }
    with pytest.raises(ValidationError) as excinfo:
        rates.coefficient_update(actor=staff, row=row, **(fields | {"coefficient": Decimal("1.6")}))
    assert "“Thay đổi từ ngày”" in excinfo.value.messages[0]
    with pytest.raises(ValidationError) as excinfo:
        rates.coefficient_update(actor=staff, row=row, **(fields | {"valid_to": D(2025, 3, 31)}))
    assert _errors(excinfo)["valid_to"] == [
        "Tháng 04/2025 đã khóa danh sách chi trả theo hệ số này: ngày hết áp dụng không được "
        "trước ngày 01/04/2025."
    ]
    # The department checked the text: the note and the review flag change.
    rates.coefficient_update(
        actor=staff, row=row, **(fields | {"note": "Đã đối chiếu.", "needs_review": False})
    )
    row.refresh_from_db()
    assert row.note == "Đã đối chiếu."


@pytest.mark.parametrize(
    "factory",
    [
        CollaboratorUserFactory,
        CommuneOfficialFactory,
        CommuneLeaderFactory,
        LeadershipUserFactory,
        FacilityUserFactory,
    ],
)
def test_only_department_staff_edit_rates(factory):
    actor = factory()
    level = StandardLevel.objects.get(valid_from=D(2024, 7, 1))
    row = _row()
    for call in (
        lambda: rates.standard_level_add(
            actor=actor, scope="province", amount=1, valid_from=D(2030, 1, 1), legal_basis=BASIS
        ),
        lambda: rates.standard_level_update(
            actor=actor,
            level=level,
            amount=1,
            valid_from=level.valid_from,
            legal_basis=BASIS,
            confirmed=True,
        ),
        lambda: rates.standard_level_delete(actor=actor, level=level),
        lambda: rates.coefficient_change(
            actor=actor, row=row, coefficient=2, valid_from=D(2030, 1, 1), legal_basis=BASIS
        ),
        lambda: rates.coefficient_add(
            actor=actor,
            group="ND20-5.7",
            coefficient=1,
            valid_from=D(2030, 1, 1),
            legal_basis=BASIS,
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert StandardLevel.objects.get(pk=level.pk).amount == 500_000


# --- Pages -----------------------------------------------------------------------------


def test_department_edits_rates_on_pages(client, staff):
    client.force_login(staff)
    page = client.get(reverse("allowances:rates"))
    assert page.status_code == 200 and "Mức chuẩn quốc gia" in page.content.decode()
    response = client.post(
        reverse("allowances:standard_level_add"),
        {"scope": "province", "amount": "600000", "valid_from": "2026-01-01", "legal_basis": BASIS,
         "confirmed": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert StandardLevel.objects.filter(scope="province", amount=600_000).exists()
    row = _row()
    response = client.post(
        reverse("allowances:coefficient_change", args=[row.pk]),
        {"coefficient": "1.7", "valid_from": "2026-01-01", "legal_basis": BASIS},
    )
    assert response.status_code == 302
    assert Coefficient.objects.filter(group="ND20-5.5a", coefficient=Decimal("1.7")).exists()
    history = client.get(reverse("allowances:rates")).content.decode()
    assert str(staff) in history


def test_bad_input_on_the_page_says_why_and_saves_nothing(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("allowances:standard_level_add"),
        {"scope": "province", "amount": "0", "valid_from": "", "legal_basis": ""},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Mức chuẩn phải lớn hơn 0 đồng." in content
    assert "Nhập ngày áp dụng." in content
    assert not StandardLevel.objects.filter(scope="province").exists()
    row = _row()
    response = client.post(
        reverse("allowances:coefficient_change", args=[row.pk]),
        {"coefficient": "-1", "valid_from": "2026-01-01", "legal_basis": BASIS},
    )
    assert response.status_code == 400
    assert "Hệ số phải lớn hơn 0." in response.content.decode()


def test_administrators_too(client):
    client.force_login(AdminUserFactory())
    assert client.get(reverse("allowances:rates")).status_code == 200


@pytest.mark.parametrize(
    "factory",
    [
        CollaboratorUserFactory,
        CommuneOfficialFactory,
        CommuneLeaderFactory,
        LeadershipUserFactory,
        FacilityUserFactory,
    ],
)
def test_other_roles_are_refused_the_pages(client, factory):
    client.force_login(factory())
    row = _row()
    level = StandardLevel.objects.get(valid_from=D(2024, 7, 1))
    for name, args in (
        ("allowances:rates", []),
        ("allowances:standard_level_add", []),
        ("allowances:standard_level_edit", [level.pk]),
        ("allowances:coefficient_add", []),
        ("allowances:coefficient_edit", [row.pk]),
        ("allowances:coefficient_change", [row.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name
    response = client.post(
        reverse("allowances:standard_level_add"),
        {"scope": "province", "amount": "600000", "valid_from": "2026-01-01", "legal_basis": BASIS},
    )
    assert response.status_code == 403
    delete = reverse("allowances:standard_level_delete", args=[level.pk])
    assert client.post(delete).status_code == 403
    assert not StandardLevel.objects.filter(scope="province").exists()
