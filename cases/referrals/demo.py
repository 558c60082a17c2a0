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
from ..models.referrals import PRIORITY, LegalBasis
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
    home_cases = [c for c in cases if c[2] == home]
    picked = rng.sample(cases, min(len(cases), ctx.scaled(REFERRALS)))
    inbox = (home_cases[:10] + rng.sample(cases, min(len(cases), ctx.scaled(CENTRE_INBOX))))[
        : max(10, ctx.scaled(CENTRE_INBOX))
    ]
    referrals: list[Referral] = []
    for n, case in enumerate(inbox):
        # The centre's inbox: new and received ones, urgent on top, a few overdue.
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
                )
            )
    for n, case in enumerate(picked):
        facility, services = rng.choice(offered) if offered else (centre, centre_services)
        if not services:
            continue
        # Every state at least once, then as they fall.
        state = STATES[n][0] if n < len(STATES) else _weighted(rng, STATES)
        urgency = _weighted(
            rng, [(Urgency.NORMAL, 70), (Urgency.URGENT, 25), (Urgency.EMERGENCY, 5)]
        )
        sent = now - datetime.timedelta(hours=rng.randint(2, 24 * 200))
        referrals.append(
            _referral(rng, case, facility, rng.choice(services), state, urgency, sent, fallback)
        )
    Referral.objects.bulk_create(referrals, batch_size=1000)
    transitions = []
    for referral in referrals:
        transitions.append(
            ReferralTransition(
                referral=referral,
                to_status=R.SENT,
                actor_id=referral.sender_id,
                at=referral.sent_at,
            )
        )
        if referral.status != R.SENT:
            at = referral.responded_at or referral.received_at or referral.sent_at
            transitions.append(
                ReferralTransition(
                    referral=referral,
                    from_status=R.SENT,
                    to_status=referral.status,
                    actor_id=referral.sender_id,
                    at=at,
                    note=referral.decline_reason,
                )  # fmt: skip
            )
    ReferralTransition.objects.bulk_create(transitions, batch_size=2000)
    ctx.say(f"  referrals: {len(referrals)} ({len(inbox)} in the Social Work Centre's inbox)")


def _referral(rng, case, facility, service, state, urgency, sent, fallback) -> Referral:
    case_id, person_id, commune_id, worker_id, _case_urgency, emergency = case
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
    if state != R.SENT:
        referral.received_at = sent + datetime.timedelta(minutes=rng.randint(10, 600))
    if state in (R.ACCEPTED, R.IN_SERVICE, R.COMPLETED, R.DECLINED, R.REREFERRED, R.CLOSED):
        referral.responded_at = referral.received_at + datetime.timedelta(hours=rng.randint(1, 30))
    if state in (R.DECLINED, R.REREFERRED, R.CLOSED):
        referral.decline_reason = rng.choice(DECLINES)
    if state in (R.CLOSED, R.CANCELLED):
        referral.cancel_reason = "Gia đình tự thu xếp."
    if state == R.COMPLETED:
        referral.completed_at = referral.responded_at + datetime.timedelta(days=rng.randint(3, 60))
        referral.feedback = "Đã cung cấp dịch vụ, đối tượng ổn định."
    # Nothing happens in the future: recent referrals are answered "just now".
    now = timezone.now()
    for name in ("received_at", "responded_at", "completed_at"):
        value = getattr(referral, name)
        if value is not None and value > now:
            setattr(referral, name, max(sent, now - datetime.timedelta(minutes=1)))
    return referral
