"""Funeral support when a person on the allowance dies (Art. 11)."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Beneficiary
from socialwork.accounts.capabilities import require
from socialwork.calendar.workdays import add_working_days
from socialwork.numbers import grouped

from .. import amounts
from ..models import (
    AllowanceEntitlement,
    EndReason,
    FuneralSupport,
    SupportStatus,
)
from ..selectors import (
    standard_level_on,
)

FUNERAL_DECISION_DAYS = 5  # commune 2 + district 3 before 7/2025, now one step [U]
FUNERAL_MULTIPLE = 20  # Art. 11: at least 20 × the standard


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
    require(actor, "funeral.file", commune=beneficiary.commune_id)
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
                    % {"min": grouped(minimum)}
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
    require(actor, "funeral.decide", commune=funeral.commune_id)
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
    funeral.decided_by = actor  # the signer the printed decision names
    funeral.save()
    return funeral


@transaction.atomic
def funeral_pay(*, actor, funeral: FuneralSupport, paid_on: datetime.date) -> FuneralSupport:
    require(actor, "funeral.pay", commune=funeral.commune_id)
    if funeral.status != SupportStatus.APPROVED:
        raise ValidationError(_("Chỉ chi trả hồ sơ đã có quyết định hỗ trợ."), code="not_approved")
    assert funeral.decided_on is not None  # an approved support has its decision
    if paid_on < funeral.decided_on:
        raise ValidationError({"paid_on": [_("Ngày chi trả không được trước ngày quyết định.")]})
    funeral.status, funeral.paid_on = SupportStatus.PAID, paid_on
    funeral.save()
    return funeral
