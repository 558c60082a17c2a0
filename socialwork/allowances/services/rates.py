"""The standard level and the coefficients (department staff).

Both are dated rows. A change takes effect from a date, as a new row; a row
that locked months were paid from keeps its amount and dates (only its
legal basis and notes can be corrected). "Locked months" are those up to
the latest locked payment list in the province (conservative: one commune
locking a month freezes the rates for it everywhere).

- A standard level may be back-dated: the next list pays the arrears (truy
  lĩnh, payments.py) for the months already paid at the lower level.
- A coefficient may not: the lists recompute earlier months only for a
  standard rise or a late decision, so a back-dated coefficient would leave
  locked months silently paid at the old one. It takes effect after the
  last locked month.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require
from socialwork.history import records_actor

from .. import amounts
from ..models import (
    Coefficient,
    Group,
    StandardLevel,
    SubCase,
)
from ..selectors import (
    coefficient_in_use,
    last_locked_month,
    standard_level_in_use,
)


def _day(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


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


@records_actor
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
    require(actor, "allowance.rates.edit")
    errors = _check_standard(
        scope=scope, amount=amount, valid_from=valid_from, legal_basis=legal_basis
    )
    if errors:
        raise ValidationError(errors)
    assert amount is not None and valid_from is not None  # _check_standard refused None
    return StandardLevel.objects.create(
        scope=scope,
        amount=amount,
        valid_from=valid_from,
        legal_basis=legal_basis.strip(),
        confirmed=confirmed,
    )


@records_actor
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
    require(actor, "allowance.rates.edit")
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
    assert amount is not None and valid_from is not None  # _check_standard refused None
    level.amount, level.valid_from, level.confirmed = amount, valid_from, confirmed
    level.legal_basis = legal_basis.strip()
    level.save()
    return level


@records_actor
@transaction.atomic
def standard_level_delete(*, actor, level: StandardLevel) -> None:
    """Remove a level entered by mistake; never one that paid a locked month."""
    require(actor, "allowance.rates.edit")
    level = StandardLevel.objects.select_for_update().get(pk=level.pk)
    if standard_level_in_use(level):
        raise ValidationError(
            _("Mức chuẩn này đã dùng để chi trả các tháng đã khóa: không xóa được."),
            code="in_use",
        )
    level.delete()


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


@records_actor
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
    require(actor, "allowance.rates.edit")
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
    assert valid_from is not None  # _check_coefficient refused None
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


@records_actor
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
    require(actor, "allowance.rates.edit")
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
    assert valid_from is not None  # _check_coefficient refused None
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
    row.valid_to = valid_from - datetime.timedelta(days=1)
    row.save(update_fields=["valid_to"])
    new_row.save()
    return new_row


@records_actor
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
    require(actor, "allowance.rates.edit")
    row = Coefficient.objects.select_for_update().get(pk=row.pk)
    locked = last_locked_month()
    in_use = coefficient_in_use(row, locked=locked)
    if in_use:
        assert locked is not None  # only a locked month puts a row in use
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
    assert valid_from is not None  # _check_coefficient refused None
    row.coefficient, row.min_age, row.max_age = coefficient, min_age, max_age
    row.valid_from, row.valid_to = valid_from, valid_to
    row.legal_basis, row.note, row.needs_review = legal_basis.strip(), note, needs_review
    row.save()
    return row
