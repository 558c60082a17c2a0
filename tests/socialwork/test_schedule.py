"""The beat schedule: in the app, naming real tasks, and run by a real beat.

The integration test starts `celery beat` and `celery worker` as processes,
with the entries of socialwork/schedule.py as they are (names, tasks,
options) but every few seconds and to a queue of the test's own, and sees
each periodic job do its work in the test database, delivering SMS to an
HTTP gateway and e-mail to an SMTP server on 127.0.0.1.
"""

import datetime
import itertools
import json
import os
import re
import subprocess
import sys
import uuid

import pytest
from django.utils import timezone

from cases.casework import deadlines
from cases.models import (
    AssessmentKind,
    CaseStatus,
    CommuneTally,
    DeadlineKind,
    Referral,
    Urgency,
)
from cases.tallies import Tally, commune_tallies
from socialwork.accounts.models import Role
from socialwork.celery_app import app
from socialwork.indicators import services as indicator_services
from socialwork.indicators.models import ComputationRun
from socialwork.indicators.periods import current_periods
from socialwork.notifications.models import Notification
from socialwork.notifications.services import notify
from socialwork.operations.crypto import generate_key
from socialwork.schedule import BEAT_SCHEDULE
from tests.cases.casework.factories import AssessmentFactory, CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.cases.referrals.factories import ReferralFactory
from tests.celery_harness import beat, broker, fast_schedule, purge, wait_for, worker
from tests.factories import (
    CollaboratorUserFactory,
    CommuneFactory,
    CommuneOfficialFactory,
    UserFactory,
)
from tests.local_servers import sms_gateway, smtp_server
from tests.socialwork.indicators.factories import ComputationRunFactory

EVERY = 3.0  # seconds between two runs of every entry in the integration test


@pytest.fixture(scope="module")
def registered() -> set[str]:
    """The tasks the app knows once a worker has loaded it (autodiscovery and
    the apps' ready()), asked of a fresh process as a worker would start."""
    from tests.celery_harness import ROOT, database_url

    script = (
        "import django, json; from socialwork.celery_app import app; django.setup();"
        " app.loader.import_default_modules(); print(json.dumps(sorted(app.tasks)))"
    )
    url = database_url()  # read from the settings: no query
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "socialwork.settings.base",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def _period(schedule) -> datetime.timedelta:
    """The shortest time between two runs of a crontab, over two days of minutes."""
    start = datetime.datetime(2026, 3, 4)  # noqa: DTZ001 (wall-clock minutes, no zone needed)
    runs = [
        t
        for t in (start + datetime.timedelta(minutes=m) for m in range(2 * 24 * 60))
        if t.minute in schedule.minute
        and t.hour in schedule.hour
        and t.isoweekday() % 7 in schedule.day_of_week
        and t.day in schedule.day_of_month
        and t.month in schedule.month_of_year
    ]
    return min(b - a for a, b in itertools.pairwise(runs))


def test_the_app_carries_the_schedule_module():
    assert app.conf.beat_schedule is BEAT_SCHEDULE
    assert BEAT_SCHEDULE  # beat with an empty schedule runs nothing, silently


@pytest.mark.parametrize("name", sorted(BEAT_SCHEDULE))
def test_every_entry_names_a_registered_task_and_expires_before_its_next_run(name, registered):
    entry = BEAT_SCHEDULE[name]
    assert entry["task"] in registered
    expires = entry["options"]["expires"]
    # A backlog after downtime runs a job once, not once per missed tick.
    assert 0 < expires < _period(entry["schedule"]).total_seconds()


def test_the_emergency_clock_is_reminded_of_every_few_minutes():
    (entry,) = [
        e
        for e in BEAT_SCHEDULE.values()
        if e["task"] == "cases.casework.tasks.notify_emergency_deadlines"
    ]
    assert _period(entry["schedule"]) <= datetime.timedelta(minutes=5)
    # It runs through nights, weekends and holidays alike.
    assert entry["schedule"].day_of_week == set(range(7))
    assert entry["schedule"].hour == set(range(24))


def test_the_test_schedule_keeps_every_entry_but_its_timing_and_queue():
    fast = fast_schedule(BEAT_SCHEDULE, every=EVERY, queue="q")
    assert fast.keys() == BEAT_SCHEDULE.keys()
    for name, entry in BEAT_SCHEDULE.items():
        assert fast[name]["task"] == entry["task"]
        assert fast[name]["options"] == {**entry["options"], "queue": "q"}
        assert fast[name]["schedule"] == datetime.timedelta(seconds=EVERY)
        assert {k: v for k, v in fast[name].items() if k not in ("schedule", "options")} == {
            k: v for k, v in entry.items() if k not in ("schedule", "options")
        }


# --- A real beat and a real worker -------------------------------------------------


def _missed_indicator_period():
    """Every period the catch-up looks at has a finished run but one, a month
    some months back (a night the worker was down)."""
    current = {(p.kind, p.start) for p in current_periods()}
    periods = indicator_services.periods_to_catch_up()
    missed = next(p for p in periods[2:] if p.kind == "month" and (p.kind, p.start) not in current)
    for period in periods:
        if period != missed:
            ComputationRunFactory(
                period_kind=period.kind, period_start=period.start, period_end=period.end
            )
    assert indicator_services.periods_to_catch_up() == [missed]
    return missed


def _succeeded(output: str) -> set[str]:
    return set(re.findall(r"Task ([\w.]+)\[[\w-]+\] succeeded", output))


@pytest.mark.django_db(transaction=True)
def test_a_real_beat_runs_every_periodic_job_and_each_does_its_work(province, tmp_path):
    commune = CommuneFactory(parent=province)
    department = UserFactory(
        area=province, role=Role.DEPARTMENT, phone="0912000001", email="so@example.vn"
    )
    official = CommuneOfficialFactory(area=commune, phone="0912000002", email="xa@example.vn")
    worker_user = CollaboratorUserFactory(area=commune, phone="0912000003", email="")

    # An urgent referral unanswered past its deadline.
    late = ReferralFactory(
        case__beneficiary=BeneficiaryFactory(commune=commune),
        sender=worker_user,
        urgency=Urgency.URGENT,
        sent_at=timezone.now() - datetime.timedelta(hours=30),
        response_due_at=timezone.now() - datetime.timedelta(hours=6),
    )
    # A child in danger reported 11 hours ago: the 12-hour clock ends in an hour.
    emergency = CaseFactory(
        beneficiary=BeneficiaryFactory(commune=commune),
        assigned_worker=worker_user,
        is_child_protection=True,
        needs_emergency_protection=True,
        reported_at=timezone.now() - datetime.timedelta(hours=11),
    )
    deadlines.case_refresh_deadline(emergency)
    # A plan overdue since a needs assessment three weeks ago (a day deadline).
    planning = CaseFactory(
        beneficiary=BeneficiaryFactory(commune=commune),
        assigned_worker=worker_user,
        status=CaseStatus.ASSESSMENT,
    )
    AssessmentFactory(
        case=planning,
        kind=AssessmentKind.NEEDS,
        assessed_on=timezone.localdate() - datetime.timedelta(days=21),
    )
    deadlines.case_refresh_deadline(planning)
    assert (emergency.next_deadline_kind, planning.next_deadline_kind) == (
        DeadlineKind.EMERGENCY,
        DeadlineKind.PLAN_DRAFT,
    )
    # An SMS already waiting from before.
    notify(recipients=[official], kind="test", title="Lịch họp giao ban", sms=True)
    missed = _missed_indicator_period()
    started = timezone.now()

    queue = f"beat-{uuid.uuid4().hex[:12]}"
    outgoing = Notification.objects.exclude(channel=Notification.Channel.IN_APP)
    with (
        sms_gateway() as gateway,
        smtp_server() as (mailbox, smtp_port),
        broker(tmp_path) as env,
        worker(
            env,
            queue=queue,
            env={
                "SMS_BACKEND": "socialwork.notifications.sms.HttpGatewayBackend",
                "SMS_GATEWAY_URL": gateway.url,
                "SMS_GATEWAY_API_KEY": "khoa-thu",
                "SMS_GATEWAY_BRANDNAME": "SOYTE-DLK",
                "SMS_GATEWAY_TIMEOUT": "5",
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp_port),
                "INDICATOR_PERIOD_MODE": "calendar",
                "BACKUP_ENCRYPTION_KEY": generate_key(),
                "BACKUP_DIR": str(tmp_path / "backups"),
            },
        ) as worker_process,
        beat(env, schedule_file=tmp_path / "celerybeat-schedule", queue=queue, every=EVERY),
    ):
        try:
            # Every entry of the schedule has run on the worker, without error.
            wait_for(
                lambda: (
                    {e["task"] for e in BEAT_SCHEDULE.values()}
                    <= _succeeded(worker_process.output.text)
                ),
                timeout=60,
                interval=0.5,
            )

            def all_done() -> bool:
                late.refresh_from_db()
                return bool(
                    late.escalated_at
                    and Notification.objects.filter(kind="case.deadline").count() >= 4
                    and outgoing.exists()
                    and not outgoing.filter(delivered_at__isnull=True).exists()
                    and ComputationRun.objects.filter(
                        period_kind=missed.kind, period_start=missed.start, status="done"
                    ).exists()
                    and ComputationRun.objects.filter(
                        started_at__gte=started, status="done"
                    ).count()
                    >= 3
                )

            wait_for(all_done, timeout=30, interval=0.5)
        finally:
            purge(queue)

    # The nightly backup: an encrypted copy of the database written.
    assert any((tmp_path / "backups").glob("*/manifest.json"))
    # The overdue referral: escalated once, the department told in the portal,
    # by SMS through the gateway and by e-mail over SMTP.
    assert Referral.objects.get(pk=late.pk).escalated_at > started
    escalation = Notification.objects.filter(kind="referral.overdue", recipient=department)
    assert set(escalation.values_list("channel", flat=True)) == {"in_app", "sms", "email"}
    assert escalation.filter(delivered_at__isnull=False).count() == 3
    sent_sms = {(r["phone"], r["brandname"]) for r in gateway.accepted()}
    assert {("0912000001", "SOYTE-DLK"), ("0912000002", "SOYTE-DLK")} <= sent_sms
    assert "0912000003" in {r["phone"] for r in gateway.accepted()}  # the sender
    delivered_to = {m["X-Envelope-To"] for m in mailbox.messages}
    assert {"so@example.vn", "xa@example.vn"} <= delivered_to
    # Each SMS went once, whatever the number of delivery runs.
    assert len(gateway.accepted()) == outgoing.filter(channel="sms").count()
    assert len(mailbox.messages) == outgoing.filter(channel="email").count()

    # The deadline reminders: the emergency clock (soon) and the late plan
    # (overdue), to the assigned worker and the commune official.
    reminders = Notification.objects.filter(kind="case.deadline", channel="in_app")
    assert set(reminders.values_list("related_id", "recipient")) == {
        (str(emergency.pk), worker_user.pk),
        (str(emergency.pk), official.pk),
        (str(planning.pk), worker_user.pk),
        (str(planning.pk), official.pk),
    }

    # The per-commune counts: their change rows (one per person and case made above)
    # folded into one, with the same sums.
    assert CommuneTally.objects.filter(commune=commune).count() == 1
    assert commune_tallies([commune.pk])[commune.pk] == Tally(people=3, open_cases=3)

    # The indicators: the missed month caught up, the current month and year recomputed.
    caught_up = ComputationRun.objects.get(period_kind=missed.kind, period_start=missed.start)
    assert caught_up.status == "done" and caught_up.started_at > started
    recomputed = ComputationRun.objects.filter(started_at__gte=started, status="done")
    assert {(p.kind, p.start) for p in current_periods()} <= set(
        recomputed.values_list("period_kind", "period_start")
    )
