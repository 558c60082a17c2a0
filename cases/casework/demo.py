"""Demo cases: every status across the demo province, with assessments, plans
(signed and awaiting signature), events, services spread over 2024–2026 so the
indicators have data, and overdue deadlines. Rows go in by COPY, as tuples.

The demo commune logins (demo.ctv, demo.congchuc, demo.chutich) get a caseload
in their home commune: a child emergency, plans to draft, a plan awaiting the
leader's signature, a confidential case.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from facilities.models import Facility, ServiceType
from socialwork.calendar.workdays import add_hours, working_day_deadline
from socialwork.demo.bulk import (
    copy_rows,
    indexes_built_after,
    no_insert_history,
    reserve_ids,
    row_triggers_skipped,
)
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
    Review,
    ReviewOutcome,
    RiskLevel,
    ServiceDelivery,
    Urgency,
)
from ..tallies import tallies_rebuild

FULL_CASES = 3_000
FULL_SERVICES = 60_000
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
# A child's case closes after the Mẫu 06 review proposing it (nearly all), or on
# the child's death (rare); never on a move (the case follows the child) nor a
# family's refusal (Decree 56 Art. 30, DOMAIN errata 3). Turning 16 cannot
# happen here: the demo's children are under 16 today.
CHILD_CLOSURES = [
    (ClosureReason.GOALS_MET, 49),
    (ClosureReason.DIED, 1),
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


def _copy_dicts(model, rows: list[dict]) -> None:
    """The few thousand cases and plans are kept as dicts (later steps read and
    amend them): every one has the same keys, column names, in one order."""
    if rows:
        copy_rows(model, tuple(rows[0]), (tuple(row.values()) for row in rows))


def _pk(user) -> int | None:
    return user.pk if user is not None else None


# Demo cases need no "created" history event per row; where the database role
# may, the foreign-key checks are skipped too: the rows are consistent by
# construction (ids reserved first, every reference drawn from rows made before).
INSERT_TRIGGERS = (
    "cases.Case:insert_insert",
    "cases.Assessment:insert_insert",
    "cases.CaseEvent:insert_insert",
    "cases.CasePlan:insert_insert",
)


def seed(ctx: DemoContext) -> None:
    # The services' dozen indexes are built once after their 60,000 rows.
    with (
        transaction.atomic(),
        no_insert_history(*INSERT_TRIGGERS),
        row_triggers_skipped(),
        indexes_built_after(["cases_servicedelivery"]),
    ):
        _seed(ctx)
        # Its inserts skipped the triggers that keep the per-commune counts.
        tallies_rebuild()


def _seed(ctx: DemoContext) -> None:
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
    ctv, official, leader = (
        _pk(users.get(n)) for n in ("demo.ctv", "demo.congchuc", "demo.chutich")
    )
    home = ctx.home_commune.pk if ctx.home_commune else None
    home_people = [p for p in people if p[1] == home]
    kinds = dict(ServiceType.objects.filter(is_active=True).values_list("code", "id"))
    providers = list(Facility.objects.filter(is_active=True).values_list("id", flat=True)[:50])
    total = min(ctx.scaled(FULL_CASES), len(people))
    chosen = rng.sample(people, total)
    # The home commune's logins always get a caseload worth showing.
    chosen = home_people[:40] + [p for p in chosen if p[1] != home][: max(0, total - 40)]
    span = (now - START).total_seconds()

    case_ids = reserve_ids(Case, len(chosen))
    cases: list[dict] = []  # Case columns
    for index, (person_id, commune_id, birth_year) in enumerate(chosen):
        status = _pick(rng, STATUS_SHARE)
        reported_at = _reported(rng, status, now, span)
        child = birth_year is not None and today.year - birth_year < 16
        emergency = child and rng.random() < 0.15
        confidential = child and rng.random() < 0.12
        in_home = commune_id == home
        if in_home and index < 6:
            # A fresh child emergency, still waiting for its intervention: the
            # two reported 14 and 17 hours ago are past their 12 hours.
            status, emergency, child = CaseStatus.INTAKE, True, True
            reported_at = now - datetime.timedelta(hours=2 + index * 3)
        if in_home and index == 6:
            # Visible to demo.ctv (assigned), invisible to demo.ctv2's kind.
            child, confidential, status = True, True, CaseStatus.ASSESSMENT
            reported_at = now - datetime.timedelta(days=2)
        closed_on = None
        if status == CaseStatus.CLOSED:
            closed_on = min(
                today, (reported_at + datetime.timedelta(days=rng.randint(30, 240))).date()
            )
        source = _pick(rng, SOURCES)
        summary = rng.choice(SUMMARIES)
        urgency = Urgency.EMERGENCY if emergency else rng.choice([Urgency.NORMAL, Urgency.URGENT])
        worker = ctv if in_home and ctv else None
        cases.append(
            {
                "id": case_ids[index],
                "beneficiary_id": person_id,
                "commune_id": commune_id,
                "source": source,
                "call_reference": f"111-{2024 + index % 3}-{index:06d}"
                if source.startswith(("hotline", "province"))
                else "",
                "reported_at": reported_at,
                "summary": summary,
                "urgency": urgency,
                "is_child_protection": child,
                "needs_emergency_protection": emergency,
                "confidential": confidential,
                "confidentiality_reason": ConfidentialityReason.ABUSE if confidential else "",
                "reporter_name": "Người báo tin (demo)" if confidential else "",
                "assigned_worker_id": worker,
                "status": status,
                "closure_reason": (
                    _pick(rng, CHILD_CLOSURES if child else CLOSURES) if closed_on else ""
                ),
                "closed_on": closed_on,
                "created_by_id": worker,
                "next_deadline": None,
                "next_deadline_kind": "",
            }
        )

    transitions, assessments, events, plans, reviews = [], [], [], [], []
    needs_on: dict[int, datetime.date] = {}  # the needs assessment's day, per case
    answered: set[int] = set()  # cases whose emergency intervention is recorded
    for case in cases:
        case_id, status, reported_at = case["id"], case["status"], case["reported_at"]
        at = _timeline(case, now, rng)
        previous = ""
        for step in PATH[status]:
            actor = case["created_by_id"] if step == CaseStatus.INTAKE else None
            transitions.append((case_id, previous, step, at[step], actor))
            previous = step
        if status == CaseStatus.CLOSED:
            case["closed_on"] = timezone.localdate(at[CaseStatus.CLOSED])
            if case["is_child_protection"] and case["closure_reason"] == ClosureReason.GOALS_MET:
                # The Mẫu 06 review that proposes the closing, on the closing day.
                reviews.append(
                    (case_id, case["closed_on"], official,
                     "Kế hoạch đã thực hiện xong; trẻ an toàn, ổn định", True, ReviewOutcome.CLOSE)
                )  # fmt: skip
        if status != CaseStatus.INTAKE:
            start = timezone.localdate(at[CaseStatus.ASSESSMENT])
            assessments.append(
                (case_id, AssessmentKind.INITIAL, start, rng.choice(RiskLevel.values),
                 "Hỗ trợ tâm lý, sinh kế", "")
            )  # fmt: skip
            needs_on[case_id] = timezone.localdate(at["needs"])
            assessments.append(
                (case_id, AssessmentKind.NEEDS, needs_on[case_id], "",
                 "Học tập, y tế, trợ giúp xã hội", "Cần kế hoạch hỗ trợ")
            )  # fmt: skip
        if case["needs_emergency_protection"] and status != CaseStatus.INTAKE:
            answered.add(case_id)
            events.append(
                (case_id, EventKind.EMERGENCY_INTERVENTION,
                 min(at[CaseStatus.ASSESSMENT],
                     reported_at + datetime.timedelta(hours=rng.randint(1, 11))),
                 "Đưa trẻ đến nơi an toàn")
            )  # fmt: skip
        if status == CaseStatus.PLANNING or status in AFTER_PLAN:
            drafted = at["drafted"]
            if status == CaseStatus.PLANNING:
                state = rng.choice([PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED])
            else:
                state = PlanStatus.APPROVED
            approved = state == PlanStatus.APPROVED
            submitted = at["submitted"] if state != PlanStatus.DRAFT else None
            plans.append(
                {
                    "case_id": case_id,
                    "status": state,
                    "goals": "Đối tượng an toàn, ổn định cuộc sống",
                    "drafted_by_id": official,
                    "drafted_at": drafted,
                    "submitted_at": submitted,
                    "approved_at": at[CaseStatus.INTERVENTION] if approved else None,
                    "approved_by_id": leader if approved else None,
                    "decision_number": f"{rng.randint(1, 400)}/QĐ-UBND" if approved else "",
                    "decision_date": timezone.localdate(at[CaseStatus.INTERVENTION])
                    if approved
                    else None,
                    "return_comments": "Bổ sung dự trù kinh phí"
                    if state == PlanStatus.RETURNED
                    else "",
                    "returned_at": at["submitted"] if state == PlanStatus.RETURNED else None,
                }
            )
        if rng.random() < 0.5 and status != CaseStatus.INTAKE:
            last = at[status]
            visit = reported_at + datetime.timedelta(days=rng.randint(1, 20))
            events.append(
                (case_id, EventKind.HOME_VISIT,
                 max(at[CaseStatus.ASSESSMENT], min(last, visit)),
                 "Thăm gia đình")
            )  # fmt: skip
    if leader is not None:
        # The leader's inbox: plans of the home commune awaiting signature.
        commune_of = {case["id"]: case["commune_id"] for case in cases}
        for plan in plans:
            if commune_of[plan["case_id"]] == home and plan["status"] != PlanStatus.APPROVED:
                plan["status"], plan["return_comments"] = PlanStatus.SUBMITTED, ""
                plan["returned_at"] = None
                if plan["submitted_at"] is None:
                    plan["submitted_at"] = min(
                        plan["drafted_at"] + datetime.timedelta(hours=4), now
                    )
    for plan, plan_id in zip(plans, reserve_ids(CasePlan, len(plans)), strict=True):
        plan["id"] = plan_id
    actions = []
    for plan in plans:
        for n in range(rng.randint(1, 3)):
            description = rng.choice(
                ["Tư vấn tâm lý", "Hỗ trợ đi học", "Khám sức khỏe", "Trợ cấp khẩn cấp"]
            )
            provider = rng.choice(providers) if providers and n == 0 else None
            actions.append(
                (plan["id"], description, provider,
                 "" if providers and n == 0 else "Trạm y tế xã",
                 timezone.localdate(plan["drafted_at"]) + datetime.timedelta(days=30 * (n + 1)),
                 rng.choice([0, 500_000, 1_500_000, 3_000_000]))
            )  # fmt: skip

    _deadlines(cases, plans, needs_on, answered)
    _copy_dicts(Case, cases)
    copy_rows(
        CaseTransition, ("case_id", "from_status", "to_status", "at", "actor_id"), transitions
    )
    copy_rows(
        Assessment,
        ("case_id", "kind", "assessed_on", "risk_level", "needs", "conclusion"),
        assessments,
    )
    copy_rows(CaseEvent, ("case_id", "kind", "occurred_at", "note"), events)
    copy_rows(
        Review,
        ("case_id", "reviewed_on", "reviewed_by_id", "findings", "safe_and_stable", "outcome"),
        reviews,
    )
    _copy_dicts(CasePlan, plans)
    copy_rows(
        CasePlanAction,
        ("plan_id", "description", "provider_id", "responsible_other", "due_on", "cost_estimate"),
        actions,
    )
    services = _services(ctx, cases, people, kinds, providers, today)
    ctx.say(f"casework: {len(cases)} trường hợp, {len(plans)} kế hoạch, {services} dịch vụ")


# Each status by the steps that lead to it (Case.TRANSITIONS), one dated
# transition row per step.
S = CaseStatus
PATH: dict[str, tuple[str, ...]] = {
    S.INTAKE: (S.INTAKE,),
    S.ASSESSMENT: (S.INTAKE, S.ASSESSMENT),
    S.PLANNING: (S.INTAKE, S.ASSESSMENT, S.PLANNING),
    S.INTERVENTION: (S.INTAKE, S.ASSESSMENT, S.PLANNING, S.INTERVENTION),
    S.MONITORING: (S.INTAKE, S.ASSESSMENT, S.PLANNING, S.INTERVENTION, S.MONITORING),
    S.CLOSED: (S.INTAKE, S.ASSESSMENT, S.PLANNING, S.INTERVENTION, S.MONITORING, S.CLOSED),
}
# How long ago (hours) a case still in an early stage was reported: the open
# work of a province that keeps up (its deadlines mostly ahead), with one case
# in OVERDUE_EVERY left behind (its deadline passed: the overdue lists show it).
RECENT_HOURS = {
    S.INTAKE: (1, 10),
    S.ASSESSMENT: (20, 24 * 4),
    S.PLANNING: (24 * 3, 24 * 6),
}
BEHIND_HOURS = (24 * 10, 24 * 40)
OVERDUE_EVERY = 15


def _reported(rng, status: str, now: datetime.datetime, span: float) -> datetime.datetime:
    """When a case now in `status` was reported, relative to now (the demo is
    current whenever it is built)."""
    if status in RECENT_HOURS:
        low, high = BEHIND_HOURS if rng.randrange(OVERDUE_EVERY) == 0 else RECENT_HOURS[status]
        return now - datetime.timedelta(hours=rng.randint(low, high), minutes=rng.randint(0, 59))
    # Cases in intervention, monitoring or closed: over the demo's history,
    # at least a month back (their assessment and signed plan came first).
    latest = now - datetime.timedelta(days=30)
    return min(latest, START + datetime.timedelta(seconds=rng.random() * span))


def _timeline(case: dict, now: datetime.datetime, rng) -> dict[str, datetime.datetime]:
    """The moments of the case's steps (and of its assessments and plan), in
    order, none in the future: assessed the next day, needs two days after
    the report, the plan drafted on the fourth, submitted the fifth, signed
    the sixth (the intervention starts), monitoring from about a month on,
    closed on its closing day."""
    reported = case["reported_at"]
    offsets = [
        (S.ASSESSMENT, datetime.timedelta(hours=20)),
        ("needs", datetime.timedelta(days=2)),
        (S.PLANNING, datetime.timedelta(days=2, hours=2)),
        ("drafted", datetime.timedelta(days=4)),
        ("submitted", datetime.timedelta(days=5)),
        (S.INTERVENTION, datetime.timedelta(days=6)),
        (S.MONITORING, datetime.timedelta(days=rng.randint(20, 28))),
    ]
    at = {S.INTAKE: reported}
    last = reported
    room = now - reported
    # An early-stage case reported recently has its steps squeezed into the
    # time since (so a case in planning has its plan drafted before now).
    stop = {S.INTAKE: 0, S.ASSESSMENT: 2, S.PLANNING: 5}.get(case["status"], len(offsets))
    needed = offsets[stop - 1][1] if stop else datetime.timedelta(0)
    squeeze = min(1.0, (room * 0.9) / needed) if stop and needed else 1.0
    for name, offset in offsets:
        last = max(last, min(now, reported + offset * squeeze))
        at[name] = last
    if case["status"] == S.CLOSED:
        closing = datetime.datetime.combine(
            case["closed_on"], datetime.time(10), tzinfo=timezone.get_current_timezone()
        )
        at[S.CLOSED] = max(last, min(now, closing))
    return at


def _deadlines(cases, plans, needs_on, answered) -> None:
    """next_deadline as the services would keep it, computed before the insert."""
    plan_of = {p["case_id"]: p for p in plans}
    for case in cases:
        due = None
        if case["status"] == CaseStatus.CLOSED:
            continue
        if case["needs_emergency_protection"] and case["id"] not in answered:
            due = (add_hours(case["reported_at"], 12), DeadlineKind.EMERGENCY)
        plan = plan_of.get(case["id"])
        if due is None and plan is not None and plan["status"] == PlanStatus.SUBMITTED:
            due = (working_day_deadline(plan["submitted_at"], 2), DeadlineKind.PLAN_APPROVAL)
        elif (
            due is None
            and case["status"] in (CaseStatus.ASSESSMENT, CaseStatus.PLANNING)
            and case["id"] in needs_on
        ):
            due = (working_day_deadline(needs_on[case["id"]], 5), DeadlineKind.PLAN_DRAFT)
        if due:
            case["next_deadline"], case["next_deadline_kind"] = due


SERVICE_COLUMNS = ("case_id", "beneficiary_id", "commune_id", "service_type_id", "provider_id",
                   "delivered_on", "delivered_by_id")  # fmt: skip


def _services(ctx, cases, people, kinds, providers, today) -> int:
    rng = ctx.rng
    ctv = _pk(ctx.users.get("demo.ctv"))
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
    served = [c for c in cases if c["status"] in AFTER_PLAN]
    reported_on = {c["id"]: timezone.localdate(c["reported_at"]) for c in served}
    rows = []
    target = ctx.scaled(FULL_SERVICES)
    first = datetime.date(2024, 1, 1)
    for _ in range(target):
        if served and rng.random() < 0.6:
            case = rng.choice(served)
            start = reported_on[case["id"]]
            end = case["closed_on"] or today
            day = start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))
            kind = kinds[rng.choice(case_codes)]
            provider = rng.choice(providers) if providers and rng.random() < 0.4 else None
            by = case["assigned_worker_id"] or (ctv if rng.random() < 0.05 else None)
            rows.append(
                (case["id"], case["beneficiary_id"], case["commune_id"], kind, provider, day, by)
            )
        elif assistance:
            person_id, commune_id, _ = rng.choice(people)
            day = first + datetime.timedelta(days=rng.randint(0, (today - first).days))
            kind = kinds[rng.choice(assistance)]
            rows.append((None, person_id, commune_id, kind, None, day, None))
    return copy_rows(ServiceDelivery, SERVICE_COLUMNS, rows)
