"""The monthly payment lists, the account a person is paid into, and the
health insurance (BHYT) cards of people on the allowance."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import pghistory
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Beneficiary
from socialwork.accounts.capabilities import require
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

# A Vietnamese bank account number: digits only, 6 to 19 of them (the banks'
# own formats run from 8 to 19; a few older co-operative accounts have 6).
ACCOUNT_NUMBER = re.compile(r"\d{6,19}")
# The BHYT card code (Decision 1666/QĐ-BHXH 2020): two letters of the group
# ("BT" for people on the monthly allowance), one digit of the benefit level,
# two of the province, ten of the social insurance number.
CARD_NUMBER = re.compile(r"[A-Z]{2}\d{13}")


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
    """How the person is paid from the next payment list on: at the post office
    or into a bank account (whose number the commune has seen on the bank's papers)."""
    require(actor, "allowance.payment_account.set", commune=beneficiary.commune_id)
    bank_name, account_holder = bank_name.strip(), account_holder.strip()
    account_number = re.sub(r"[\s.-]", "", account_number)
    errors: dict[str, list[str]] = {}
    if method not in PaymentMethod.values:
        errors["method"] = [_("Hình thức chi trả không hợp lệ.")]
    elif method == PaymentMethod.BANK:
        if not bank_name:
            errors["bank_name"] = [_("Chuyển khoản cần tên ngân hàng.")]
        if not account_number:
            errors["account_number"] = [_("Chuyển khoản cần số tài khoản.")]
        elif not ACCOUNT_NUMBER.fullmatch(account_number):
            errors["account_number"] = [_("Số tài khoản chỉ gồm chữ số, từ 6 đến 19 số.")]
        if not account_holder:
            errors["account_holder"] = [_("Ghi tên chủ tài khoản.")]
    if errors:
        raise ValidationError(errors)
    bank = method == PaymentMethod.BANK
    with pghistory.context(actor=actor.pk):
        account, _created = PaymentAccount.objects.update_or_create(
            beneficiary=beneficiary,
            defaults={
                "method": method,
                "bank_name": bank_name if bank else "",
                "account_number": account_number if bank else "",
                "account_holder": account_holder if bank else "",
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
        require(actor, "allowance.province")
        ids = list(
            AllowanceEntitlement.objects.filter(start_month__lte=month)
            .exclude(end_month__lt=month)
            .order_by()
            .values_list("commune_id", flat=True)
            .distinct()
        )
    else:
        for commune in communes:
            require(actor, "payment_list.make", commune=commune.pk)
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
    require(actor, "payment_list.lock", commune=payment_list.commune_id)
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
        require(actor, "allowance.province")
    else:
        for commune in communes:
            require(actor, "health_card.list", commune=commune.pk)
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
    """Record the card the social insurance office issued for a listed person
    (a correction of an issued card's number or dates goes through here too)."""
    require(actor, "health_card.issue", commune=card.commune_id)
    card = HealthInsuranceCard.objects.select_for_update().get(pk=card.pk)
    card_number = re.sub(r"\s", "", card_number).upper()
    errors: dict[str, list[str]] = {}
    if not card_number:
        errors["card_number"] = [_("Ghi mã thẻ BHYT.")]
    elif not CARD_NUMBER.fullmatch(card_number):
        errors["card_number"] = [
            _("Mã thẻ BHYT gồm 2 chữ cái và 13 chữ số (ví dụ BT2797924123456).")
        ]
    elif HealthInsuranceCard.objects.filter(card_number=card_number).exclude(pk=card.pk).exists():
        errors["card_number"] = [_("Mã thẻ này đã ghi cho người khác.")]
    if issued_on is None:
        errors["issued_on"] = [_("Nhập ngày cấp thẻ.")]
    elif issued_on > timezone.localdate():
        errors["issued_on"] = [_("Ngày cấp không được sau hôm nay.")]
    elif issued_on < card.listed_on:
        errors["issued_on"] = [_("Ngày cấp không được trước ngày lập danh sách.")]
    elif valid_to is not None and valid_to <= issued_on:
        errors["valid_to"] = [_("Hạn thẻ phải sau ngày cấp.")]
    if errors:
        raise ValidationError(errors)
    card.status, card.card_number = HealthInsuranceCard.Status.ISSUED, card_number
    card.issued_on, card.valid_to = issued_on, valid_to
    with pghistory.context(actor=actor.pk):
        card.save(update_fields=["status", "card_number", "issued_on", "valid_to"])
    return card
