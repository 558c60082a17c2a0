"""The breach register follows Law 91/2025 Art. 23: registered when found,
notified within 72 hours (or with the reason for the delay), followed to the
authority's confirmation, closed with the measures taken."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from socialwork.accounts.models import AccessLog
from socialwork.privacy import selectors, services
from socialwork.privacy.models import BreachStatus, DataBreachEvent
from tests.factories import CollaboratorUserFactory, FacilityUserFactory, LeadershipUserFactory

pytestmark = pytest.mark.django_db
S = BreachStatus


def _register(actor, **kw):
    values = {
        "detected_at": timezone.now() - datetime.timedelta(hours=3),
        "summary": "Tài khoản cộng tác viên đăng nhập từ nơi lạ, xem nhiều hồ sơ.",
        "data_kinds": "họ tên, CCCD",
        **kw,
    }
    return services.breach_register(actor=actor, **values)


def test_the_72_hour_clock_starts_when_it_was_found(department):
    breach = _register(department)

    assert breach.status == S.SUSPECTED
    assert breach.notify_due_at - breach.detected_at == datetime.timedelta(hours=72)
    assert DataBreachEvent.objects.get(breach=breach).to_status == S.SUSPECTED


@pytest.mark.parametrize(
    ("field", "kw"),
    [
        ("detected_at", {"detected_at": timezone.now() + datetime.timedelta(days=1)}),
        ("summary", {"summary": "  "}),
        ("data_kinds", {"data_kinds": ""}),
        (
            "window_end",
            {
                "window_start": timezone.now() - datetime.timedelta(hours=1),
                "window_end": timezone.now() - datetime.timedelta(hours=5),
            },
        ),
    ],
)
def test_bad_input_is_named(department, field, kw):
    with pytest.raises(ValidationError) as refused:
        _register(department, **kw)

    assert field in refused.value.message_dict


def test_the_steps_go_in_the_laws_order(department):
    breach = _register(department)

    with pytest.raises(ValidationError):
        services.breach_advance(actor=department, breach=breach, to=S.NOTIFIED, reference="01/TB")
    services.breach_advance(actor=department, breach=breach, to=S.CONFIRMED)
    services.breach_advance(actor=department, breach=breach, to=S.NOTIFIED, reference="01/TB-SYT")
    with pytest.raises(ValidationError) as refused:
        services.breach_advance(actor=department, breach=breach, to=S.ACKNOWLEDGED)
    assert "reference" in refused.value.message_dict
    services.breach_advance(
        actor=department, breach=breach, to=S.ACKNOWLEDGED, reference="A05 đã nhận"
    )
    with pytest.raises(ValidationError) as refused:
        services.breach_advance(actor=department, breach=breach, to=S.CLOSED)
    assert "note" in refused.value.message_dict
    breach = services.breach_advance(
        actor=department, breach=breach, to=S.CLOSED, note="Khóa tài khoản, đổi mật khẩu."
    )

    assert breach.status == S.CLOSED
    assert breach.measures == "Khóa tài khoản, đổi mật khẩu."
    assert list(
        DataBreachEvent.objects.filter(breach=breach).values_list("to_status", flat=True)
    ) == [S.SUSPECTED, S.CONFIRMED, S.NOTIFIED, S.ACKNOWLEDGED, S.CLOSED]


def test_a_notice_after_72_hours_needs_its_reason(department):
    breach = _register(department, detected_at=timezone.now() - datetime.timedelta(hours=80))
    services.breach_advance(actor=department, breach=breach, to=S.CONFIRMED)
    assert breach.notice_overdue

    with pytest.raises(ValidationError) as refused:
        services.breach_advance(actor=department, breach=breach, to=S.NOTIFIED, reference="02/TB")
    assert "note" in refused.value.message_dict

    breach = services.breach_advance(
        actor=department, breach=breach, to=S.NOTIFIED, reference="02/TB", note="Mất điện 2 ngày."
    )
    assert breach.late_reason == "Mất điện 2 ngày."
    assert not breach.notice_overdue


def test_a_dismissal_says_why(department):
    breach = _register(department)

    with pytest.raises(ValidationError):
        services.breach_advance(actor=department, breach=breach, to=S.DISMISSED)
    breach = services.breach_advance(
        actor=department, breach=breach, to=S.DISMISSED, note="Máy đã tìm thấy, chưa mở."
    )
    assert breach.status == S.DISMISSED


@pytest.mark.parametrize(
    "factory", [CollaboratorUserFactory, FacilityUserFactory, LeadershipUserFactory]
)
def test_only_the_department_handles_breaches(factory, department):
    with pytest.raises(PermissionDenied):
        _register(factory())
    breach = _register(department)
    with pytest.raises(PermissionDenied):
        services.breach_advance(actor=factory(), breach=breach, to=S.CONFIRMED)


def test_the_exposure_is_read_from_the_access_log(department, collaborator_a):
    start = timezone.now() - datetime.timedelta(hours=2)
    for object_id in ("1", "2", "2", "3"):
        AccessLog.objects.create(
            user=collaborator_a, action="view", object_type="cases.beneficiary", object_id=object_id
        )
    AccessLog.objects.create(
        user=collaborator_a, action="denied", object_type="cases.case", object_id="9"
    )
    AccessLog.objects.create(
        user=department, action="view", object_type="cases.beneficiary", object_id="7"
    )
    breach = _register(department, suspected_user=collaborator_a, window_start=start)

    exposure = selectors.breach_exposure(breach=breach)

    assert exposure["total"] == 5
    assert {
        (r["object_type"], r["action"], r["rows"], r["records"]) for r in exposure["by_type"]
    } == {
        ("cases.beneficiary", "view", 4, 3),
        ("cases.case", "denied", 1, 1),
    }
