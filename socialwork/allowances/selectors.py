"""Reads on social assistance. Every list a user can influence is scoped.

- `standard_level_on(day) -> StandardLevel`: the standard in force on `day`:
  the province's own level where one is in force and higher than the
  national one, else the national level. Unconfirmed rows (reported decrees
  not yet verified) are ignored. Raises `StandardLevelMissing` (a
  ValidationError with a translated message) when no level covers the date.
- scoped lists and getters (another commune's id → Http404; leadership →
  PermissionDenied through scope_for);
- `applications_overdue`: steps past their working-day deadline;
- `posting_list`: the village's public posting list, HIV groups left out;
- aggregates for reports (`commune_ids_for` narrows them; leadership may read
  aggregates, never rows).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Count, Model, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Beneficiary
from socialwork.accounts.capabilities import can
from socialwork.accounts.scoping import scope_for
from socialwork.history import event_actor_id, event_model
from socialwork.numbers import grouped

from . import amounts
from .filters import ApplicationFilter, EntitlementFilter, PaymentFilter, PaymentListFilter
from .models import (
    HIV_GROUPS,
    AllowanceApplication,
    AllowanceEntitlement,
    ApplicationStatus,
    Coefficient,
    EmergencyEvent,
    EmergencySupport,
    FuneralSupport,
    HealthInsuranceCard,
    Payment,
    PaymentAccount,
    PaymentList,
    StandardLevel,
    SupportStatus,
)


def standard_level_on(day: datetime.date) -> StandardLevel:
    # The rule is amounts.level_in_force; the rows are the candidates of that day.
    return amounts.level_in_force(
        StandardLevel.objects.filter(valid_from__lte=day, confirmed=True), day
    )


def _get[M: Model](queryset: QuerySet[M], pk) -> M:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(queryset, pk=pk)


def coefficient_list(*, actor) -> QuerySet[Coefficient]:
    return scope_for(Coefficient.objects.all(), actor)


def application_list(*, actor, filters=None) -> QuerySet[AllowanceApplication]:
    queryset = scope_for(AllowanceApplication.objects.all(), actor).select_related(
        "beneficiary", "commune"
    )
    if filters is not None:
        queryset = ApplicationFilter(filters, queryset=queryset).qs
    return queryset


def application_get(*, actor, application_id) -> AllowanceApplication:
    return _get(application_list(actor=actor), application_id)


def overdue_q(today: datetime.date) -> Q:
    return (
        Q(status=ApplicationStatus.SUBMITTED, review_due__lt=today)
        | Q(status=ApplicationStatus.POSTED, decision_due__lt=today)
        | Q(status=ApplicationStatus.OBJECTION, objections__resolved_on__isnull=True,
            objections__due_on__lt=today)
    )  # fmt: skip


def applications_overdue(*, actor, today: datetime.date) -> QuerySet[AllowanceApplication]:
    """Applications whose current step is past its deadline, with the step named."""
    return (
        application_list(actor=actor)
        .filter(overdue_q(today))
        .distinct()
        .annotate(
            overdue_step=Case(
                When(status=ApplicationStatus.SUBMITTED, then=Value(_("Xã xét hồ sơ"))),
                When(status=ApplicationStatus.POSTED, then=Value(_("Chủ tịch UBND xã quyết định"))),
                default=Value(_("Giải quyết khiếu nại")),
                output_field=CharField(),
            )
        )
        .order_by("commune__name", "filed_on", "id")
    )


def overdue_by_commune(*, actor, today: datetime.date) -> list[Mapping[str, Any]]:
    """Counts for the department's overview (aggregate: leadership may read it)."""
    communes = commune_ids_for(actor)
    queryset = AllowanceApplication.objects.filter(overdue_q(today))
    if communes is not None:
        queryset = queryset.filter(commune_id__in=communes)
    return list(
        queryset.values("commune_id", "commune__name")
        .annotate(count=Count("id", distinct=True))
        .order_by("commune__name")
    )


def posting_list(*, actor, commune_id: int, village: str = "") -> QuerySet[AllowanceApplication]:
    """The public posting list (niêm yết): applications reviewed eligible and
    posted; people in the HIV groups are left out (Art. 8(2): no HIV
    information on public display)."""
    queryset = (
        application_list(actor=actor)
        .filter(
            commune_id=commune_id,
            status__in=[ApplicationStatus.POSTED, ApplicationStatus.OBJECTION],
        )
        .exclude(group__in=[g.value for g in HIV_GROUPS])
    )
    if village:
        queryset = queryset.filter(village=village)
    return queryset.order_by("village", "beneficiary__full_name")


def entitlement_list(*, actor, filters=None) -> QuerySet[AllowanceEntitlement]:
    queryset = scope_for(AllowanceEntitlement.objects.all(), actor).select_related(
        "beneficiary", "commune"
    )
    if filters is not None:
        queryset = EntitlementFilter(filters, queryset=queryset).qs
    return queryset


def entitlement_get(*, actor, entitlement_id) -> AllowanceEntitlement:
    return _get(entitlement_list(actor=actor), entitlement_id)


def payment_list_list(*, actor, filters=None) -> QuerySet[PaymentList]:
    queryset = scope_for(PaymentList.objects.all(), actor).select_related("commune")
    if filters is not None:
        queryset = PaymentListFilter(filters, queryset=queryset).qs
    return queryset


def payment_list_get(*, actor, list_id) -> PaymentList:
    return _get(payment_list_list(actor=actor), list_id)


def payment_rows(*, actor, filters=None) -> QuerySet[Payment]:
    queryset = scope_for(Payment.objects.all(), actor).select_related("beneficiary")
    if filters is not None:
        queryset = PaymentFilter(filters, queryset=queryset).qs
    return queryset


def card_list(*, actor) -> QuerySet[HealthInsuranceCard]:
    return scope_for(HealthInsuranceCard.objects.all(), actor).select_related("beneficiary")


def card_counts(*, actor) -> dict[str, int]:
    """Cards by status, in the communes whose rows `card_list` shows (an
    aggregate: provincial leadership may read it, never the rows)."""
    cards = HealthInsuranceCard.objects.order_by()
    communes = commune_ids_for(actor)
    if communes is not None:
        cards = cards.filter(commune_id__in=communes)
    counts = dict(cards.values_list("status").annotate(n=Count("id")))
    return {status: counts.get(status, 0) for status in HealthInsuranceCard.Status.values}


def person_allowance(*, actor, beneficiary) -> dict:
    """What a person's allowance page shows: decisions, applications, the
    account they are paid into, their BHYT card."""
    return {
        "entitlements": entitlement_list(actor=actor)
        .filter(beneficiary=beneficiary)
        .order_by("-start_month", "-id"),
        "applications": application_list(actor=actor)
        .filter(beneficiary=beneficiary)
        .order_by("-filed_on", "-id"),
        "account": scope_for(PaymentAccount.objects.all(), actor)
        .filter(beneficiary=beneficiary)
        .first(),
        "card": card_list(actor=actor).filter(beneficiary=beneficiary).first(),
    }


def funeral_list(*, actor) -> QuerySet[FuneralSupport]:
    return scope_for(FuneralSupport.objects.all(), actor).select_related("beneficiary", "commune")


def funeral_get(*, actor, funeral_id) -> FuneralSupport:
    return _get(funeral_list(actor=actor), funeral_id)


def event_list(*, actor) -> QuerySet[EmergencyEvent]:
    return scope_for(EmergencyEvent.objects.all(), actor)


def event_get(*, actor, event_id) -> EmergencyEvent:
    return _get(event_list(actor=actor), event_id)


def emergency_list(*, actor) -> QuerySet[EmergencySupport]:
    return scope_for(EmergencySupport.objects.all(), actor).select_related("event", "commune")


def commune_ids_for(actor) -> list[int] | None:
    """Communes whose aggregates the actor may read; None: all of them."""
    if not actor or not actor.is_authenticated:
        raise PermissionDenied
    if can(actor, "allowance.overview"):
        return None
    if actor.is_commune_level and actor.area_id:
        return [actor.area_id]
    raise PermissionDenied


# --- Rates (reference data: every signed-in role may read them; only the
# department edits them: allowance.rates.edit) ---------------------------------


def standard_level_list(*, actor) -> QuerySet[StandardLevel]:
    return scope_for(StandardLevel.objects.all(), actor).order_by("scope", "-valid_from")


def standard_level_get(*, actor, level_id) -> StandardLevel:
    return _get(standard_level_list(actor=actor), level_id)


def coefficient_get(*, actor, coefficient_id) -> Coefficient:
    return _get(coefficient_list(actor=actor), coefficient_id)


def rate_history(*, actor, limit: int = 30) -> list[dict]:
    """The latest changes to the rates, newest first, with who made them."""
    from socialwork.accounts.models import User

    events = []
    for model in (StandardLevel, Coefficient):
        rows = (
            event_model(model)
            .objects.select_related("pgh_context")
            .order_by("-pgh_created_at", "-pgh_id")[:limit]
        )
        events += [(model, event) for event in rows]
    events.sort(key=lambda item: item[1].pgh_created_at, reverse=True)
    events = events[:limit]

    def who(event):
        if actor_id := event_actor_id(event):
            return actor_id
        # Rate changes recorded before the one history context named it "actor".
        return (event.pgh_context.metadata or {}).get("actor") if event.pgh_context_id else None

    ids = {who(event) for _model, event in events} - {None}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}
    result = []
    for model, event in events:
        if model is StandardLevel:
            what = f"{StandardLevel.Scope(event.scope).label}: {grouped(event.amount)}đ"
        else:
            what = f"{event.group} ×{event.coefficient}"
        result.append(
            {
                "at": event.pgh_created_at,
                "label": event.pgh_label,
                "what": what,
                "from": event.valid_from,
                "who": names.get(who(event)),
            }
        )
    return result


def rate_tables(*, actor) -> dict:
    return {
        "levels": list(standard_level_list(actor=actor)),
        "coefficients": list(
            coefficient_list(actor=actor).order_by("group", "sub_case", "min_age", "-valid_from")
        ),
        "history": rate_history(actor=actor),
    }


# --- Amounts: the rows the pure functions of `amounts` read ------------------------


def person_of(beneficiary: Beneficiary) -> amounts.Person:
    return amounts.Person(birth_date=beneficiary.birth_date, birth_year=beneficiary.birth_year)


def coefficient_rows() -> list[amounts.Coef]:
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


def level_rows() -> list[amounts.Level]:
    return [
        amounts.Level(
            scope=s.scope, amount=s.amount, valid_from=s.valid_from, confirmed=s.confirmed
        )
        for s in StandardLevel.objects.all()
    ]


def coefficient_on(*, beneficiary: Beneficiary, group: str, sub_case: str, day: datetime.date):
    """The coefficient the person's group and age give on `day` (None: no fit)."""
    month = amounts.month_start(day)
    return amounts.coefficient_for(
        coefficient_rows(),
        group=group,
        sub_case=sub_case,
        age=amounts.age_in_month(person_of(beneficiary), month),
        month=month,
    )


def group_ended_on(group: str, month: datetime.date) -> datetime.date | None:
    """The last day of the group's coefficients when none is in force in
    `month` any more (None while one is, or when the table has none yet)."""
    rows = [c for c in coefficient_rows() if c.group == group and c.valid_from <= month]
    if not rows or any(c.valid_to is None or c.valid_to >= month for c in rows):
        return None
    return max(c.valid_to for c in rows if c.valid_to is not None)


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
        person=person_of(beneficiary),
        rights=rights,
        month=amounts.month_start(month),
        levels=level_rows(),
        coefficients=coefficient_rows(),
    ).amount


# A rate in use: one that locked months were paid from (see services.rates).


def last_locked_month() -> datetime.date | None:
    """The latest month with a locked payment list anywhere in the province."""
    return (
        PaymentList.objects.filter(status=PaymentList.Status.LOCKED)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def standard_level_in_use(level: StandardLevel, *, locked: datetime.date | None = None) -> bool:
    """Whether a locked month may have been paid from this level: it was
    confirmed and in force on the first day of a locked month."""
    locked = last_locked_month() if locked is None else locked
    return bool(level.pk and level.confirmed and locked is not None and level.valid_from <= locked)


def coefficient_in_use(row: Coefficient, *, locked: datetime.date | None = None) -> bool:
    """Whether a locked month may have been paid at this coefficient."""
    locked = last_locked_month() if locked is None else locked
    return bool(row.pk and locked is not None and row.valid_from <= locked)


def transfer_dossier_rows(beneficiary) -> list[tuple[str, str]]:
    """The allowance lines of a transfer dossier to another province (the case's
    own scope already checked by the transfer): current monthly allowances,
    the last month paid and the BHYT card, so the new province can continue."""
    today = timezone.localdate().replace(day=1)
    rows = []
    current = (
        AllowanceEntitlement.objects.filter(beneficiary=beneficiary)
        .exclude(end_month__lt=today)
        .order_by("start_month", "id")
    )
    for entitlement in current:
        rows.append(
            (
                _("Trợ cấp xã hội hằng tháng"),
                _("%(group)s, hệ số %(coefficient)s, hưởng từ tháng %(month)s (QĐ %(number)s)")
                % {
                    # HIV stays off paper that travels with the family (Decree 20 Art. 8).
                    "group": _("nhóm đối tượng nhạy cảm (trao đổi trực tiếp giữa hai Sở)")
                    if entitlement.group in HIV_GROUPS
                    else entitlement.get_group_display(),
                    "coefficient": entitlement.coefficient,
                    "month": f"{entitlement.start_month:%m/%Y}",
                    "number": entitlement.decision_number,
                },
            )
        )
    last = Payment.objects.filter(beneficiary=beneficiary).order_by("-month").first()
    if last is not None:
        rows.append(
            (
                _("Tháng chi trả gần nhất"),
                _("%(month)s: %(amount)s đồng")
                % {"month": f"{last.month:%m/%Y}", "amount": grouped(last.amount + last.arrears)},
            )
        )
    card = HealthInsuranceCard.objects.filter(beneficiary=beneficiary).first()
    if card is not None:
        text = card.card_number or card.get_status_display()
        if card.valid_to:
            text += " " + _("(hạn đến %(day)s)") % {"day": f"{card.valid_to:%d/%m/%Y}"}
        rows.append((_("Thẻ BHYT"), text))
    return rows


# --- the chairman's decisions, printed from the application page -------------

DECISION_KINDS = ("granting", "changing", "stopping", "funeral")


def entitlement_replaced(*, actor, entitlement: AllowanceEntitlement):
    """The entitlement this one changed: the same person's and group's, ended
    the month before this one starts (application_decide closes it so)."""
    return (
        entitlement_list(actor=actor)
        .filter(
            beneficiary_id=entitlement.beneficiary_id,
            group=entitlement.group,
            end_month=amounts.add_months(entitlement.start_month, -1),
        )
        .exclude(pk=entitlement.pk)
        .order_by("-start_month", "-id")
        .first()
    )


def decision_prints(*, actor, application: AllowanceApplication) -> list[dict]:
    """The decisions of this application's person that can be printed: granting
    (or changing, when it replaced an earlier allowance), stopping, funeral support."""
    out = []
    entitlements = entitlement_list(actor=actor).filter(application=application)
    for entitlement in entitlements.order_by("start_month", "id"):
        replaced = entitlement_replaced(actor=actor, entitlement=entitlement)
        out.append(
            {
                "kind": "changing" if replaced else "granting",
                "pk": entitlement.pk,
                "label": _("Quyết định điều chỉnh mức trợ cấp")
                if replaced
                else _("Quyết định trợ cấp xã hội hằng tháng"),
            }
        )
        # Ended, and not by a later decision changing it: a stopping decision.
        replaced_later = (
            entitlement.end_month is not None
            and AllowanceEntitlement.objects.filter(
                beneficiary_id=entitlement.beneficiary_id,
                group=entitlement.group,
                start_month=amounts.add_months(entitlement.end_month, 1),
            ).exists()
        )
        if entitlement.end_month is not None and not replaced_later:
            out.append(
                {
                    "kind": "stopping",
                    "pk": entitlement.pk,
                    "label": _("Quyết định thôi hưởng trợ cấp"),
                }
            )
    funeral = (
        funeral_list(actor=actor)
        .filter(beneficiary_id=application.beneficiary_id, status=SupportStatus.APPROVED)
        .first()
    )
    if funeral is not None:
        out.append(
            {"kind": "funeral", "pk": funeral.pk, "label": _("Quyết định hỗ trợ chi phí mai táng")}
        )
    return out
