"""Demo hotline calls at the Social Work Centre: advice calls and reports of
abuse or danger, some from 111, some opening cases (the demo hotline cases),
some with the police notified. Deterministic (ctx.rng), one bulk insert."""

from __future__ import annotations

import datetime

from django.utils import timezone

from facilities.models import Facility, FacilityKind
from socialwork.calendar.workdays import add_hours
from socialwork.demo.context import DemoContext

from ..models import Case, HotlineCall
from ..models.casework import HOTLINE_SOURCES, Urgency
from ..models.hotline import CallerType, CallIssue, CallKind, CallOutcome

CALLS = 300
ADVICE_ISSUES = [CallIssue.POLICY, CallIssue.MENTAL_HEALTH, CallIssue.OTHER]
REPORT_ISSUES = [CallIssue.VIOLENCE, CallIssue.ABUSE, CallIssue.NEGLECT, CallIssue.BEGGING,
                 CallIssue.CHILD_LABOUR]  # fmt: skip


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    centre = Facility.objects.filter(kind=FacilityKind.SOCIAL_WORK_CENTRE).order_by("id").first()
    if centre is None or not ctx.communes:
        return
    recorder = ctx.users.get("demo.coso")
    now = timezone.now()
    # Cases that came in through a hotline are the reports that opened them.
    hotline_cases = list(
        Case.objects.filter(source__in=list(HOTLINE_SOURCES)).values_list(
            "id", "commune_id", "reported_at", "call_reference", "source"
        )[: ctx.scaled(CALLS) // 4]
    )
    calls = []
    for case_id, commune_id, at, reference, source in hotline_cases:
        from_111 = source == "hotline_111"
        calls.append(
            HotlineCall(
                facility=centre, received_at=at, kind=CallKind.REPORT,
                caller_type=CallerType.HOTLINE_111 if from_111 else CallerType.NEIGHBOUR,
                issue=rng.choice(REPORT_ISSUES), urgency=Urgency.URGENT, call_reference=reference,
                from_111=from_111, summary="Tin báo về trẻ em có nguy cơ.", commune_id=commune_id,
                outcome=CallOutcome.CASE_OPENED, case_id=case_id,
                response_due_at=add_hours(at, 12),
                reported_to_111_at=at + datetime.timedelta(days=2) if from_111 else None,
                recorded_by=recorder,
            )
        )  # fmt: skip
    for n in range(max(0, ctx.scaled(CALLS) - len(calls))):
        at = now - datetime.timedelta(minutes=rng.randint(30, 60 * 24 * 180))
        if rng.random() < 0.7:
            calls.append(
                HotlineCall(
                    facility=centre,
                    received_at=at,
                    kind=CallKind.ADVICE,
                    caller_type=rng.choice(
                        [CallerType.PARENT, CallerType.CHILD, CallerType.NEIGHBOUR]
                    ),
                    issue=rng.choice(ADVICE_ISSUES),
                    summary="Hỏi về chính sách, tư vấn tâm lý.",
                    outcome=CallOutcome.ADVICE_GIVEN,
                    advice_note="Đã hướng dẫn, tư vấn qua điện thoại.",
                    recorded_by=recorder,
                )  # fmt: skip
            )
            continue
        crime = rng.random() < 0.3
        calls.append(
            HotlineCall(
                facility=centre,
                received_at=at,
                kind=CallKind.REPORT,
                caller_type=CallerType.NEIGHBOUR,
                issue=rng.choice(REPORT_ISSUES),
                urgency=Urgency.URGENT,
                call_reference=f"DDN-{at:%Y%m%d}-{n}",
                summary="Tin báo trẻ em bị xâm hại, nguy hiểm.",
                commune=rng.choice(ctx.communes),
                outcome=CallOutcome.PENDING,
                response_due_at=add_hours(at, 12),
                possible_crime=crime,
                police_notified_at=at + datetime.timedelta(hours=2) if crime and n % 2 else None,
                police_unit="Công an tỉnh" if crime and n % 2 else "",
                recorded_by=recorder,
            )  # fmt: skip
        )
    HotlineCall.objects.bulk_create(calls, batch_size=1000)
    ctx.say(f"  hotline calls: {len(calls)}")
