"""The monthly payment lists, the account a person is paid into, and the
health insurance (BHYT) cards of people on the allowance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Beneficiary
from socialwork.accounts.models import Role
from socialwork.areas.models import AdministrativeUnit

from .. import amounts, payments
from ..models import (
    AllowanceEntitlement,
    HealthInsuranceCard,
    PaymentAccount,
    PaymentList,
    PaymentMethod,
)
from ..selectors import (
    standard_level_on,
)
from ._roles import LIST_MAKERS, PROVINCE_ROLES, REVIEWERS, _require


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
