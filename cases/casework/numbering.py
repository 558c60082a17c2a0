"""The agency's register of document numbers (Decree 30/2020/NĐ-CP Art. 15).

`take()` locks the year's counter row (SELECT … FOR UPDATE) and writes the
register row for the next number; it must run in the transaction that issues
the document, so a rollback returns the number along with everything else.
When the issuing fails after the number was taken, the caller rolls back its
own savepoint and `void()` keeps the number in the register with its reason:
the register then has no silent gap (every number is issued or void) and no
duplicate (a unique constraint on agency, year, series and number).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require
from socialwork.accounts.models import User
from socialwork.areas.models import AdministrativeUnit

from ..models import (
    DocumentKind,
    IssuedDocument,
    IssuedStatus,
    NumberCounter,
    RegisterPolicy,
    SignerCapacity,
)

# The issuing body's abbreviation in the symbol: the commune People's Committee.
AGENCY_SYMBOL = "UBND"


def symbol_for(kind: str) -> str:
    """ "QĐ-UBND": the kind's abbreviation, then the issuing body's (Annex III)."""
    return f"{kind}-{AGENCY_SYMBOL}"


def _series(agency: AdministrativeUnit, kind: str) -> str:
    # Read under a lock so a change of policy cannot interleave with a number.
    RegisterPolicy.objects.bulk_create([RegisterPolicy(agency=agency)], ignore_conflicts=True)
    policy = RegisterPolicy.objects.select_for_update().get(agency=agency)
    return kind if policy.split_by_kind else ""


def take(
    *,
    agency: AdministrativeUnit,
    kind: str,
    issued_on: datetime.date,
    actor: User,
    form: str = "",
    capacity: str = SignerCapacity.CHAIRMAN,
) -> IssuedDocument:
    """The next number of the agency's register for the year of `issued_on`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take() must run inside the issuing transaction")
    series = _series(agency, kind)
    year = issued_on.year
    NumberCounter.objects.bulk_create(
        [NumberCounter(agency=agency, year=year, series=series)], ignore_conflicts=True
    )
    counter = NumberCounter.objects.select_for_update().get(agency=agency, year=year, series=series)
    NumberCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    return IssuedDocument.objects.create(
        agency=agency,
        year=year,
        series=series,
        number=counter.last_number + 1,
        kind=kind,
        symbol=symbol_for(kind),
        form=form,
        issued_on=issued_on,
        signed_by=actor,
        signer_capacity=capacity,
        created_by=actor,
    )


def failure_reason(exc: BaseException) -> str:
    """What the register says about a number whose issuing failed."""
    if isinstance(exc, ValidationError):
        detail = "; ".join(str(m) for m in exc.messages)
    else:
        detail = exc.__class__.__name__
    return _("Ban hành không thành công: %(detail)s") % {"detail": detail or "—"}


def void(entry: IssuedDocument, *, reason: str) -> IssuedDocument:
    """Keep the number in the register as void; it is never given again."""
    IssuedDocument.objects.filter(pk=entry.pk).update(
        status=IssuedStatus.VOID, void_reason=reason.strip() or _("Không rõ lý do"), plan=None
    )
    entry.refresh_from_db()
    return entry


@transaction.atomic
def register_configure(*, actor: User, agency: AdministrativeUnit, split_by_kind: bool):
    """The agency's head chooses one series for all kinds or one per kind.

    Only before the year's first number: switching mid-year would start a new
    series at 01 beside numbers already issued under the same symbol."""
    require(actor, "document.register.configure", commune=agency)
    RegisterPolicy.objects.bulk_create([RegisterPolicy(agency=agency)], ignore_conflicts=True)
    policy = RegisterPolicy.objects.select_for_update().get(agency=agency)
    if policy.split_by_kind == split_by_kind:
        return policy
    year = timezone.localdate().year
    if IssuedDocument.objects.filter(agency=agency, year=year).exists():
        raise ValidationError(
            _(
                "Sổ đăng ký năm %(year)s đã có văn bản: cách đánh số chỉ đổi được từ "
                "ngày 01 tháng 01 năm sau."
            )
            % {"year": year}
        )
    policy.split_by_kind = split_by_kind
    policy.updated_by = actor
    policy.save(update_fields=["split_by_kind", "updated_by", "updated_at"])
    return policy


__all__ = [
    "AGENCY_SYMBOL",
    "DocumentKind",
    "failure_reason",
    "register_configure",
    "symbol_for",
    "take",
    "void",
]
