"""Demo cases: every status across the demo province, with assessments, plans
(signed and awaiting signature), events, services spread over 2024–2026 so the
indicators have data, and overdue deadlines. Bulk inserts only.

The demo commune logins (demo.ctv, demo.congchuc, demo.chutich) get a caseload
in their home commune: a child emergency, plans to draft, a plan awaiting the
leader's signature, a confidential case.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from facilities.models import Facility, ServiceType
from socialwork.calendar.workdays import add_hours, working_day_deadline
from socialwork.demo.context import DemoContext

from ..models import (
    Assessment,
    AssessmentKind,
    Beneficiary,
    Case,
    CaseEvent,
    CasePlan,
    CasePlanAction,
    CaseStatus,
    CaseTransition,
    ClosureReason,
    ConfidentialityReason,
    DeadlineKind,
    EventKind,
    IntakeSource,
    PlanStatus,
    RiskLevel,
    ServiceDelivery,
    Urgency,
)

FULL_CASES = 3_000
FULL_SERVICES = 60_000
BATCH = 5_000
START = datetime.datetime(2024, 1, 2, 8, 0, tzinfo=datetime.UTC)
STATUS_SHARE = [
    (CaseStatus.INTAKE, 0.08),
    (CaseStatus.ASSESSMENT, 0.12),
    (CaseStatus.PLANNING, 0.12),
    (CaseStatus.INTERVENTION, 0.25),
    (CaseStatus.MONITORING, 0.13),
    (CaseStatus.CLOSED, 0.30),
]
SOURCES = [(s, w) for s, w in zip(IntakeSource.values, [3, 1, 10, 3, 2, 2, 2, 3, 1], strict=True)]
CLOSURES = [
    (ClosureReason.GOALS_MET, 8),
    (ClosureReason.MOVED_AWAY, 1),
    (ClosureReason.DIED, 1),
    (ClosureReason.TRANSFERRED, 1),
]
SUMMARIES = [
    "Trẻ em bị bỏ mặc, không có người chăm sóc",
    "Người cao tuổi sống một mình, ốm đau",
    "Người khuyết tật cần hỗ trợ phục hồi chức năng",
    "Trẻ em bỏ học đi làm thuê",
    "Gia đình gặp thiên tai, mất nhà ở",
    "Phụ nữ bị bạo lực gia đình",
]
AFTER_PLAN = (CaseStatus.INTERVENTION, CaseStatus.MONITORING, CaseStatus.CLOSED)


def _pick(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, weight in pairs:
        x -= weight
        if x <= 0:
            return value
    return pairs[-1][0]


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    now = timezone.now()
    today = timezone.localdate()
    people = list(
        Beneficiary.objects.filter(merged_into__isnull=True)
        .order_by("id")
        .values_list("id", "commune_id", "birth_year")
    )
    if not people:
        ctx.say("casework: no beneficiaries, no cases")
        return
    users = ctx.users
    ctv, official, leader = (users.get(n) for n in ("demo.ctv", "demo.congchuc", "demo.chutich"))
    home = ctx.home_commune.pk if ctx.home_commune else None
    home_people = [p for p in people if p[1] == home]
    kinds = {t.code: t for t in ServiceType.objects.filter(is_active=True)}
    providers = list(Facility.objects.filter(is_active=True).values_list("id", flat=True)[:50])
    total = min(ctx.scaled(FULL_CASES), len(people))
    chosen = rng.sample(people, total)
    # The home commune's logins always get a caseload worth showing.
    chosen = home_people[:40] + [p for p in chosen if p[1] != home][: max(0, total - 40)]
    span = (now - START).total_seconds()

    cases: list[Case] = []
    for index, (person_id, commune_id, birth_year) in enumerate(chosen):
        status = _pick(rng, STATUS_SHARE)
        reported_at = START + datetime.timedelta(seconds=rng.random() * span * 0.98)
        child = birth_year is not None and today.year - birth_year < 16
        emergency = child and rng.random() < 0.15
        confidential = child and rng.random() < 0.12
        in_home = commune_id == home
        if in_home and index < 6:
            # A fresh child emergency, still waiting for its intervention.
            status, emergency, child = CaseStatus.INTAKE, True, True
            reported_at = now - datetime.timedelta(hours=2 + index * 3)
        if in_home and index == 6:
            # Visible to demo.ctv (assigned), invisible to demo.ctv2's kind.
            child, confidential, status = True, True, CaseStatus.ASSESSMENT
        closed_on = None
        if status == CaseStatus.CLOSED:
            closed_on = min(
                today, (reported_at + datetime.timedelta(days=rng.randint(30, 240))).date()
            )
        cases.append(
            Case(
                beneficiary_id=person_id,
                commune_id=commune_id,
                source=(source := _pick(rng, SOURCES)),
                call_reference=f"111-{2024 + index % 3}-{index:06d}"
                if source.startswith(("hotline", "province"))
                else "",
                reported_at=reported_at,
                summary=rng.choice(SUMMARIES),
                urgency=Urgency.EMERGENCY
                if emergency
                else rng.choice([Urgency.NORMAL, Urgency.URGENT]),
                is_child_protection=child,
                needs_emergency_protection=emergency,
                confidential=confidential,
                confidentiality_reason=ConfidentialityReason.ABUSE if confidential else "",
                reporter_name="Người báo tin (demo)" if confidential else "",
                assigned_worker=ctv if in_home and ctv else None,
                status=status,
                closure_reason=_pick(rng, CLOSURES) if closed_on else "",
                closed_on=closed_on,
                created_by=ctv if in_home and ctv else None,
            )
        )
    Case.objects.bulk_create(cases, batch_size=BATCH)

    transitions, assessments, plans, events = [], [], [], []
    for case in cases:
        transitions.append(
            CaseTransition(
                case=case,
                from_status="",
                to_status=CaseStatus.INTAKE,
                at=case.reported_at,
                actor=case.created_by,
            )
        )
        if case.status != CaseStatus.INTAKE:
            transitions.append(
                CaseTransition(
                    case=case,
                    from_status=CaseStatus.INTAKE,
                    to_status=case.status,
                    at=case.reported_at + datetime.timedelta(days=3),
                )
            )
            start = timezone.localdate(case.reported_at)
            assessments.append(
                Assessment(
                    case=case,
                    kind=AssessmentKind.INITIAL,
                    assessed_on=start,
                    risk_level=rng.choice(RiskLevel.values),
                    needs="Hỗ trợ tâm lý, sinh kế",
                )
            )
            assessments.append(
                Assessment(
                    case=case,
                    kind=AssessmentKind.NEEDS,
                    assessed_on=min(today, start + datetime.timedelta(days=2)),
                    needs="Học tập, y tế, trợ giúp xã hội",
                    conclusion="Cần kế hoạch hỗ trợ",
                )
            )
        if case.needs_emergency_protection and case.status != CaseStatus.INTAKE:
            events.append(
                CaseEvent(
                    case=case,
                    kind=EventKind.EMERGENCY_INTERVENTION,
                    occurred_at=case.reported_at + datetime.timedelta(hours=rng.randint(1, 11)),
                    note="Đưa trẻ đến nơi an toàn",
                )
            )
        if case.status == CaseStatus.PLANNING or case.status in AFTER_PLAN:
            drafted = case.reported_at + datetime.timedelta(days=4)
            if case.status == CaseStatus.PLANNING:
                state = rng.choice([PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED])
            else:
                state = PlanStatus.APPROVED
            approved = state == PlanStatus.APPROVED
            plans.append(
                CasePlan(
                    case=case,
                    status=state,
                    goals="Đối tượng an toàn, ổn định cuộc sống",
                    drafted_by=official,
                    drafted_at=drafted,
                    submitted_at=drafted + datetime.timedelta(days=1)
                    if state != PlanStatus.DRAFT
                    else None,
                    approved_at=drafted + datetime.timedelta(days=2) if approved else None,
                    approved_by=leader if approved else None,
                    decision_number=f"{rng.randint(1, 400)}/QĐ-UBND" if approved else "",
                    decision_date=timezone.localdate(drafted + datetime.timedelta(days=2))
                    if approved
                    else None,
                    return_comments="Bổ sung dự trù kinh phí"
                    if state == PlanStatus.RETURNED
                    else "",
                )
            )
        if rng.random() < 0.5 and case.status != CaseStatus.INTAKE:
            events.append(
                CaseEvent(
                    case=case,
                    kind=EventKind.HOME_VISIT,
                    occurred_at=min(
                        now, case.reported_at + datetime.timedelta(days=rng.randint(1, 20))
                    ),
                    note="Thăm gia đình",
                )
            )
    if leader is not None:
        # The leader's inbox: plans of the home commune awaiting signature.
        for plan in plans:
            if plan.case.commune_id == home and plan.status != PlanStatus.APPROVED:
                plan.status, plan.return_comments = PlanStatus.SUBMITTED, ""
                plan.submitted_at = plan.submitted_at or plan.drafted_at + datetime.timedelta(
                    days=1
                )
    CaseTransition.objects.bulk_create(transitions, batch_size=BATCH)
    Assessment.objects.bulk_create(assessments, batch_size=BATCH)
    CaseEvent.objects.bulk_create(events, batch_size=BATCH)
    CasePlan.objects.bulk_create(plans, batch_size=BATCH)
    actions = []
    for plan in plans:
        for n in range(rng.randint(1, 3)):
            actions.append(
                CasePlanAction(
                    plan=plan,
                    description=rng.choice(
                        ["Tư vấn tâm lý", "Hỗ trợ đi học", "Khám sức khỏe", "Trợ cấp khẩn cấp"]
                    ),
                    provider_id=rng.choice(providers) if providers and n == 0 else None,
                    responsible_other="" if providers and n == 0 else "Trạm y tế xã",
                    due_on=timezone.localdate(plan.drafted_at)
                    + datetime.timedelta(days=30 * (n + 1)),
                    cost_estimate=rng.choice([0, 500_000, 1_500_000, 3_000_000]),
                )
            )
    CasePlanAction.objects.bulk_create(actions, batch_size=BATCH)

    _deadlines(cases, plans, assessments, events, now)
    services = _services(ctx, cases, people, kinds, providers, today)
    ctx.say(f"casework: {len(cases)} trường hợp, {len(plans)} kế hoạch, {services} dịch vụ")


def _deadlines(cases, plans, assessments, events, now) -> None:
    """next_deadline as the services would keep it, computed in memory."""
    plan_of = {p.case_id: p for p in plans}
    needs_of = {a.case_id: a for a in assessments if a.kind == AssessmentKind.NEEDS}
    answered = {e.case_id for e in events if e.kind == EventKind.EMERGENCY_INTERVENTION}
    changed = []
    for case in cases:
        due = None
        if case.status == CaseStatus.CLOSED:
            continue
        if case.needs_emergency_protection and case.pk not in answered:
            due = (add_hours(case.reported_at, 12), DeadlineKind.EMERGENCY)
        plan = plan_of.get(case.pk)
        if due is None and plan is not None and plan.status == PlanStatus.SUBMITTED:
            due = (working_day_deadline(plan.submitted_at, 2), DeadlineKind.PLAN_APPROVAL)
        elif (
            due is None
            and case.status in (CaseStatus.ASSESSMENT, CaseStatus.PLANNING)
            and case.pk in needs_of
        ):
            due = (working_day_deadline(needs_of[case.pk].assessed_on, 5), DeadlineKind.PLAN_DRAFT)
        if due:
            case.next_deadline, case.next_deadline_kind = due
            changed.append(case)
    Case.objects.bulk_update(changed, ["next_deadline", "next_deadline_kind"], batch_size=BATCH)


def _services(ctx, cases, people, kinds, providers, today) -> int:
    rng = ctx.rng
    ctv = ctx.users.get("demo.ctv")
    case_codes = [
        c
        for c in (
            "tu_van",
            "ho_tro_tam_ly",
            "quan_ly_truong_hop",
            "ket_noi_y_te",
            "ho_tro_giao_duc",
            "tro_giup_phap_ly",
            "cham_soc_khan_cap",
            "dao_tao_nghe",
            "gioi_thieu_viec_lam",
        )
        if c in kinds
    ]
    assistance = [c for c in ("tro_cap_hang_thang", "the_bhyt", "tro_giup_khan_cap") if c in kinds]
    if not case_codes:
        return 0
    served = [c for c in cases if c.status in AFTER_PLAN]
    rows = []
    target = ctx.scaled(FULL_SERVICES)
    first = datetime.date(2024, 1, 1)
    for _ in range(target):
        if served and rng.random() < 0.6:
            case = rng.choice(served)
            start = timezone.localdate(case.reported_at)
            end = case.closed_on or today
            day = start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))
            rows.append(
                ServiceDelivery(
                    case=case,
                    beneficiary_id=case.beneficiary_id,
                    commune_id=case.commune_id,
                    service_type=kinds[rng.choice(case_codes)],
                    provider_id=rng.choice(providers) if providers and rng.random() < 0.4 else None,
                    delivered_on=day,
                    delivered_by=case.assigned_worker or (ctv if rng.random() < 0.05 else None),
                )
            )
        elif assistance:
            person_id, commune_id, _ = rng.choice(people)
            day = first + datetime.timedelta(days=rng.randint(0, (today - first).days))
            rows.append(
                ServiceDelivery(
                    beneficiary_id=person_id,
                    commune_id=commune_id,
                    service_type=kinds[rng.choice(assistance)],
                    delivered_on=day,
                )
            )
    ServiceDelivery.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
