"""Writes on social assistance. Every status change goes through here.

Who may do what (since 1/7/2025 the commune chairman decides, with no
district or council step: DOMAIN errata 1):
- file an application, record objections, funeral and emergency support:
  commune official or collaborator of the commune, department staff;
- review it and produce the posting list: commune official, department;
- decide (sign): commune leader (chairman or vice-chairman), administrator;
- generate and lock payment lists: commune official or leader for the
  commune, department staff for any commune or all at once.

Deadlines (working days, socialwork.calendar): review 7 (Art. 8(2)); posting
2; objections resolved within 10; decision 3 after the posting ends (the
district's former 3 days, now the commune chairman's [U]).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Beneficiary, DisabilityLevel, HouseholdPoverty, PovertyStatus
from socialwork.accounts.models import Role
from socialwork.areas.models import AdministrativeUnit
from socialwork.calendar.workdays import add_working_days

from . import amounts, payments
from .models import (
    FORM_OF_GROUP,
    AllowanceApplication,
    AllowanceEntitlement,
    ApplicationObjection,
    ApplicationStatus,
    Coefficient,
    EmergencyEvent,
    EmergencyKind,
    EmergencySupport,
    EndReason,
    FuneralSupport,
    Group,
    HealthInsuranceCard,
    PaymentAccount,
    PaymentList,
    PaymentMethod,
    StandardLevel,
    SubCase,
    SupportStatus,
)
from .selectors import standard_level_on

REVIEW_DAYS = 7
POSTING_DAYS = 2
OBJECTION_DAYS = 10
DECISION_DAYS = 3
FUNERAL_DECISION_DAYS = 5  # commune 2 + district 3 before 7/2025, now one step [U]
FUNERAL_MULTIPLE = 20  # Art. 11: at least 20 × the standard
INJURY_MULTIPLE = 10  # Art. 13
DISASTER_FUNERAL_MULTIPLE = 50  # Art. 14
HOUSING_MINIMUM = {  # Art. 15, đồng per household
    EmergencyKind.HOUSE_REBUILD: 40_000_000,
    EmergencyKind.HOUSE_RELOCATE: 30_000_000,
    EmergencyKind.HOUSE_REPAIR: 20_000_000,
}
RICE_KG_PER_PERSON_MONTH = 15  # Art. 12
RICE_MAX_MONTHS = 3

FILERS = {Role.COMMUNE_OFFICIAL, Role.COLLABORATOR, Role.DEPARTMENT, Role.ADMIN}
REVIEWERS = {Role.COMMUNE_OFFICIAL, Role.DEPARTMENT, Role.ADMIN}
DECIDERS = {Role.COMMUNE_LEADER, Role.ADMIN}
LIST_MAKERS = {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER, Role.DEPARTMENT, Role.ADMIN}
PROVINCE_ROLES = {Role.DEPARTMENT, Role.ADMIN}

# Household poverty each group requires in the filing year (Art. 5).
POVERTY_REQUIRED = {
    Group.CHILD_HIV: {PovertyStatus.POOR},
    Group.SINGLE_PARENT: {PovertyStatus.POOR, PovertyStatus.NEAR_POOR},
    Group.OLDER_POOR: {PovertyStatus.POOR},
    Group.OLDER_75: {PovertyStatus.POOR, PovertyStatus.NEAR_POOR},
    Group.OLDER_CARED: {PovertyStatus.POOR},
    Group.CHILD_UNDER_3: {PovertyStatus.POOR, PovertyStatus.NEAR_POOR},
    Group.HIV_POOR: {PovertyStatus.POOR},
}
DISABILITY_REQUIRED = {
    Group.DISABLED_ESPECIALLY: DisabilityLevel.ESPECIALLY_SEVERE,
    Group.DISABLED_SEVERE: DisabilityLevel.SEVERE,
}


def _require(actor, roles: set[str], commune_id: int | None = None) -> None:
    if not actor or not actor.is_authenticated or actor.role not in roles:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    if commune_id is not None and actor.is_commune_level and actor.area_id != commune_id:
        raise PermissionDenied(_("Bạn chỉ thao tác được với hồ sơ của xã mình."))


def _person(beneficiary: Beneficiary) -> amounts.Person:
    return amounts.Person(birth_date=beneficiary.birth_date, birth_year=beneficiary.birth_year)


def _coefficients() -> list[amounts.Coef]:
    return [
        amounts.Coef(
            group=c.group,
            coefficient=c.coefficient,
            valid_from=c.valid_from,
            valid_to=c.valid_to,
            min_age=c.min_age,
            max_age=c.max_age,
            sub_case=c.sub_case,
        )
        for c in Coefficient.objects.all()
    ]


def _levels() -> list[amounts.Level]:
    return [
        amounts.Level(
            scope=s.scope, amount=s.amount, valid_from=s.valid_from, confirmed=s.confirmed
        )
        for s in StandardLevel.objects.all()
    ]


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


def coefficient_on(*, beneficiary: Beneficiary, group: str, sub_case: str, day: datetime.date):
    """The coefficient the person's group and age give on `day` (None: no fit)."""
    month = amounts.month_start(day)
    return amounts.coefficient_for(
        _coefficients(),
        group=group,
        sub_case=sub_case,
        age=amounts.age_in_month(_person(beneficiary), month),
        month=month,
    )


def _group_ended_on(group: str, month: datetime.date) -> datetime.date | None:
    """The last day of the group's coefficients when none is in force in
    `month` any more (None while one is, or when the table has none yet)."""
    rows = [c for c in _coefficients() if c.group == group and c.valid_from <= month]
    if not rows or any(c.valid_to is None or c.valid_to >= month for c in rows):
        return None
    return max(c.valid_to for c in rows)


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
        status = (
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
        ended = _group_ended_on(group, amounts.month_start(filed_on))
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
            age = amounts.age_in_month(_person(beneficiary), amounts.month_start(filed_on))
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
    _require(actor, FILERS, beneficiary.commune_id)
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
    _require(actor, REVIEWERS, application.commune_id)
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
    _require(actor, FILERS, application.commune_id)
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
    _require(actor, REVIEWERS, application.commune_id)
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
    _require(actor, DECIDERS, application.commune_id)
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
            person=_person(beneficiary),
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
    _require(actor, FILERS, application.commune_id)
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
) -> AllowanceEntitlement:
    """Stop paying: the month of death or loss of eligibility is the last paid
    (payment stops from the month after, Art. 8)."""
    _require(actor, REVIEWERS | DECIDERS, entitlement.commune_id)
    if reason not in EndReason.values:
        raise ValidationError({"reason": [_("Lý do thôi hưởng không hợp lệ.")]})
    last = amounts.month_start(on)
    if entitlement.end_month is not None:
        raise ValidationError(_("Quyết định này đã thôi hưởng."), code="ended")
    if last < entitlement.start_month:
        raise ValidationError({"on": [_("Ngày thôi hưởng không được trước tháng bắt đầu hưởng.")]})
    entitlement.end_month, entitlement.end_reason, entitlement.ended_on = last, reason, on
    entitlement.save(update_fields=["end_month", "end_reason", "ended_on"])
    return entitlement


@transaction.atomic
def payment_account_set(
    *,
    actor,
    beneficiary: Beneficiary,
    method: str,
    bank_name: str = "",
    account_number: str = "",
    account_holder: str = "",
) -> PaymentAccount:
    _require(actor, REVIEWERS | {Role.COMMUNE_LEADER}, beneficiary.commune_id)
    if method == PaymentMethod.BANK and not (bank_name.strip() and account_number.strip()):
        raise ValidationError(
            {"account_number": [_("Chuyển khoản cần tên ngân hàng và số tài khoản.")]}
        )
    account, _created = PaymentAccount.objects.update_or_create(
        beneficiary=beneficiary,
        defaults={
            "method": method,
            "bank_name": bank_name.strip() if method == PaymentMethod.BANK else "",
            "account_number": account_number.strip() if method == PaymentMethod.BANK else "",
            "account_holder": account_holder.strip(),
        },
    )
    return account


@dataclass
class GenerateResult:
    month: datetime.date
    lists: int = 0
    payments: int = 0
    arrears_items: int = 0
    skipped_locked: list[int] = field(default_factory=list)


@transaction.atomic
def payment_lists_generate(
    *, actor, month: datetime.date, communes: list[AdministrativeUnit] | None = None
) -> GenerateResult:
    """(Re)generate the month's draft lists, set-based: for the given communes,
    or (department) for every commune with people on the allowance. A locked
    month is refused for a named commune and skipped in an all-communes run."""
    month = amounts.month_start(month)
    if communes is None:
        _require(actor, PROVINCE_ROLES)
        ids = list(
            AllowanceEntitlement.objects.filter(start_month__lte=month)
            .exclude(end_month__lt=month)
            .order_by()
            .values_list("commune_id", flat=True)
            .distinct()
        )
    else:
        for commune in communes:
            _require(actor, LIST_MAKERS, commune.pk)
        ids = [c.pk for c in communes]
    locked = list(
        PaymentList.objects.filter(
            commune_id__in=ids, month=month, status=PaymentList.Status.LOCKED
        ).values_list("commune_id", flat=True)
    )
    if locked and communes is not None:
        raise ValidationError(
            _("Danh sách chi trả tháng %(month)s đã khóa (đã chi trả): không thể lập lại.")
            % {"month": f"{month:%m/%Y}"},
            code="locked",
        )
    ids = [i for i in ids if i not in set(locked)]
    result = GenerateResult(month=month, skipped_locked=locked)
    if not ids:
        return result
    standard = standard_level_on(month).amount  # a clear error when none covers it
    missing = payments.missing_coefficient_groups(month=month, communes=ids)
    if missing:
        raise amounts.CoefficientMissing(
            _("Chưa có hệ số trợ cấp của nhóm %(group)s áp dụng cho tháng %(month)s.")
            % {"group": ", ".join(missing), "month": f"{month:%m/%Y}"},
            code="no_coefficient",
        )
    PaymentList.objects.bulk_create(
        [PaymentList(commune_id=i, month=month) for i in ids], ignore_conflicts=True
    )
    result.lists = len(ids)
    result.payments, result.arrears_items = payments.fill_lists(
        month=month, communes=ids, standard=standard, now=timezone.now()
    )
    return result


@transaction.atomic
def payment_list_lock(*, actor, payment_list: PaymentList) -> PaymentList:
    """Lock once paid: the database then refuses any change to its payments."""
    _require(actor, LIST_MAKERS, payment_list.commune_id)
    payment_list = PaymentList.objects.select_for_update().get(pk=payment_list.pk)
    if payment_list.status == PaymentList.Status.LOCKED:
        raise ValidationError(
            _("Danh sách chi trả tháng %(month)s đã khóa.")
            % {"month": f"{payment_list.month:%m/%Y}"},
            code="locked",
        )
    payment_list.status = PaymentList.Status.LOCKED
    payment_list.locked_at, payment_list.locked_by = timezone.now(), actor
    payment_list.save(update_fields=["status", "locked_at", "locked_by"])
    return payment_list


@transaction.atomic
def health_insurance_cards_list(
    *, actor, listed_on: datetime.date, communes: list[AdministrativeUnit] | None = None
) -> int:
    """Add everyone on the allowance without a card to the BHYT list (one card
    per person: the unique key refuses a second). Set-based. Returns added."""
    if communes is None:
        _require(actor, PROVINCE_ROLES)
    else:
        for commune in communes:
            _require(actor, LIST_MAKERS, commune.pk)
    month = amounts.month_start(listed_on)
    active = AllowanceEntitlement.objects.filter(start_month__lte=month).exclude(
        end_month__lt=month
    )
    if communes is not None:
        active = active.filter(commune__in=communes)
    from django.db import connection

    sql, params = active.order_by().values("beneficiary_id", "commune_id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO allowances_healthinsurancecard
                    (beneficiary_id, commune_id, status, card_number, listed_on)
                SELECT DISTINCT ON (a.beneficiary_id) a.beneficiary_id, a.commune_id,
                       'listed', '', %s
                  FROM ({sql}) a
                ON CONFLICT (beneficiary_id) DO NOTHING""",  # noqa: S608 (ORM-compiled SQL)
            [listed_on, *params],
        )
        return cursor.rowcount


@transaction.atomic
def health_insurance_card_issue(
    *,
    actor,
    card: HealthInsuranceCard,
    card_number: str,
    issued_on: datetime.date,
    valid_to: datetime.date | None = None,
) -> HealthInsuranceCard:
    _require(actor, LIST_MAKERS, card.commune_id)
    if not card_number.strip():
        raise ValidationError({"card_number": [_("Ghi mã thẻ BHYT.")]})
    card.status, card.card_number = HealthInsuranceCard.Status.ISSUED, card_number.strip()
    card.issued_on, card.valid_to = issued_on, valid_to
    card.save()
    return card


@transaction.atomic
def funeral_apply(
    *,
    actor,
    beneficiary: Beneficiary,
    died_on: datetime.date,
    filed_on: datetime.date,
    applicant_name: str,
    applicant_relation: str = "",
    amount: int | None = None,
    client_uuid: uuid.UUID | None = None,
) -> tuple[FuneralSupport, bool]:
    """Funeral support (Mẫu 04) when a person on the allowance dies; the
    allowance stops after the month of death."""
    _require(actor, FILERS, beneficiary.commune_id)
    if client_uuid is not None:
        existing = FuneralSupport.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            return existing, False
    errors: dict[str, list[str]] = {}
    if died_on > timezone.localdate():
        errors["died_on"] = [_("Ngày chết không được sau hôm nay.")]
    if filed_on < died_on:
        errors["filed_on"] = [_("Ngày nộp hồ sơ không được trước ngày chết.")]
    if not applicant_name.strip():
        errors["applicant_name"] = [_("Ghi họ tên người đứng ra mai táng.")]
    if FuneralSupport.objects.filter(beneficiary=beneficiary).exists():
        errors["beneficiary"] = [_("Người này đã có hồ sơ hỗ trợ mai táng.")]
    if errors:
        raise ValidationError(errors)
    minimum = FUNERAL_MULTIPLE * standard_level_on(died_on).amount
    if amount is None:
        amount = minimum
    if amount < minimum:
        raise ValidationError(
            {
                "amount": [
                    _("Mức hỗ trợ mai táng tối thiểu là %(min)s đồng (20 lần mức chuẩn).")
                    % {"min": f"{minimum:,}".replace(",", ".")}
                ]
            }
        )
    funeral = FuneralSupport.objects.create(
        client_uuid=client_uuid,
        beneficiary=beneficiary,
        commune_id=beneficiary.commune_id,
        died_on=died_on,
        applicant_name=applicant_name.strip(),
        applicant_relation=applicant_relation,
        filed_on=filed_on,
        decision_due=add_working_days(filed_on, FUNERAL_DECISION_DAYS),
        amount=amount,
        created_by=actor,
    )
    death_month = amounts.month_start(died_on)
    AllowanceEntitlement.objects.filter(beneficiary=beneficiary, end_month__isnull=True).filter(
        start_month__lte=death_month
    ).update(end_month=death_month, end_reason=EndReason.DEATH, ended_on=died_on)
    # A decision starting after the death never pays.
    AllowanceEntitlement.objects.filter(
        beneficiary=beneficiary, end_month__isnull=True, start_month__gt=death_month
    ).delete()
    return funeral, True


@transaction.atomic
def funeral_decide(
    *,
    actor,
    funeral: FuneralSupport,
    decided_on: datetime.date,
    approve: bool,
    decision_number: str,
) -> FuneralSupport:
    _require(actor, DECIDERS, funeral.commune_id)
    if funeral.status != SupportStatus.FILED:
        raise ValidationError(_("Hồ sơ mai táng này đã được quyết định."), code="decided")
    if decided_on < funeral.filed_on:
        raise ValidationError(
            {"decided_on": [_("Ngày quyết định không được trước ngày nộp hồ sơ.")]}
        )
    if approve and not decision_number.strip():
        raise ValidationError({"decision_number": [_("Ghi số quyết định.")]})
    funeral.status = SupportStatus.APPROVED if approve else SupportStatus.REJECTED
    funeral.decided_on, funeral.decision_number = decided_on, decision_number.strip()
    funeral.save()
    return funeral


@transaction.atomic
def funeral_pay(*, actor, funeral: FuneralSupport, paid_on: datetime.date) -> FuneralSupport:
    _require(actor, LIST_MAKERS, funeral.commune_id)
    if funeral.status != SupportStatus.APPROVED:
        raise ValidationError(_("Chỉ chi trả hồ sơ đã có quyết định hỗ trợ."), code="not_approved")
    if paid_on < funeral.decided_on:
        raise ValidationError({"paid_on": [_("Ngày chi trả không được trước ngày quyết định.")]})
    funeral.status, funeral.paid_on = SupportStatus.PAID, paid_on
    funeral.save()
    return funeral


@transaction.atomic
def emergency_event_create(
    *, actor, name: str, kind: str, started_on: datetime.date, description: str = ""
) -> EmergencyEvent:
    _require(actor, PROVINCE_ROLES | {Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER})
    if not name.strip():
        raise ValidationError({"name": [_("Ghi tên sự kiện.")]})
    if kind not in EmergencyEvent.Kind.values:
        raise ValidationError({"kind": [_("Loại sự kiện không hợp lệ.")]})
    return EmergencyEvent.objects.create(
        name=name.strip(), kind=kind, started_on=started_on, description=description
    )


@transaction.atomic
def emergency_support_record(
    *,
    actor,
    event: EmergencyEvent,
    commune: AdministrativeUnit,
    kind: str,
    decided_on: datetime.date,
    household=None,
    beneficiary: Beneficiary | None = None,
    persons: int = 1,
    months: int = 0,
    amount: int = 0,
) -> EmergencySupport:
    """One support to a household or person, checked against Arts 12–15 minima."""
    _require(actor, FILERS | {Role.COMMUNE_LEADER}, commune.pk)
    errors: dict[str, list[str]] = {}
    if household is None and beneficiary is None:
        errors["household"] = [_("Chọn hộ gia đình hoặc người nhận hỗ trợ.")]
    for item, label in ((household, "household"), (beneficiary, "beneficiary")):
        if item is not None and item.commune_id != commune.pk:
            errors[label] = [_("Người/hộ nhận hỗ trợ không thuộc xã này.")]
    if decided_on < event.started_on:
        errors["decided_on"] = [_("Ngày quyết định không được trước ngày xảy ra sự kiện.")]
    rice_kg = 0
    if kind == EmergencyKind.RICE:
        if not 1 <= months <= RICE_MAX_MONTHS:
            errors["months"] = [_("Hỗ trợ gạo từ 1 đến 3 tháng mỗi đợt.")]
        if persons < 1:
            errors["persons"] = [_("Số người phải từ 1 trở lên.")]
        rice_kg = RICE_KG_PER_PERSON_MONTH * persons * months
    else:
        standard = standard_level_on(decided_on).amount
        minimum = {
            EmergencyKind.INJURY: INJURY_MULTIPLE * standard,
            EmergencyKind.FUNERAL: DISASTER_FUNERAL_MULTIPLE * standard,
        }.get(kind, HOUSING_MINIMUM.get(kind))
        if minimum is None:
            errors["kind"] = [_("Hình thức hỗ trợ không hợp lệ.")]
        elif amount < minimum:
            errors["amount"] = [
                _("Mức tối thiểu cho hình thức này là %(min)s đồng.")
                % {"min": f"{minimum:,}".replace(",", ".")}
            ]
    if errors:
        raise ValidationError(errors)
    return EmergencySupport.objects.create(
        event=event,
        commune=commune,
        household=household,
        beneficiary=beneficiary,
        kind=kind,
        persons=persons,
        months=months,
        rice_kg=rice_kg,
        amount=amount,
        decided_on=decided_on,
        created_by=actor,
    )


def amount_for_month(*, beneficiary: Beneficiary, month: datetime.date) -> int:
    """The pure-function amount for one person (for detail pages and checks)."""
    rights = [
        amounts.Right(
            group=e.group,
            start_month=e.start_month,
            end_month=e.end_month,
            units=e.units,
            sub_case=e.sub_case,
        )
        for e in AllowanceEntitlement.objects.filter(beneficiary=beneficiary)
    ]
    return amounts.monthly_amount(
        person=_person(beneficiary),
        rights=rights,
        month=amounts.month_start(month),
        levels=_levels(),
        coefficients=_coefficients(),
    ).amount


# --- Rates: the standard level and the coefficients (department staff) ---------------
#
# Both are dated rows. A change takes effect from a date, as a new row; a row
# that locked months were paid from keeps its amount and dates (only its
# legal basis and notes can be corrected). "Locked months" are those up to
# the latest locked payment list in the province (conservative: one commune
# locking a month freezes the rates for it everywhere).
#
# - A standard level may be back-dated: the next list pays the arrears (truy
#   lĩnh, payments.py) for the months already paid at the lower level.
# - A coefficient may not: the lists recompute earlier months only for a
#   standard rise or a late decision, so a back-dated coefficient would leave
#   locked months silently paid at the old one. It takes effect after the
#   last locked month.

RATE_EDITORS = {Role.DEPARTMENT, Role.ADMIN}


def can_edit_rates(user) -> bool:
    return bool(user and user.is_authenticated and (user.role in RATE_EDITORS or user.is_superuser))


def _require_rate_editor(actor) -> None:
    if not can_edit_rates(actor):
        raise PermissionDenied(_("Chỉ cán bộ Sở được sửa mức chuẩn và hệ số trợ cấp."))


def last_locked_month() -> datetime.date | None:
    """The latest month with a locked payment list anywhere in the province."""
    return (
        PaymentList.objects.filter(status=PaymentList.Status.LOCKED)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def _day(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


def _history(actor):
    # Who changed a rate, on the pghistory event (as for the other apps' records).
    return pghistory.context(actor=actor.pk)


def standard_level_in_use(level: StandardLevel, *, locked: datetime.date | None = None) -> bool:
    """Whether a locked month may have been paid from this level: it was
    confirmed and in force on the first day of a locked month."""
    locked = last_locked_month() if locked is None else locked
    return bool(level.pk and level.confirmed and locked is not None and level.valid_from <= locked)


def _check_standard(
    *, scope: str, amount, valid_from, legal_basis: str, exclude_pk: int | None = None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if scope not in StandardLevel.Scope.values:
        errors["scope"] = [_("Phạm vi mức chuẩn không hợp lệ.")]
    if amount is None:
        errors["amount"] = [_("Nhập mức chuẩn (đồng/tháng).")]
    elif amount <= 0:
        errors["amount"] = [_("Mức chuẩn phải lớn hơn 0 đồng.")]
    if valid_from is None:
        errors["valid_from"] = [_("Nhập ngày áp dụng.")]
    if not (legal_basis or "").strip():
        errors["legal_basis"] = [_("Ghi căn cứ pháp lý (số, ngày văn bản).")]
    if valid_from is not None and "scope" not in errors:
        same_day = StandardLevel.objects.filter(scope=scope, valid_from=valid_from)
        if exclude_pk is not None:
            same_day = same_day.exclude(pk=exclude_pk)
        if same_day.exists():
            errors["valid_from"] = [
                _(
                    "Đã có %(scope)s áp dụng từ ngày %(day)s: mỗi ngày chỉ một mức; "
                    "hãy sửa dòng đó hoặc chọn ngày khác."
                )
                % {"scope": StandardLevel.Scope(scope).label.lower(), "day": _day(valid_from)}
            ]
    return errors


@transaction.atomic
def standard_level_add(
    *,
    actor,
    scope: str,
    amount: int | None,
    valid_from: datetime.date | None,
    legal_basis: str,
    confirmed: bool = True,
) -> StandardLevel:
    """A new level from `valid_from` (the level before it runs until the day
    before). Back-dated: the next payment list pays the arrears."""
    _require_rate_editor(actor)
    errors = _check_standard(
        scope=scope, amount=amount, valid_from=valid_from, legal_basis=legal_basis
    )
    if errors:
        raise ValidationError(errors)
    with _history(actor):
        return StandardLevel.objects.create(
            scope=scope,
            amount=amount,
            valid_from=valid_from,
            legal_basis=legal_basis.strip(),
            confirmed=confirmed,
        )


@transaction.atomic
def standard_level_update(
    *,
    actor,
    level: StandardLevel,
    amount: int | None,
    valid_from: datetime.date | None,
    legal_basis: str,
    confirmed: bool,
) -> StandardLevel:
    """Correct a level. One that paid a locked month keeps its amount, date and
    confirmation: a change from a date is a new level (standard_level_add)."""
    _require_rate_editor(actor)
    level = StandardLevel.objects.select_for_update().get(pk=level.pk)
    locked = last_locked_month()
    if standard_level_in_use(level, locked=locked) and (
        amount != level.amount or valid_from != level.valid_from or not confirmed
    ):
        raise ValidationError(
            _(
                "Mức chuẩn này đã dùng để chi trả các tháng đã khóa (đến tháng %(month)s): "
                "không sửa số tiền, ngày áp dụng hay bỏ xác nhận. Hãy thêm mức mới áp dụng "
                "từ ngày thay đổi; nếu áp dụng hồi tố, danh sách tháng sau sẽ truy lĩnh."
            )
            % {"month": f"{locked:%m/%Y}"},
            code="in_use",
        )
    errors = _check_standard(
        scope=level.scope,
        amount=amount,
        valid_from=valid_from,
        legal_basis=legal_basis,
        exclude_pk=level.pk,
    )
    if errors:
        raise ValidationError(errors)
    level.amount, level.valid_from, level.confirmed = amount, valid_from, confirmed
    level.legal_basis = legal_basis.strip()
    with _history(actor):
        level.save()
    return level


@transaction.atomic
def standard_level_delete(*, actor, level: StandardLevel) -> None:
    """Remove a level entered by mistake; never one that paid a locked month."""
    _require_rate_editor(actor)
    level = StandardLevel.objects.select_for_update().get(pk=level.pk)
    if standard_level_in_use(level):
        raise ValidationError(
            _("Mức chuẩn này đã dùng để chi trả các tháng đã khóa: không xóa được."),
            code="in_use",
        )
    with _history(actor):
        level.delete()


def coefficient_in_use(row: Coefficient, *, locked: datetime.date | None = None) -> bool:
    """Whether a locked month may have been paid at this coefficient."""
    locked = last_locked_month() if locked is None else locked
    return bool(row.pk and locked is not None and row.valid_from <= locked)


def _bands_overlap(a_min, a_max, b_min, b_max) -> bool:
    low = max(a_min if a_min is not None else -1, b_min if b_min is not None else -1)
    high = min(a_max if a_max is not None else 1000, b_max if b_max is not None else 1000)
    return low < high


def _age_label(min_age, max_age) -> str:
    if min_age is None and max_age is None:
        return _("mọi độ tuổi")
    if min_age is None:
        return _("dưới %(max)s tuổi") % {"max": max_age}
    if max_age is None:
        return _("từ %(min)s tuổi") % {"min": min_age}
    return _("từ %(min)s đến dưới %(max)s tuổi") % {"min": min_age, "max": max_age}


def _check_coefficient(
    *,
    group: str,
    sub_case: str,
    min_age,
    max_age,
    coefficient,
    valid_from,
    valid_to,
    legal_basis: str,
    locked: datetime.date | None,
    exclude_pks: tuple[int, ...] = (),
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if group not in Group.values:
        errors["group"] = [_("Nhóm đối tượng không hợp lệ.")]
    if sub_case and (group != Group.CHILD or sub_case not in SubCase.values):
        errors["sub_case"] = [_("Chỉ nhóm 5.1 có trường hợp a–l.")]
    if coefficient is None:
        errors["coefficient"] = [_("Nhập hệ số.")]
    elif coefficient <= 0:
        errors["coefficient"] = [_("Hệ số phải lớn hơn 0.")]
    for name, value in (("min_age", min_age), ("max_age", max_age)):
        if value is not None and value < 0:
            errors[name] = [_("Tuổi không được âm.")]
    if min_age is not None and max_age is not None and max_age <= min_age:
        errors["max_age"] = [_("“Dưới tuổi” phải lớn hơn “từ tuổi”.")]
    if valid_from is None:
        errors["valid_from"] = [_("Nhập ngày áp dụng.")]
    elif valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = [_("Ngày hết áp dụng không được trước ngày áp dụng.")]
    if not (legal_basis or "").strip():
        errors["legal_basis"] = [_("Ghi căn cứ pháp lý (số, ngày văn bản).")]
    if valid_from is not None and locked is not None and valid_from <= locked:
        errors["valid_from"] = [
            _(
                "Tháng %(month)s đã khóa danh sách chi trả theo hệ số cũ: hệ số mới chỉ áp "
                "dụng từ ngày %(day)s trở đi."
            )
            % {"month": f"{locked:%m/%Y}", "day": _day(amounts.next_month(locked))}
        ]
    if errors:
        return errors
    others = Coefficient.objects.filter(group=group, sub_case=sub_case).exclude(pk__in=exclude_pks)
    for other in others:
        periods_overlap = (other.valid_to is None or other.valid_to >= valid_from) and (
            valid_to is None or valid_to >= other.valid_from
        )
        if periods_overlap and _bands_overlap(min_age, max_age, other.min_age, other.max_age):
            errors["valid_from"] = [
                _(
                    "Trùng thời gian với hệ số %(coef)s của nhóm này (%(ages)s) áp dụng từ "
                    "%(start)s%(end)s. Hãy dùng “Thay đổi từ ngày” trên dòng đó."
                )
                % {
                    "coef": other.coefficient,
                    "ages": _age_label(other.min_age, other.max_age),
                    "start": _day(other.valid_from),
                    "end": _(" đến %(day)s") % {"day": _day(other.valid_to)}
                    if other.valid_to
                    else "",
                }
            ]
            break
    return errors


@transaction.atomic
def coefficient_add(
    *,
    actor,
    group: str,
    coefficient,
    valid_from: datetime.date | None,
    legal_basis: str,
    sub_case: str = "",
    min_age: int | None = None,
    max_age: int | None = None,
    valid_to: datetime.date | None = None,
    note: str = "",
    needs_review: bool = False,
) -> Coefficient:
    """A new row: an age band or group the table lacks, from a date after the
    last locked month, overlapping no other row of the group."""
    _require_rate_editor(actor)
    errors = _check_coefficient(
        group=group,
        sub_case=sub_case,
        min_age=min_age,
        max_age=max_age,
        coefficient=coefficient,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=legal_basis,
        locked=last_locked_month(),
    )
    if errors:
        raise ValidationError(errors)
    with _history(actor):
        return Coefficient.objects.create(
            group=group,
            sub_case=sub_case,
            min_age=min_age,
            max_age=max_age,
            coefficient=coefficient,
            valid_from=valid_from,
            valid_to=valid_to,
            legal_basis=legal_basis.strip(),
            note=note,
            needs_review=needs_review,
        )


@transaction.atomic
def coefficient_change(
    *,
    actor,
    row: Coefficient,
    coefficient,
    valid_from: datetime.date | None,
    legal_basis: str,
    note: str = "",
) -> Coefficient:
    """From `valid_from` the group's age band gets a new coefficient: the row
    in force ends the day before, a new row starts (earlier months keep theirs)."""
    _require_rate_editor(actor)
    row = Coefficient.objects.select_for_update().get(pk=row.pk)
    errors: dict[str, list[str]] = {}
    if valid_from is not None and valid_from <= row.valid_from:
        errors["valid_from"] = [
            _("Ngày thay đổi phải sau ngày bắt đầu của hệ số đang áp dụng (%(day)s).")
            % {"day": _day(row.valid_from)}
        ]
    elif valid_from is not None and row.valid_to is not None and valid_from > row.valid_to:
        errors["valid_from"] = [
            _("Hệ số này đã hết áp dụng từ %(day)s: hãy thêm dòng mới thay vì thay đổi dòng này.")
            % {"day": _day(row.valid_to + datetime.timedelta(days=1))}
        ]
    if not errors:
        errors = _check_coefficient(
            group=row.group,
            sub_case=row.sub_case,
            min_age=row.min_age,
            max_age=row.max_age,
            coefficient=coefficient,
            valid_from=valid_from,
            valid_to=row.valid_to,
            legal_basis=legal_basis,
            locked=last_locked_month(),
            exclude_pks=(row.pk,),
        )
    if errors:
        raise ValidationError(errors)
    new_row = Coefficient(
        group=row.group,
        sub_case=row.sub_case,
        min_age=row.min_age,
        max_age=row.max_age,
        coefficient=coefficient,
        valid_from=valid_from,
        valid_to=row.valid_to,
        legal_basis=legal_basis.strip(),
        note=note,
    )
    with _history(actor):
        row.valid_to = valid_from - datetime.timedelta(days=1)
        row.save(update_fields=["valid_to"])
        new_row.save()
    return new_row


@transaction.atomic
def coefficient_update(
    *,
    actor,
    row: Coefficient,
    coefficient,
    min_age: int | None,
    max_age: int | None,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None,
    legal_basis: str,
    note: str = "",
    needs_review: bool = False,
) -> Coefficient:
    """Correct a row. One that paid a locked month keeps its coefficient, ages
    and start; it may end (valid_to) after the last locked month, and its
    legal basis, note and review flag may be corrected."""
    _require_rate_editor(actor)
    row = Coefficient.objects.select_for_update().get(pk=row.pk)
    locked = last_locked_month()
    in_use = coefficient_in_use(row, locked=locked)
    if in_use:
        frozen = (row.coefficient, row.min_age, row.max_age, row.valid_from)
        if (coefficient, min_age, max_age, valid_from) != frozen:
            raise ValidationError(
                _(
                    "Hệ số này đã dùng để chi trả các tháng đã khóa (đến tháng %(month)s): "
                    "không sửa hệ số, độ tuổi hay ngày áp dụng. Hãy dùng “Thay đổi từ ngày”."
                )
                % {"month": f"{locked:%m/%Y}"},
                code="in_use",
            )
        if valid_to is not None and valid_to < locked:
            raise ValidationError(
                {
                    "valid_to": [
                        _(
                            "Tháng %(month)s đã khóa danh sách chi trả theo hệ số này: "
                            "ngày hết áp dụng không được trước ngày %(day)s."
                        )
                        % {"month": f"{locked:%m/%Y}", "day": _day(locked)}
                    ]
                }
            )
    errors = _check_coefficient(
        group=row.group,
        sub_case=row.sub_case,
        min_age=min_age,
        max_age=max_age,
        coefficient=coefficient,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=legal_basis,
        # An in-use row keeps its start (checked above); a free one must start after.
        locked=None if in_use else locked,
        exclude_pks=(row.pk,),
    )
    if errors:
        raise ValidationError(errors)
    row.coefficient, row.min_age, row.max_age = coefficient, min_age, max_age
    row.valid_from, row.valid_to = valid_from, valid_to
    row.legal_basis, row.note, row.needs_review = legal_basis.strip(), note, needs_review
    with _history(actor):
        row.save()
    return row
