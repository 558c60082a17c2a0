"""Applications and the entitlements they grant (Decree 20/2021 Art. 8).

Deadlines (working days, socialwork.calendar): review 7 (Art. 8(2)); posting
2; objections resolved within 10; decision 3 after the posting ends (the
district's former 3 days, now the commune chairman's [U]).
"""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Beneficiary, DisabilityLevel, HouseholdPoverty, PovertyStatus
from socialwork.accounts.capabilities import require
from socialwork.calendar.workdays import add_working_days

from .. import amounts
from ..models import (
    FORM_OF_GROUP,
    AllowanceApplication,
    AllowanceEntitlement,
    ApplicationObjection,
    ApplicationStatus,
    EndReason,
    Group,
    SubCase,
)
from ..selectors import (
    coefficient_on,
    group_ended_on,
    person_of,
)

REVIEW_DAYS = 7
POSTING_DAYS = 2
OBJECTION_DAYS = 10
DECISION_DAYS = 3

# Household poverty each group requires in the filing year (Art. 5).
POVERTY_REQUIRED: dict[str, set[str]] = {
    Group.CHILD_HIV: {PovertyStatus.POOR},
    Group.SINGLE_PARENT: {PovertyStatus.POOR, PovertyStatus.NEAR_POOR},
    Group.OLDER_POOR: {PovertyStatus.POOR},
    Group.OLDER_75: {PovertyStatus.POOR, PovertyStatus.NEAR_POOR},
    Group.OLDER_CARED: {PovertyStatus.POOR},
    Group.CHILD_UNDER_3: {PovertyStatus.POOR, PovertyStatus.NEAR_POOR},
    Group.HIV_POOR: {PovertyStatus.POOR},
}
DISABILITY_REQUIRED: dict[str, str] = {
    Group.DISABLED_ESPECIALLY: DisabilityLevel.ESPECIALLY_SEVERE,
    Group.DISABLED_SEVERE: DisabilityLevel.SEVERE,
}


def _move(application: AllowanceApplication, to: str) -> None:
    allowed = AllowanceApplication.TRANSITIONS[application.status]
    if to not in allowed:
        raise ValidationError(
            _("Không thể chuyển hồ sơ từ “%(from)s” sang “%(to)s”.")
            % {
                "from": ApplicationStatus(application.status).label,
                "to": ApplicationStatus(to).label,
            },
            code="bad_transition",
        )
    application.status = to


def _check_fit(
    *,
    beneficiary: Beneficiary,
    group: str,
    sub_case: str,
    children_count: int,
    filed_on: datetime.date,
) -> None:
    """Refuse a group the person's age or data do not fit."""
    errors: dict[str, list[str]] = {}
    if group == Group.CHILD and not sub_case:
        errors["sub_case"] = [_("Chọn trường hợp (điểm a–l) của trẻ em không có nguồn nuôi dưỡng.")]
    if group != Group.CHILD and sub_case:
        errors["sub_case"] = [_("Chỉ nhóm 5.1 có trường hợp a–l.")]
    if group == Group.SINGLE_PARENT and children_count < 1:
        errors["children_count"] = [_("Người đơn thân nghèo phải đang nuôi ít nhất một con.")]
    if group in DISABILITY_REQUIRED and beneficiary.disability_level != DISABILITY_REQUIRED[group]:
        errors["group"] = [
            _(
                "Mức độ khuyết tật ghi trong hồ sơ đối tượng (“%(level)s”) "
                "không phù hợp với nhóm này."
            )
            % {"level": DisabilityLevel(beneficiary.disability_level).label}
        ]
    if group in POVERTY_REQUIRED and "group" not in errors:
        # No household: no poverty recorded.
        status = beneficiary.household_id and (
            HouseholdPoverty.objects.filter(
                household_id=beneficiary.household_id, year=filed_on.year
            )
            .values_list("status", flat=True)
            .first()
        )
        if status not in POVERTY_REQUIRED[group]:
            errors["group"] = [
                _(
                    "Nhóm này yêu cầu hộ nghèo/cận nghèo năm %(year)s; "
                    "hồ sơ đối tượng chưa ghi nhận."
                )
                % {"year": filed_on.year}
            ]
    if "group" not in errors:
        coefficient = coefficient_on(
            beneficiary=beneficiary, group=group, sub_case=sub_case, day=filed_on
        )
        ended = group_ended_on(group, amounts.month_start(filed_on))
        if coefficient is None and ended is not None:
            # The group left Decree 20 by law (e.g. 5.5c became the social
            # pension on 1/7/2025): say so rather than blame the person's age.
            errors["group"] = [
                _(
                    "Nhóm “%(group)s” không còn hưởng trợ cấp theo bảng hệ số từ ngày %(day)s; "
                    "hãy chọn nhóm khác hoặc đề nghị Sở cập nhật bảng hệ số."
                )
                % {
                    "group": Group(group).label,
                    "day": f"{ended + datetime.timedelta(days=1):%d/%m/%Y}",
                }
            ]
        elif coefficient is None:
            age = amounts.age_in_month(person_of(beneficiary), amounts.month_start(filed_on))
            errors["group"] = [
                _("Độ tuổi của người này (%(age)s) không thuộc nhóm “%(group)s”.")
                % {"age": age if age is not None else _("chưa rõ"), "group": Group(group).label}
            ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def application_submit(
    *,
    actor,
    beneficiary: Beneficiary,
    group: str,
    filed_on: datetime.date,
    sub_case: str = "",
    children_count: int = 0,
    disability_certified_on: datetime.date | None = None,
    village: str = "",
    note: str = "",
    client_uuid: uuid.UUID | None = None,
) -> tuple[AllowanceApplication, bool]:
    """File the declaration (Mẫu 1a–1đ by group). Returns (application, created);
    a retried phone POST with the same client_uuid returns the first one."""
    require(actor, "allowance.file", commune=beneficiary.commune_id)
    if client_uuid is not None:
        existing = AllowanceApplication.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            return existing, False
    if group not in Group.values:
        raise ValidationError({"group": [_("Nhóm đối tượng không hợp lệ.")]})
    if sub_case not in SubCase.values:
        raise ValidationError({"sub_case": [_("Trường hợp không hợp lệ.")]})
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": [_("Ngày nộp không được sau hôm nay.")]})
    _check_fit(
        beneficiary=beneficiary,
        group=group,
        sub_case=sub_case,
        children_count=children_count,
        filed_on=filed_on,
    )
    if AllowanceApplication.objects.filter(
        beneficiary=beneficiary,
        group=group,
        status__in=[
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.POSTED,
            ApplicationStatus.OBJECTION,
        ],
    ).exists():
        raise ValidationError(_("Người này đã có hồ sơ nhóm này đang được xét."), code="duplicate")
    application = AllowanceApplication.objects.create(
        client_uuid=client_uuid,
        beneficiary=beneficiary,
        commune_id=beneficiary.commune_id,
        village=village,
        group=group,
        sub_case=sub_case,
        form=FORM_OF_GROUP[Group(group)],
        children_count=children_count,
        disability_certified_on=disability_certified_on,
        note=note,
        filed_on=filed_on,
        review_due=add_working_days(filed_on, REVIEW_DAYS),
        created_by=actor,
    )
    return application, True


@transaction.atomic
def application_review(
    *,
    actor,
    application: AllowanceApplication,
    reviewed_on: datetime.date,
    eligible: bool,
    reason: str = "",
) -> AllowanceApplication:
    """The commune's review: eligible → posted publicly for 2 working days."""
    require(actor, "allowance.review", commune=application.commune_id)
    application = AllowanceApplication.objects.select_for_update().get(pk=application.pk)
    if reviewed_on < application.filed_on:
        raise ValidationError({"reviewed_on": [_("Ngày xét không được trước ngày nộp hồ sơ.")]})
    if not eligible and not reason.strip():
        raise ValidationError({"reason": [_("Ghi lý do không đủ điều kiện.")]})
    _move(application, ApplicationStatus.POSTED if eligible else ApplicationStatus.REJECTED)
    application.reviewed_on = reviewed_on
    application.reviewed_by = actor
    if eligible:
        application.posted_until = add_working_days(reviewed_on, POSTING_DAYS)
        application.decision_due = add_working_days(application.posted_until, DECISION_DAYS)
    else:
        application.rejection_reason = reason
    application.save()
    return application


@transaction.atomic
def objection_record(
    *, actor, application: AllowanceApplication, received_on: datetime.date, summary: str
) -> ApplicationObjection:
    require(actor, "allowance.objection.record", commune=application.commune_id)
    application = AllowanceApplication.objects.select_for_update().get(pk=application.pk)
    if not summary.strip():
        raise ValidationError({"summary": [_("Ghi nội dung khiếu nại.")]})
    if application.reviewed_on and received_on < application.reviewed_on:
        raise ValidationError({"received_on": [_("Khiếu nại phải nhận sau khi niêm yết.")]})
    _move(application, ApplicationStatus.OBJECTION)
    application.save(update_fields=["status", "updated_at"])
    return ApplicationObjection.objects.create(
        application=application,
        received_on=received_on,
        summary=summary,
        due_on=add_working_days(received_on, OBJECTION_DAYS),
    )


@transaction.atomic
def objection_resolve(
    *,
    actor,
    objection: ApplicationObjection,
    resolved_on: datetime.date,
    upheld: bool,
    resolution: str,
) -> ApplicationObjection:
    """An upheld objection ends the application; otherwise it goes on to the decision."""
    application = AllowanceApplication.objects.select_for_update().get(pk=objection.application_id)
    require(actor, "allowance.objection.resolve", commune=application.commune_id)
    if objection.resolved_on is not None:
        raise ValidationError(_("Khiếu nại này đã được giải quyết."), code="resolved")
    if resolved_on < objection.received_on:
        raise ValidationError({"resolved_on": [_("Ngày giải quyết không được trước ngày nhận.")]})
    if not resolution.strip():
        raise ValidationError({"resolution": [_("Ghi kết quả giải quyết.")]})
    objection.resolved_on, objection.upheld, objection.resolution = resolved_on, upheld, resolution
    objection.save()
    if upheld:
        _move(application, ApplicationStatus.REJECTED)
        application.rejection_reason = resolution
    else:
        _move(application, ApplicationStatus.POSTED)
        application.decision_due = add_working_days(
            max(resolved_on, application.posted_until or resolved_on), DECISION_DAYS
        )
    application.save()
    return objection


@transaction.atomic
def application_decide(
    *,
    actor,
    application: AllowanceApplication,
    decided_on: datetime.date,
    approve: bool,
    decision_number: str = "",
    reason: str = "",
) -> AllowanceApplication:
    """The commune chairman's decision. Approval creates the entitlement from
    the month the law says (amounts.start_month_for)."""
    require(actor, "allowance.decide", commune=application.commune_id)
    application = (
        AllowanceApplication.objects.select_for_update()
        .select_related("beneficiary")
        .get(pk=application.pk)
    )
    errors: dict[str, list[str]] = {}
    if decided_on < application.filed_on:
        errors["decided_on"] = [
            _("Ngày quyết định (%(d)s) không được trước ngày nộp hồ sơ (%(f)s).")
            % {"d": f"{decided_on:%d/%m/%Y}", "f": f"{application.filed_on:%d/%m/%Y}"}
        ]
    elif application.posted_until and decided_on < application.posted_until:
        errors["decided_on"] = [
            _("Chưa hết thời gian niêm yết công khai (đến %(d)s).")
            % {"d": f"{application.posted_until:%d/%m/%Y}"}
        ]
    if approve and not decision_number.strip():
        errors["decision_number"] = [_("Ghi số quyết định.")]
    if not approve and not reason.strip():
        errors["reason"] = [_("Ghi lý do không được hưởng.")]
    if errors:
        raise ValidationError(errors)
    _move(application, ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED)
    application.decided_on, application.decided_by = decided_on, actor
    application.decision_number = decision_number.strip()
    if not approve:
        application.rejection_reason = reason
    application.save()
    if approve:
        beneficiary = application.beneficiary
        start = amounts.start_month_for(
            group=application.group,
            decided_on=decided_on,
            person=person_of(beneficiary),
            filed_on=application.filed_on,
            disability_certified_on=application.disability_certified_on,
        )
        coefficient = coefficient_on(
            beneficiary=beneficiary,
            group=application.group,
            sub_case=application.sub_case,
            day=start,
        )
        if coefficient is None:
            raise ValidationError(
                {"group": [_("Độ tuổi của người này không còn thuộc nhóm đề nghị.")]}
            )
        AllowanceEntitlement.objects.filter(
            beneficiary=beneficiary, group=application.group, end_month__isnull=True
        ).update(
            end_month=amounts.add_months(start, -1), end_reason=EndReason.OTHER, ended_on=decided_on
        )
        AllowanceEntitlement.objects.create(
            beneficiary=beneficiary,
            commune_id=application.commune_id,
            group=application.group,
            sub_case=application.sub_case,
            units=max(1, application.children_count)
            if application.group == Group.SINGLE_PARENT
            else 1,
            coefficient=coefficient,
            start_month=start,
            application=application,
            decision_number=application.decision_number,
            decided_on=decided_on,
        )
    return application


@transaction.atomic
def application_withdraw(*, actor, application: AllowanceApplication) -> AllowanceApplication:
    require(actor, "allowance.withdraw", commune=application.commune_id)
    application = AllowanceApplication.objects.select_for_update().get(pk=application.pk)
    _move(application, ApplicationStatus.WITHDRAWN)
    application.save(update_fields=["status", "updated_at"])
    return application


@transaction.atomic
def entitlement_stop(
    *,
    actor,
    entitlement: AllowanceEntitlement,
    reason: str,
    on: datetime.date,
    decision_number: str = "",
    decided_on: datetime.date | None = None,
) -> AllowanceEntitlement:
    """Stop paying: the month of death or loss of eligibility is the last paid
    (payment stops from the month after, Art. 8).

    With `decision_number` the chairman records his stopping decision: its
    number, date (today unless given) and he as its signer are stored, and the
    printed decision carries them; only the one who decides allowances may."""
    require(actor, "allowance.stop", commune=entitlement.commune_id)
    number = decision_number.strip()
    if number:
        require(actor, "allowance.decide", commune=entitlement.commune_id)
        decided_on = decided_on or timezone.localdate()
        if decided_on < on:
            raise ValidationError(
                {"decided_on": [_("Ngày quyết định thôi hưởng không được trước ngày thôi hưởng.")]}
            )
    elif decided_on is not None:
        raise ValidationError({"decision_number": [_("Ghi số quyết định.")]})
    if reason not in EndReason.values:
        raise ValidationError({"reason": [_("Lý do thôi hưởng không hợp lệ.")]})
    last = amounts.month_start(on)
    if entitlement.end_month is not None:
        raise ValidationError(_("Quyết định này đã thôi hưởng."), code="ended")
    if last < entitlement.start_month:
        raise ValidationError({"on": [_("Ngày thôi hưởng không được trước tháng bắt đầu hưởng.")]})
    entitlement.end_month, entitlement.end_reason, entitlement.ended_on = last, reason, on
    if number:
        entitlement.stop_decision_number = number
        entitlement.stop_decided_on, entitlement.stop_decided_by = decided_on, actor
    entitlement.save(
        update_fields=[
            "end_month",
            "end_reason",
            "ended_on",
            "stop_decision_number",
            "stop_decided_on",
            "stop_decided_by",
        ]
    )
    return entitlement
