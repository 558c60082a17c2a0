"""Cases for a generated province (benchmarks): about two per person
(2,000,000 at 1,000,000 people), their services (about five per person over
2024–2026) and the collaborators who work them, in a few INSERT … SELECT.

Runs after socialwork.demo.generators.people. Everything is drawn from a seeded
hash of the person's ordinal among the generated people (not of database ids),
so the same seed gives the same province whatever the sequences say.
"""

from __future__ import annotations

from django.db import connection

from socialwork.demo.bulk import insert_select, no_insert_history
from socialwork.demo.generate import GeneratorContext

from .demo import PATH

# One collaborator per this many people in a commune (at least one per commune).
PEOPLE_PER_COLLABORATOR = 500
USERNAME_PREFIX = "sinh-ctv-"

# Status by hash bucket out of 1000: most cases closed, every open state present.
STATUS_SQL = """(CASE
    WHEN {b} < 700 THEN 'closed' WHEN {b} < 760 THEN 'intake' WHEN {b} < 830 THEN 'assessment'
    WHEN {b} < 880 THEN 'planning' WHEN {b} < 950 THEN 'intervention' ELSE 'monitoring' END)"""
CLOSURE_REASONS = ["goals_met", "goals_met", "goals_met", "moved_away", "died", "transferred"]
# A child's case closes after the Mẫu 06 review proposing it, or (one in fifty)
# on the child's death; a move is a transfer, never a closure (Decree 56 Art. 30).
CHILD_CLOSURE_SQL = "(CASE WHEN {h} %% 50 = 7 THEN 'died' ELSE 'goals_met' END)"
CONFIDENTIALITY_REASONS = ["abuse", "violence", "trafficking", "other"]
SOURCES = [
    "collaborator",
    "collaborator",
    "commune",
    "hotline_111",
    "province_hotline",
    "self",
    "hospital",
    "school",
    "police",
]


def generate(ctx: GeneratorContext) -> None:
    from cases.models import Case, CaseTransition, Review, ServiceDelivery
    from socialwork.accounts.models import User

    with connection.cursor() as cursor:
        # The people generator has just inserted ctx.people rows in one statement.
        cursor.execute("SELECT coalesce(max(id), 0) FROM cases_beneficiary")
        first_person = cursor.fetchone()[0] - ctx.people + 1
        cursor.execute(
            "SELECT array_agg(id ORDER BY sort_order, id) FROM facilities_servicetype"
            " WHERE is_active"
        )
        service_types = cursor.fetchone()[0] or []
        cursor.execute("SELECT coalesce(max(id), 0) FROM cases_case")
        cases_before = cursor.fetchone()[0]
    if first_person < 1:
        return

    per_commune = max(1, ctx.people // max(1, len(ctx.commune_ids)) // PEOPLE_PER_COLLABORATOR)
    with no_insert_history("accounts.User:insert_insert"):
        insert_select(
            User,
            {
                "username": f"'{USERNAME_PREFIX}' || c.id || '-' || k",
                "password": "'!'",  # unusable: these accounts never log in
                "last_name": "'Cộng tác viên'",
                "first_name": "k::text",
                "role": "'collaborator'",
                "area_id": "c.id",
            },
            """unnest(%(communes)s::bigint[]) AS c(id)
               CROSS JOIN generate_series(1, %(per_commune)s) AS k
               WHERE NOT EXISTS (SELECT 1 FROM accounts_user u
                   WHERE u.username = %(prefix)s || c.id || '-' || k)""",
            {"communes": ctx.commune_ids, "per_commune": per_commune, "prefix": USERNAME_PREFIX},
        )

    # Each hash is computed once per row in a LATERAL (OFFSET 0 keeps the
    # planner from inlining it back into every column that uses it).
    # p: the person's ordinal hashed; k: the case's number for that person
    # (0–4 cases, mean 2); h: the case's own hash.
    p, h, child = "pp.p", "hh.h", "st.child"
    status, emergency, reported = "st.status", "x.emergency", "x.reported"
    # Closed cases were reported since 2024; open ones in the last four months.
    reported_sql = f"""(CASE WHEN {status} = 'closed'
        THEN timestamptz '2024-01-01 08:00+07'
             + make_interval(mins => ({h} %% 900000)::int)
        ELSE now() - make_interval(mins => 60 + ({h} %% 170000)::int) END)"""
    closed_on = f"least(current_date - 1, ({reported})::date + 20 + ({h} %% 200)::int)"
    # One open case in five is overdue; the rest fall due within ten days.
    deadline = f"""(CASE WHEN {status} = 'closed' THEN NULL
        WHEN {h} %% 5 = 0 THEN now() - make_interval(hours => 1 + ({h} %% 480)::int)
        ELSE now() + make_interval(hours => 1 + ({h} %% 240)::int) END)"""
    deadline_kind = f"""(CASE WHEN {status} = 'closed' THEN ''
        WHEN {status} = 'intake' AND {emergency} THEN 'emergency'
        WHEN {status} = 'planning' THEN 'plan_approval'
        ELSE 'plan_draft' END)"""

    def pick(name: str, hashed: str = h) -> str:
        return f"(%({name})s::text[])[1 + ({hashed} %% cardinality(%({name})s::text[]))]"

    with no_insert_history("cases.Case:insert_insert"):
        insert_select(
            Case,
            {
                "beneficiary_id": "b.id",
                "commune_id": "b.commune_id",
                "source": pick("sources"),
                "call_reference": f"(CASE WHEN {pick('sources')} IN"
                " ('hotline_111', 'province_hotline')"
                f" THEN 'CG-' || ({h} %% 1000000)::text ELSE '' END)",
                "reported_at": reported,
                "summary": "'Trường hợp sinh tự động để đo hiệu năng.'",
                "urgency": f"(CASE WHEN {emergency} THEN 'emergency'"
                f" WHEN {h} %% 7 = 0 THEN 'urgent' ELSE 'normal' END)",
                "is_child_protection": child,
                "needs_emergency_protection": emergency,
                "confidential": f"({h} %% 50 = 1)",
                "confidentiality_reason": f"(CASE WHEN {h} %% 50 = 1"
                f" THEN {pick('confidentiality')} ELSE '' END)",
                # Nine cases in ten have a worker: one of the commune's collaborators.
                "assigned_worker_id": f"(CASE WHEN {h} %% 10 <> 3"
                f" THEN w.ids[1 + ({p} %% cardinality(w.ids))] END)",
                "status": status,
                "closure_reason": f"(CASE WHEN {status} <> 'closed' THEN ''"
                f" WHEN {child} THEN {CHILD_CLOSURE_SQL.format(h=h)}"
                f" ELSE {pick('closure')} END)",
                "closed_on": f"(CASE WHEN {status} = 'closed' THEN {closed_on} END)",
                "next_deadline": deadline,
                "next_deadline_kind": deadline_kind,
                "created_at": reported,
                "updated_at": reported,
            },
            f"""cases_beneficiary b
               CROSS JOIN LATERAL (SELECT abs(hashtextextended(
                   (b.id - %(first)s + 1)::text, %(seed)s)) AS p OFFSET 0) pp
               CROSS JOIN LATERAL generate_series(1, (pp.p %% 5)::int) AS k
               CROSS JOIN LATERAL (SELECT abs(hashtextextended(
                   ((b.id - %(first)s + 1) * 8 + k)::text, %(seed)s)) AS h OFFSET 0) hh
               CROSS JOIN LATERAL (SELECT {STATUS_SQL.format(b="(hh.h %% 1000)")} AS status,
                   (b.birth_date > current_date - interval '16 years') AS child OFFSET 0) st
               CROSS JOIN LATERAL (SELECT {reported_sql} AS reported,
                   (st.child AND hh.h %% 10 = 0) AS emergency OFFSET 0) x
               LEFT JOIN (
                   SELECT area_id, array_agg(id ORDER BY id) AS ids FROM accounts_user
                    WHERE role = 'collaborator' AND username LIKE %(prefix_like)s
                    GROUP BY area_id
               ) w ON w.area_id = b.commune_id
               WHERE b.id >= %(first)s""",  # noqa: S608 (SQL from constants)
            {
                "seed": ctx.seed,
                "first": first_person,
                "prefix_like": USERNAME_PREFIX + "%",
                "sources": SOURCES,
                "closure": CLOSURE_REASONS,
                "confidentiality": CONFIDENTIALITY_REASONS,
            },
        )

    # Each case's history: one row per step of the path to its status
    # (demo.PATH, Case.TRANSITIONS), the report first, the steps spread evenly
    # from the report to the closing (closed cases) or to now (open ones):
    # distinct moments (reports are an hour old at least, closings 20 days
    # after), so no ORDER BY is needed to keep (at, id) in step order.
    steps = [
        (final, index, len(path), path[index - 1] if index else "", status)
        for final, path in PATH.items()
        for index, status in enumerate(path)
    ]
    closing = "least(now(), (c.closed_on + time '10:00') AT TIME ZONE 'Asia/Ho_Chi_Minh')"
    insert_select(
        CaseTransition,
        {
            "case_id": "c.id",
            "from_status": "p.from_status",
            "to_status": "p.to_status",
            "actor_id": "(CASE WHEN p.step = 0 THEN c.assigned_worker_id END)",
            "at": f"""(CASE WHEN p.step = 0 THEN c.reported_at
                WHEN c.status = 'closed' THEN c.reported_at
                     + greatest(interval '0', {closing} - c.reported_at) * p.step / (p.steps - 1)
                ELSE c.reported_at + (now() - c.reported_at) * p.step / p.steps END)""",
        },
        """cases_case c
           JOIN unnest(%(finals)s::text[], %(indexes)s::int[], %(counts)s::int[],
                       %(froms)s::text[], %(tos)s::text[])
                AS p(final, step, steps, from_status, to_status) ON p.final = c.status
           WHERE c.id > %(before)s""",
        {
            "before": cases_before,
            "finals": [s[0] for s in steps],
            "indexes": [s[1] for s in steps],
            "counts": [s[2] for s in steps],
            "froms": [s[3] for s in steps],
            "tos": [s[4] for s in steps],
        },
    )

    # The Mẫu 06 review proposing the closing of each child case closed on it.
    insert_select(
        Review,
        {
            "case_id": "c.id",
            "reviewed_on": "c.closed_on",
            "reviewed_by_id": "c.assigned_worker_id",
            "findings": "'Kế hoạch đã thực hiện xong; trẻ an toàn, ổn định'",
            "safe_and_stable": "true",
            "outcome": "'close'",
        },
        """cases_case c WHERE c.id > %(before)s AND c.status = 'closed'
           AND c.is_child_protection AND c.closure_reason = 'goals_met'""",
        {"before": cases_before},
    )

    if not service_types:
        return
    # Services on cases past intake: 0–6 per case (about five per person),
    # between the report and the closure (or today). The case is known by its
    # person's ordinal and report time (relative to now() when open, as it was
    # generated), not by its id: the order of an INSERT … SELECT is the plan's.
    case_key = """((c.beneficiary_id - %(first)s + 1)::text || '-' || extract(epoch FROM
        CASE WHEN c.status = 'closed' THEN c.reported_at - timestamptz '2024-01-01 08:00+07'
        ELSE now() - c.reported_at END)::bigint)"""
    hc = "sh.h"
    insert_select(
        ServiceDelivery,
        {
            "case_id": "c.id",
            "beneficiary_id": "c.beneficiary_id",
            "commune_id": "c.commune_id",
            "service_type_id": f"(%(types)s::bigint[])[1 + ({hc} %% %(n_types)s)]",
            "delivered_on": f"""least(coalesce(c.closed_on, current_date),
                (c.reported_at)::date + ({hc} %% 120)::int)""",
            "delivered_by_id": "c.assigned_worker_id",
            "note": "''",
        },
        f"""cases_case c
           CROSS JOIN LATERAL (SELECT abs(hashtextextended({case_key}, %(seed)s)) AS h
               OFFSET 0) ck
           CROSS JOIN LATERAL generate_series(1, (ck.h %% 7)::int) AS s
           CROSS JOIN LATERAL (SELECT abs(hashtextextended(ck.h || '-' || s, %(seed)s)) AS h
               OFFSET 0) sh
           WHERE c.id > %(before)s AND c.status IN ('intervention', 'monitoring', 'closed')""",
        {
            "seed": ctx.seed,
            "first": first_person,
            "before": cases_before,
            "types": service_types,
            "n_types": len(service_types),
        },
    )
