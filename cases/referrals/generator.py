"""Referrals for a generated province (benchmarks): about one for every two
people (500,000 at 1,000,000), drawn from the generated cases in one
INSERT … SELECT, plus one dated transition row for every step of each one's
path through Referral.TRANSITIONS (demo.PATHS), in a second. Nothing is
dated after the moment it is generated. Deterministic for a seed.

Runs after cases.casework.generator; without cases there is nothing to refer.
"""

from __future__ import annotations

from django.db import connection

from socialwork.demo.bulk import insert_select, no_insert_history
from socialwork.demo.generate import GeneratorContext

from .demo import PATHS

PER_MILLION = 500_000
# Statuses by hash bucket out of 100: every state, most answered, for the
# referrals of open cases; a closed case's referrals have all ended (a
# referral left waiting for two years would be on every overdue list).
STATUS_SQL = """CASE WHEN c.status <> 'closed' THEN (CASE
    WHEN {b} < 10 THEN 'sent' WHEN {b} < 15 THEN 'received' WHEN {b} < 25 THEN 'accepted'
    WHEN {b} < 40 THEN 'in_service' WHEN {b} < 75 THEN 'completed' WHEN {b} < 83 THEN 'declined'
    WHEN {b} < 88 THEN 'rereferred' WHEN {b} < 92 THEN 'closed' ELSE 'cancelled' END)
    ELSE (CASE WHEN {b} < 75 THEN 'completed' WHEN {b} < 85 THEN 'rereferred'
    WHEN {b} < 92 THEN 'closed' ELSE 'cancelled' END) END"""
ANSWERED = "('accepted','in_service','completed','declined','rereferred','closed')"
# Steps the sender takes (the others are the provider's).
BY_SENDER = "('sent','rereferred','closed','cancelled')"


def generate(ctx: GeneratorContext) -> None:
    from cases.models import Referral, ReferralTransition

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        cases = cursor.fetchone()[0]
        # Only services some active unit offers, each sent to a unit offering it:
        # the social assistance facilities and hospitals get most, as in life.
        cursor.execute(
            """SELECT array_agg(id ORDER BY id) FROM facilities_servicetype t
                WHERE EXISTS (SELECT 1 FROM facilities_facility_services o
                    JOIN facilities_facility f ON f.id = o.facility_id AND f.is_active
                    WHERE o.servicetype_id = t.id)"""
        )
        services = cursor.fetchone()[0] or []
        cursor.execute("SELECT min(id) FROM accounts_user")
        fallback_sender = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM cases_referral")
        before = cursor.fetchone()[0]
    if not cases or not services or fallback_sender is None:
        return  # no cases (or no network, no users) yet: nothing to refer
    wanted = ctx.scaled(PER_MILLION)
    # A share of the cases chosen by hash: no sort over millions of rows.
    per_million = min(1_000_000, wanted * 1_000_000 // cases + 1)
    h = "abs(hashtextextended(c.id::text, %(seed)s))"
    bucket = f"({h} %% 100)"
    status = STATUS_SQL.format(b=bucket)
    urgency = (
        f"(CASE WHEN {h} %% 20 = 0 THEN 'emergency' WHEN {h} %% 4 = 0 THEN 'urgent'"
        " ELSE 'normal' END)"
    )
    # Every moment is capped at now(): a case reported an hour ago has its
    # referral sent "just now", answered and completed no later (the order of
    # the steps holds, as least(…, now()) keeps it).
    sent = f"least(now(), c.reported_at + make_interval(hours => 1 + ({h} %% 72)::int))"
    received = f"least(now(), {sent} + interval '30 minutes')"
    answered = f"least(now(), {received} + make_interval(hours => 1 + ({h} %% 40)::int))"
    completed = f"least(now(), {answered} + interval '7 days')"
    with no_insert_history("cases.Referral:insert_insert"):
        insert_select(
            Referral,
            {
                "case_id": "c.id",
                "beneficiary_id": "c.beneficiary_id",
                "commune_id": "c.commune_id",
                "sender_id": "coalesce(c.assigned_worker_id, %(fallback)s)",
                "to_facility_id": f"o.ids[1 + ({h} %% cardinality(o.ids))]",
                "service_type_id": "o.service_type_id",
                "reason": "'Cần dịch vụ chuyên môn ngoài khả năng của xã.'",
                "urgency": urgency,
                "priority": f"(CASE {urgency} WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1"
                " ELSE 2 END)",
                "child_emergency": "c.needs_emergency_protection",
                "legal_basis": "'statutory'",
                "status": status,
                "sent_at": sent,
                "received_at": f"(CASE WHEN {status} IN ('sent', 'cancelled') THEN NULL"
                f" ELSE {received} END)",
                "responded_at": f"(CASE WHEN {status} IN {ANSWERED} THEN {answered} END)",
                "response_due_at": f"""(CASE
                    WHEN c.needs_emergency_protection THEN {sent} + interval '12 hours'
                    WHEN {urgency} <> 'normal' THEN {sent} + interval '24 hours' END)""",
                "decline_reason": f"(CASE WHEN {status} IN ('declined','rereferred','closed')"
                " THEN 'Hết chỗ tiếp nhận.' ELSE '' END)",
                "feedback": f"(CASE WHEN {status} = 'completed'"
                " THEN 'Đã cung cấp dịch vụ.' ELSE '' END)",
                "completed_at": f"(CASE WHEN {status} = 'completed' THEN {completed} END)",
            },
            f"""cases_case c JOIN (
                   SELECT o.servicetype_id AS service_type_id,
                          array_agg(o.facility_id ORDER BY o.facility_id) AS ids
                     FROM facilities_facility_services o
                     JOIN facilities_facility f ON f.id = o.facility_id AND f.is_active
                    GROUP BY o.servicetype_id
               ) o ON o.service_type_id = (%(services)s::bigint[])[1 + ({h} %% %(n_services)s)]
               WHERE ({h} %% 1000000) < %(per_million)s""",  # noqa: S608 (SQL from constants)
            {
                "seed": ctx.seed,
                "fallback": fallback_sender,
                "services": services,
                "n_services": len(services),
                "per_million": per_million,
            },
        )
    # One row per step: the path of each final status, joined on it. A step's
    # moment is the referral's own column for it; the sender's moves after a
    # decline (re-referred, closed) and a cancellation come a day later.
    steps = [
        (final, index, path[index - 1] if index else "", status)
        for final, path in PATHS.items()
        for index, status in enumerate(path)
    ]
    insert_select(
        ReferralTransition,
        {
            "referral_id": "r.id",
            "from_status": "p.from_status",
            "to_status": "p.to_status",
            "actor_id": f"(CASE WHEN p.to_status IN {BY_SENDER} THEN r.sender_id END)",
            "on_behalf": "false",
            "at": """(CASE p.to_status
                WHEN 'sent' THEN r.sent_at
                WHEN 'received' THEN r.received_at
                WHEN 'accepted' THEN r.responded_at
                WHEN 'declined' THEN r.responded_at
                WHEN 'in_service' THEN least(r.completed_at, now(),
                                             r.responded_at + interval '1 day')
                WHEN 'completed' THEN r.completed_at
                ELSE least(now(), coalesce(r.responded_at, r.received_at, r.sent_at)
                                  + interval '1 day') END)""",
        },
        """cases_referral r
           JOIN unnest(%(finals)s::text[], %(indexes)s::int[], %(froms)s::text[],
                       %(tos)s::text[]) AS p(final, step, from_status, to_status)
             ON p.final = r.status
           WHERE r.id > %(before)s
           -- Steps of one instant (capped at now()) keep their order by id.
           ORDER BY r.id, p.step""",
        {
            "before": before,
            "finals": [s[0] for s in steps],
            "indexes": [s[1] for s in steps],
            "froms": [s[2] for s in steps],
            "tos": [s[3] for s in steps],
        },
    )
