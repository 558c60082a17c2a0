"""Deadline reminders (the beat task calls this)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import now as _now
from django.utils.translation import gettext as _

from socialwork.accounts.models import Role, User
from socialwork.notifications.services import notify

from ...models import Case, CaseStatus
from ..deadlines import HOUR_DEADLINE_WARNING, HOUR_KINDS, case_deadlines, horizon, warning_starts


def deadlines_notify(
    *, now: datetime.datetime | None = None, kinds: frozenset[str] | None = None
) -> int:
    """In-app and e-mail reminders (SMS too for the hour deadlines) for
    deadlines within 2 hours (hour deadlines) or one working day (day
    deadlines), and for passed ones: to the assigned worker and the commune's
    officials (leaders too for a signature).
    Idempotent: one reminder per case, deadline and stage. Returns how many
    notifications are new.

    `kinds` narrows it to some deadline kinds: the hour deadlines (the 12-hour
    child-protection clock) run every few minutes, only over cases whose
    earliest deadline is of those kinds and falls within the warning window
    or passed in the last day (older ones were reminded by the full run)."""
    now = now or _now()
    candidates = Case.objects.filter(next_deadline__isnull=False).exclude(status=CaseStatus.CLOSED)
    if kinds is None:
        candidates = candidates.filter(next_deadline__lte=horizon(now))
    else:
        # An hour deadline is the earliest of its case while it runs (12 hours
        # from the report, before any plan's), so next_deadline finds them all.
        candidates = candidates.filter(
            next_deadline_kind__in=kinds,
            next_deadline__gt=now - datetime.timedelta(days=1),
            next_deadline__lte=now + HOUR_DEADLINE_WARNING,
        )
    due = list(candidates.order_by("next_deadline"))
    if not due:
        return 0
    commune_staff: dict[int | None, list[User]] = {}
    for user in User.objects.filter(
        is_active=True,
        role__in=(Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER),
        area_id__in={case.commune_id for case in due},
    ):
        commune_staff.setdefault(user.area_id, []).append(user)
    workers = {
        u.pk: u
        for u in User.objects.filter(
            pk__in={c.assigned_worker_id for c in due if c.assigned_worker_id}
        )
    }
    sent = 0
    for case in due:
        for deadline in case_deadlines(case):
            if now < warning_starts(deadline) or (kinds is not None and deadline.kind not in kinds):
                continue
            stage = "overdue" if deadline.due_at <= now else "soon"
            recipients = [
                u
                for u in commune_staff.get(case.commune_id, [])
                if u.role == Role.COMMUNE_OFFICIAL or deadline.kind == "plan_approval"
            ]
            if case.assigned_worker_id in workers:
                recipients.append(workers[case.assigned_worker_id])
            local = timezone.localtime(deadline.due_at)
            title = (
                _("Quá hạn: %(what)s – trường hợp số %(id)s")
                if stage == "overdue"
                else _("Sắp đến hạn: %(what)s – trường hợp số %(id)s")
            ) % {"what": deadline.label, "id": case.pk}
            sent += notify(
                recipients={u.pk: u for u in recipients}.values(),
                kind="case.deadline",
                title=title,
                body=_("Hạn: %(when)s") % {"when": local.strftime("%H:%M %d/%m/%Y")},
                url=reverse("casework:case_detail", args=[case.pk]),
                dedupe_key=f"case:{case.pk}:{deadline.kind}:{deadline.due_at:%Y%m%d%H%M}:{stage}",
                related=case,
                email=True,
                # The 12-hour clock runs through the night: reach the phone too.
                sms=deadline.kind in HOUR_KINDS,
            )
    return sent
