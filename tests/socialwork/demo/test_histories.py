"""Demo and generated data that could have happened: every referral's and
case's history, walked through the real transition tables (Referral.
TRANSITIONS, Case.TRANSITIONS), starts at its first status, takes only
allowed steps, each dated, in order, none in the future, and ends at the
record's status; the record's own dates agree with its steps. Allowance
decisions are dated in order too. Checked on the demo seeders' output (small
scale) and on generate_province's (small size); the demo's open work is
current (a few overdue items, among them urgent referrals, most on time).
"""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, CasePlan, CaseTransition, Referral, ReferralTransition
from socialwork.allowances.models import AllowanceEntitlement, Payment, PaymentList
from socialwork.demo.context import SEEDERS, DemoContext
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def walk(table: dict, first: str, record_status: str, steps: list, started_at) -> list[str]:
    """What is wrong with one record's history (steps: (from, to, at) ordered
    by at, id): the empty list when it could have happened."""
    now = timezone.now()
    problems = []
    if not steps:
        return ["no history"]
    if steps[0][0] != "" or steps[0][1] != first:
        problems.append(f"starts {steps[0][0]!r}→{steps[0][1]!r}, not ''→{first!r}")
    if steps[0][2] != started_at:
        problems.append(f"first step at {steps[0][2]}, the record says {started_at}")
    previous_at = None
    for (source, target, at), before in zip(steps, [None, *steps], strict=False):
        if at is None:
            problems.append(f"{source}→{target} undated")
            continue
        if before is not None:
            if source != before[1]:
                problems.append(f"{source}→{target} after reaching {before[1]}")
            if target not in table.get(source, ()):
                problems.append(f"{source}→{target} forbidden")
        if previous_at is not None and at < previous_at:
            problems.append(f"{source}→{target} at {at} before the step before it")
        if at > now:
            problems.append(f"{source}→{target} in the future")
        previous_at = at
    if steps[-1][1] != record_status:
        problems.append(f"ends at {steps[-1][1]}, the record is {record_status}")
    return problems


def referral_problems() -> list[str]:
    steps: dict[int, list] = {}
    for t in ReferralTransition.objects.order_by("at", "id"):
        steps.setdefault(t.referral_id, []).append((t.from_status, t.to_status, t.at))
    problems = []
    for r in Referral.objects.all():
        found = walk(Referral.TRANSITIONS, "sent", r.status, steps.get(r.pk, []), r.sent_at)
        reached = {to: at for _from, to, at in steps.get(r.pk, [])}
        answer = reached.get("accepted") or reached.get("declined")
        if answer is not None and r.responded_at != answer:
            found.append(f"responded_at {r.responded_at}, answered at {answer}")
        if "received" in reached and r.received_at != reached["received"]:
            found.append(f"received_at {r.received_at}, received at {reached['received']}")
        if r.status == "completed" and r.completed_at != reached.get("completed"):
            found.append(f"completed_at {r.completed_at}, completed at {reached.get('completed')}")
        if r.sent_at < r.case.reported_at:
            found.append("sent before its case was reported")
        problems += [f"referral {r.pk} ({r.status}): {p}" for p in found]
    return problems


def case_problems() -> list[str]:
    steps: dict[int, list] = {}
    for t in CaseTransition.objects.order_by("at", "id"):
        steps.setdefault(t.case_id, []).append((t.from_status, t.to_status, t.at))
    problems = []
    for k in Case.objects.all():
        found = walk(Case.TRANSITIONS, "intake", k.status, steps.get(k.pk, []), k.reported_at)
        if k.status == "closed":
            closing = steps.get(k.pk, [])[-1][2]
            if timezone.localdate(closing) != k.closed_on:
                found.append(f"closed_on {k.closed_on}, closed at {closing}")
        problems += [f"case {k.pk} ({k.status}): {p}" for p in found]
    now = timezone.now()
    for plan in CasePlan.objects.select_related("case"):
        moments = [plan.case.reported_at, plan.drafted_at, plan.submitted_at, plan.approved_at]
        dated = [m for m in moments if m is not None]
        if dated != sorted(dated) or dated[-1] > now:
            problems.append(f"plan {plan.pk} ({plan.status}): steps out of order or in the future")
    return problems


def allowance_problems() -> list[str]:
    today = timezone.localdate()
    problems = []
    for e in AllowanceEntitlement.objects.all():
        if e.decided_on is None or e.decided_on > today:
            problems.append(f"entitlement {e.pk}: decided {e.decided_on}")
        if e.end_month is not None and e.end_month < e.start_month:
            problems.append(f"entitlement {e.pk}: ends before it starts")
        if e.ended_on is not None and (e.ended_on > today or e.end_month is None):
            problems.append(f"entitlement {e.pk}: ended {e.ended_on}, end month {e.end_month}")
    # A month is paid only to someone entitled in it, on a list of a month
    # that has begun; only months before the current one are locked.
    current = today.replace(day=1)
    spans: dict[int, list] = {}
    for e in AllowanceEntitlement.objects.all():
        spans.setdefault(e.beneficiary_id, []).append((e.start_month, e.end_month))
    for p in Payment.objects.select_related("payment_list"):
        if not any(
            start <= p.month and (end is None or p.month <= end)
            for start, end in spans.get(p.beneficiary_id, [])
        ):
            problems.append(f"payment {p.pk}: {p.month} outside every entitlement")
        if p.payment_list.month > current:
            problems.append(f"payment {p.pk}: a list of a month to come")
    for lst in PaymentList.objects.filter(status="locked"):
        if lst.month >= current:
            problems.append(f"payment list {lst.pk}: the current month already locked")
    return problems


def attachment_problems() -> list[str]:
    """Every paper dated after its record's own date and before now."""
    import datetime

    from socialwork.attachments.models import Attachment
    from socialwork.attachments.owners import kind_named

    now = timezone.now()
    problems = []
    for row in Attachment.objects.defer("content_sealed", "name_sealed"):
        kind = kind_named(row.owner_kind)
        record = kind.model._default_manager.filter(pk=row.owner_id).first()
        if record is None:
            problems.append(f"attachment {row.pk}: no record")
            continue
        dated = kind.read(record, kind.dated) if kind.dated else None
        if dated is not None and not isinstance(dated, datetime.datetime):
            dated = timezone.make_aware(datetime.datetime.combine(dated, datetime.time()))
        if row.uploaded_at > now or (dated is not None and row.uploaded_at < dated):
            problems.append(f"attachment {row.pk}: at {row.uploaded_at}, record of {dated}")
    return problems


@pytest.fixture
def demo(province):
    import importlib

    communes = [
        CommuneFactory(parent=province, name=name)
        for name in ("Phường Tân Lập", "Phường Tuy Hòa", "Phường Buôn Ma Thuột")
    ]
    ctx = DemoContext(province=province, communes=communes, rng=random.Random(5), scale=0.1)
    for dotted in SEEDERS:
        try:
            module = importlib.import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
            continue
        module.seed(ctx)
    return ctx


def test_demo_histories_could_have_happened(demo):
    assert Referral.objects.count() > 30
    assert Case.objects.count() > 100
    assert referral_problems() == []
    assert case_problems() == []
    assert allowance_problems() == []
    # Papers on every kind of record, a few dozen at most: the demo stays fast.
    from socialwork.attachments.models import Attachment

    assert set(Attachment.objects.values_list("owner_kind", flat=True)) == {
        "person",
        "case",
        "admission",
        "application",
    }
    assert Attachment.objects.count() <= 40
    assert attachment_problems() == []


def test_demo_open_work_is_current(demo):
    """A province that keeps up: most open deadlines ahead, a few passed, and
    some unanswered urgent referrals past theirs for the escalation job."""
    from cases.referrals import deadlines, services

    now = timezone.now()
    open_cases = Case.objects.exclude(status="closed").exclude(next_deadline=None)
    overdue = open_cases.filter(next_deadline__lt=now).count()
    assert open_cases.count() > 20
    assert 0 < overdue <= open_cases.count() * 0.25
    waiting = CasePlan.objects.filter(status="submitted")
    assert waiting.exists()
    assert waiting.filter(submitted_at__lt=now - timezone.timedelta(days=60)).count() <= (
        waiting.count() * 0.1
    )
    late = Referral.objects.filter(deadlines.overdue_q(now))
    assert late.filter(urgency="urgent").exists()
    assert late.count() <= Referral.objects.filter(status__in=["sent", "received"]).count() * 0.5
    assert services.referral_escalate_overdue(now=now) == late.count()


def test_generated_histories_could_have_happened(province):
    for _ in range(3):
        CommuneFactory(parent=province)
    call_command("generate_province", people=400, seed=11)
    assert Referral.objects.count() > 50
    assert Case.objects.count() > 300
    assert referral_problems() == []
    assert case_problems() == []
    assert allowance_problems() == []
