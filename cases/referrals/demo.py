"""Demo residents and referrals: about 700 residents across the seven social
assistance facilities (long-term, emergency, temporary, voluntary; some
discharged, so occupancy has a history), referrals from the demo cases in
every state with some urgent ones overdue, and a real inbox for the demo
facility login (demo.coso, at the Social Work Centre). Deterministic
(ctx.rng), bulk inserts."""

from __future__ import annotations

import datetime

import pgtrigger
from django.utils import timezone

from facilities.models import (
    SOCIAL_ASSISTANCE_KINDS,
    Admission,
    AdmissionKind,
    AdmissionStatus,
    DischargeReason,
    Facility,
    FacilityKind,
    ServiceGroup,
)
from socialwork.accounts.models import Role, User
from socialwork.calendar.workdays import add_working_days
from socialwork.demo.context import DemoContext

from ..models import Beneficiary, Case, Referral, ReferralStatus, ReferralTransition
from ..models.casework import Urgency
from ..models.referrals import OPEN_REFERRAL_STATUSES, PRIORITY, LegalBasis
from . import deadlines

RESIDENTS = 700  # the seeds: 685 in two Cần Thơ facilities
REFERRALS = 400
CENTRE_INBOX = 30
R = ReferralStatus
# Fake rows need no "created" history event each.
INSERT_TRIGGERS = ("facilities.Admission:insert_insert", "cases.Referral:insert_insert")

REASONS = [
    "Trẻ bị bạo hành, cần nơi ở an toàn tạm thời.",
    "Người cao tuổi cô đơn, không nơi nương tựa.",
    "Cần tư vấn tâm lý sau sự việc.",
    "Cần hỗ trợ pháp lý về quyền nuôi con.",
    "Khuyết tật nặng, gia đình không còn khả năng chăm sóc.",
    "Cần khám, điều trị và hỗ trợ chi phí y tế.",
]
DECLINES = ["Hết chỗ tiếp nhận.", "Không thuộc đối tượng của cơ sở.", "Cần hồ sơ y tế trước."]
# Where referrals end up, weighted: every state shows.
STATES = [
    (R.SENT, 12),
    (R.RECEIVED, 8),
    (R.ACCEPTED, 10),
    (R.IN_SERVICE, 14),
    (R.COMPLETED, 30),
    (R.DECLINED, 8),
    (R.REREFERRED, 5),
    (R.CLOSED, 4),
    (R.CANCELLED, 4),
]


def seed(ctx: DemoContext) -> None:
    with pgtrigger.ignore(*INSERT_TRIGGERS):
        _seed(ctx)


def _weighted(rng, pairs):
    pick = rng.random() * sum(w for _, w in pairs)
    for value, weight in pairs:
        pick -= weight
        if pick <= 0:
            return value
    return pairs[-1][0]


def _seed(ctx: DemoContext) -> None:
    homes = list(
        Facility.objects.filter(kind__in=[k.value for k in SOCIAL_ASSISTANCE_KINDS], is_active=True)
        .order_by("id")
        .prefetch_related("services")
    )
    if not homes:
        ctx.say("referrals: no facilities, nothing to seed")
        return
    _residents(ctx, homes)
    _referrals(ctx, homes)


def _residents(ctx: DemoContext, homes: list[Facility]) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    people = list(
        Beneficiary.objects.filter(merged_into__isnull=True)
        .exclude(admissions__isnull=False)
        .order_by("id")
        .values_list("id", "commune_id")
    )
    wanted = min(ctx.scaled(RESIDENTS), len(people))
    # A tenth more were residents once and left: occupancy has a history.
    chosen = rng.sample(people, min(len(people), wanted + wanted // 10))
    capacity = sum(h.capacity or 0 for h in homes) or 1
    rows: list[Admission] = []
    cursor = 0
    for home in homes:
        share = min(home.capacity or 0, round(wanted * (home.capacity or 0) / capacity))
        for _ in range(share):
            if cursor >= len(chosen):
                break
            person_id, _commune = chosen[cursor]
            cursor += 1
            rows.append(_stay(rng, home, person_id, today))
    for person_id, commune_id in chosen[cursor:]:
        home = rng.choice(homes)
        left = today - datetime.timedelta(days=rng.randint(10, 300))
        came = left - datetime.timedelta(days=rng.randint(20, 700))
        reason = _weighted(
            rng,
            [(DischargeReason.REINTEGRATED, 5), (DischargeReason.TURNED_16, 2),
             (DischargeReason.DIED, 2), (DischargeReason.TRANSFERRED, 1)],
        )  # fmt: skip
        handover = reason in (DischargeReason.REINTEGRATED, DischargeReason.TURNED_16)
        rows.append(
            Admission(
                facility=home, beneficiary_id=person_id, kind=AdmissionKind.EMERGENCY,
                status=AdmissionStatus.DISCHARGED, requested_on=came, admitted_on=came,
                reception_record_number=f"BBTN-{came:%Y}-{person_id}",
                dossier_due_on=add_working_days(came, 10),
                dossier_completed_on=came + datetime.timedelta(days=7),
                discharged_on=left, discharge_reason=reason,
                handover_record_number=f"BBBG-{left:%Y}-{person_id}" if handover else "",
                handover_commune_id=commune_id if handover else None,
            )
        )  # fmt: skip
    Admission.objects.bulk_create(rows, batch_size=1000)
    ctx.say(f"  residents: {sum(1 for r in rows if r.status == AdmissionStatus.RESIDENT)}")


def _stay(rng, home: Facility, person_id: int, today: datetime.date) -> Admission:
    kind = _weighted(
        rng,
        [(AdmissionKind.LONG_TERM, 70), (AdmissionKind.EMERGENCY, 15),
         (AdmissionKind.TEMPORARY, 8), (AdmissionKind.VOLUNTARY, 7)],
    )  # fmt: skip
    came = today - datetime.timedelta(days=rng.randint(1, 2500))
    row = Admission(
        facility=home,
        beneficiary_id=person_id,
        kind=kind,
        status=AdmissionStatus.RESIDENT,
        requested_on=came,
        admitted_on=came,
    )
    if kind == AdmissionKind.LONG_TERM:
        asked = came - datetime.timedelta(days=40)
        row.requested_on = asked
        row.commune_review_due_on = add_working_days(asked, 10)
        row.commune_reviewed_on = asked + datetime.timedelta(days=10)
        row.posting_due_on = add_working_days(row.commune_reviewed_on, 7)
        row.posted_on = row.commune_reviewed_on + datetime.timedelta(days=9)
        row.posting_without_hiv = True
        row.appraisal_due_on = add_working_days(row.posted_on, 7)
        row.appraised_on = row.posted_on + datetime.timedelta(days=7)
        row.decision_on = row.appraised_on + datetime.timedelta(days=2)
        row.decision_number = f"{person_id}/QĐ-TT"
        row.admitted_on = max(row.decision_on, came)
    elif kind == AdmissionKind.EMERGENCY:
        row.reception_record_number = f"BBTN-{came:%Y}-{person_id}"
        row.dossier_due_on = add_working_days(came, 10)
        # Recent emergencies still have their paperwork to finish.
        if (today - came).days > 20:
            row.dossier_completed_on = came + datetime.timedelta(days=8)
    elif kind == AdmissionKind.VOLUNTARY:
        row.contract_number = f"HĐ-{came:%Y}-{person_id}"
    return row


# Each final status by the steps that lead to it (Referral.TRANSITIONS): the
# demo and the generator write one dated transition row per step.
PATHS: dict[str, tuple[str, ...]] = {
    R.SENT: (R.SENT,),
    R.RECEIVED: (R.SENT, R.RECEIVED),
    R.ACCEPTED: (R.SENT, R.RECEIVED, R.ACCEPTED),
    R.IN_SERVICE: (R.SENT, R.RECEIVED, R.ACCEPTED, R.IN_SERVICE),
    R.COMPLETED: (R.SENT, R.RECEIVED, R.ACCEPTED, R.IN_SERVICE, R.COMPLETED),
    R.DECLINED: (R.SENT, R.RECEIVED, R.DECLINED),
    R.REREFERRED: (R.SENT, R.RECEIVED, R.DECLINED, R.REREFERRED),
    R.CLOSED: (R.SENT, R.RECEIVED, R.DECLINED, R.CLOSED),
    R.CANCELLED: (R.SENT, R.CANCELLED),
}
# How long ago (hours) a referral now in this state was sent: work still on
# someone's desk is recent (a few unanswered ones past their deadline), the
# ended ones spread over the last months.
SENT_HOURS_AGO = {
    R.SENT: (1, 20),
    R.RECEIVED: (2, 22),
    R.ACCEPTED: (24, 24 * 20),
    R.IN_SERVICE: (24 * 3, 24 * 60),
    R.DECLINED: (6, 24 * 4),
}
ENDED_HOURS_AGO = (24 * 2, 24 * 200)
# One unanswered referral in this many is left past its deadline.
OVERDUE_EVERY = 12


def _referrals(ctx: DemoContext, homes: list[Facility]) -> None:
    rng = ctx.rng
    now = timezone.now()
    cases = list(
        Case.objects.order_by("id").values_list(
            "id",
            "beneficiary_id",
            "commune_id",
            "assigned_worker_id",
            "urgency",
            "needs_emergency_protection",
            "reported_at",
            "closed_on",
        )  # fmt: skip
    )
    if not cases:
        ctx.say("referrals: no cases, no referrals")
        return
    department = User.objects.filter(role=Role.DEPARTMENT).order_by("id").first()
    fallback = ctx.users.get("demo.so") or department
    if fallback is None:
        return
    providers = list(
        Facility.objects.filter(is_active=True).prefetch_related("services").order_by("id")
    )
    offered = [(f, list(f.services.all())) for f in providers if f.services.all()]
    centre = next((h for h in homes if h.kind == FacilityKind.SOCIAL_WORK_CENTRE), homes[0])
    centre_services = list(centre.services.all())
    shelter = next(
        (s for s in centre_services if s.group == ServiceGroup.EMERGENCY_SHELTER),
        centre_services[0] if centre_services else None,
    )
    home = ctx.home_commune.pk if ctx.home_commune else None
    open_cases = [c for c in cases if c[7] is None]
    home_cases = [c for c in open_cases if c[2] == home]
    picked = rng.sample(cases, min(len(cases), ctx.scaled(REFERRALS)))
    inbox_pool = open_cases or cases
    inbox = (
        home_cases[:10] + rng.sample(inbox_pool, min(len(inbox_pool), ctx.scaled(CENTRE_INBOX)))
    )[: max(10, ctx.scaled(CENTRE_INBOX))]
    referrals: list[Referral] = []
    for n, case in enumerate(inbox):
        # The centre's inbox: new and received ones, urgent on top; the urgent
        # ones every eighth sent 30 hours ago, past their 24 hours (the
        # escalation job flags them and tells the department).
        state = R.SENT if n % 3 else R.RECEIVED
        urgency = (
            Urgency.URGENT if n % 4 == 0 else (Urgency.EMERGENCY if n % 7 == 0 else Urgency.NORMAL)
        )
        hours_ago = 30 if n % 8 == 0 else rng.randint(1, 20)
        if shelter is not None:
            referrals.append(
                _referral(
                    rng,
                    case,
                    centre,
                    shelter,
                    state,
                    urgency,
                    now - datetime.timedelta(hours=hours_ago),
                    fallback,
                    now,
                )
            )
    for n, case in enumerate(picked):
        facility, services = rng.choice(offered) if offered else (centre, centre_services)
        if not services:
            continue
        # Every state at least once, then as they fall; a closed case's
        # referrals have all ended.
        state = STATES[n][0] if n < len(STATES) else _weighted(rng, STATES)
        if case[7] is not None and state in OPEN_REFERRAL_STATUSES:
            if n < len(STATES) and open_cases:
                # A state shown once must not turn into another: an open case
                # takes it (a closed case's referral drew "declined" and the
                # demo ended with none).
                case = rng.choice(open_cases)
            else:
                state = R.COMPLETED
        urgency = _weighted(
            rng, [(Urgency.NORMAL, 70), (Urgency.URGENT, 25), (Urgency.EMERGENCY, 5)]
        )
        low, high = SENT_HOURS_AGO.get(state, ENDED_HOURS_AGO)
        if state in (R.SENT, R.RECEIVED) and n % OVERDUE_EVERY == 0:
            low, high = 30, 72
        sent = now - datetime.timedelta(hours=rng.randint(low, high))
        referrals.append(
            _referral(
                rng, case, facility, rng.choice(services), state, urgency, sent, fallback, now
            )
        )
    Referral.objects.bulk_create(referrals, batch_size=1000)
    transitions = [step for referral in referrals for step in _steps(referral)]
    ReferralTransition.objects.bulk_create(transitions, batch_size=2000)
    ctx.say(f"referrals: {len(referrals)} ({len(inbox)} in the Social Work Centre's inbox)")


def _steps(referral: Referral) -> list[ReferralTransition]:
    """The referral's history: one dated row per step of its path."""
    clock = {
        R.SENT: referral.sent_at,
        R.RECEIVED: referral.received_at,
        R.ACCEPTED: referral.responded_at,
        R.DECLINED: referral.responded_at,
        R.IN_SERVICE: referral.in_service_at,
        R.COMPLETED: referral.completed_at,
        R.REREFERRED: referral.ended_at,
        R.CLOSED: referral.ended_at,
        R.CANCELLED: referral.ended_at,
    }
    provider_steps = (R.RECEIVED, R.ACCEPTED, R.DECLINED, R.IN_SERVICE, R.COMPLETED)
    rows, previous = [], ""
    for status in PATHS[referral.status]:
        by_provider = status in provider_steps
        rows.append(
            ReferralTransition(
                referral=referral,
                from_status=previous,
                to_status=status,
                actor_id=None if by_provider and not referral.answered_on_behalf
                else referral.sender_id,
                on_behalf=by_provider and referral.answered_on_behalf,
                at=clock[status],
                note=referral.decline_reason if status == R.DECLINED else "",
            )
        )  # fmt: skip
        previous = status
    return rows


def _referral(rng, case, facility, service, state, urgency, sent, fallback, now) -> Referral:
    (case_id, person_id, commune_id, worker_id, _case_urgency, emergency, reported_at,
     closed_on) = case  # fmt: skip
    # Sent after the case was reported, and (for a closed case) before it closed.
    latest = now - datetime.timedelta(minutes=5)
    if closed_on is not None:
        closing = datetime.datetime.combine(
            closed_on, datetime.time(8), tzinfo=timezone.get_current_timezone()
        )
        latest = min(latest, closing - datetime.timedelta(days=1))
    earliest = reported_at + datetime.timedelta(minutes=30)
    sent = max(earliest, min(sent, latest))
    referral = Referral(
        case_id=case_id,
        beneficiary_id=person_id,
        commune_id=commune_id,
        sender_id=worker_id or fallback.pk,
        to_facility=facility,
        service_type=service,
        reason=rng.choice(REASONS),
        urgency=urgency,
        priority=PRIORITY[urgency],
        child_emergency=bool(emergency),
        legal_basis=LegalBasis.EMERGENCY if emergency else LegalBasis.STATUTORY,
        status=state,
        sent_at=sent,
        response_due_at=deadlines.response_due(
            sent_at=sent, urgency=urgency, child_emergency=bool(emergency)
        ),
        service_not_offered=False,
        answered_on_behalf=not facility.has_portal_users
        and state not in (R.SENT, R.RECEIVED, R.CANCELLED),
    )
    # The steps' times, in order, none in the future: an urgent referral the
    # provider answered was answered in time but for one in ten.
    path = PATHS[state]
    due_hours = 20 if referral.response_due_at else 30
    late = rng.random() < 0.1
    moments = [sent]
    for status in path[1:]:
        if status == R.RECEIVED:
            gap = datetime.timedelta(minutes=rng.randint(10, 300))
        elif status in (R.ACCEPTED, R.DECLINED):
            gap = datetime.timedelta(hours=rng.randint(1, due_hours if not late else 60))
        elif status == R.IN_SERVICE:
            gap = datetime.timedelta(days=rng.randint(1, 5))
        elif status == R.COMPLETED:
            gap = datetime.timedelta(days=rng.randint(3, 60))
        else:  # re-referred, closed, cancelled: the sender's next move
            gap = datetime.timedelta(hours=rng.randint(2, 72))
        moments.append(moments[-1] + gap)
    # Squeezed before now (and the closing of a closed case), order kept.
    span = moments[-1] - sent
    room = latest - sent
    if span > room:
        moments = [sent + (m - sent) * (room / span) for m in moments]
    at = dict(zip(path, moments, strict=True))
    referral.received_at = at.get(R.RECEIVED)
    referral.responded_at = at.get(R.ACCEPTED) or at.get(R.DECLINED)
    referral.in_service_at = at.get(R.IN_SERVICE)
    referral.completed_at = at.get(R.COMPLETED)
    referral.ended_at = at.get(R.REREFERRED) or at.get(R.CLOSED) or at.get(R.CANCELLED)
    if state in (R.DECLINED, R.REREFERRED, R.CLOSED):
        referral.decline_reason = rng.choice(DECLINES)
    if state in (R.CLOSED, R.CANCELLED):
        referral.cancel_reason = "Gia đình tự thu xếp."
    if state == R.COMPLETED:
        referral.feedback = "Đã cung cấp dịch vụ, đối tượng ổn định."
    return referral
