"""Collaborators of a generated province (benchmarks): every commune's CTXH
collaborators with their profiles, the province's training courses since
2021 and who attended them (collaborators and facility staff), so the
indicators CTXH-01 and CTXH-04 have real data. A few INSERT … SELECT.

The logins are the ones cases.casework.generator assigns its cases to (same
names and number per commune): made here first, with names and profiles,
so casework finds them and adds none. They have no usable password.

Runs after facilities.generator (staff attend courses too) and before
cases.casework.generator. Draws are seeded hashes of usernames and titles.
"""

from __future__ import annotations

from django.db import connection

from cases.casework.generator import PEOPLE_PER_COLLABORATOR, USERNAME_PREFIX
from socialwork.accounts.models import Role, User
from socialwork.demo.bulk import insert_select, no_insert_history
from socialwork.demo.generate import GeneratorContext

from .demo import (
    COURSES,
    FAMILY,
    GIVEN_F,
    GIVEN_M,
    HIGHLAND,
    MIDDLE_F,
    MIDDLE_M,
    ORGANISATIONS,
    PLACES,
)
from .models import Attendance, Collaborator, Qualification, Topic, TrainingCourse

FIRST_COURSE_YEAR = 2021  # Decision 112's programme start
UPCOMING_COURSE = ("Quản lý trường hợp nâng cao", Topic.CASE_MANAGEMENT)
ORGANISER = "Sở Y tế tỉnh"
# Weights as the demo's: most untrained or short-course only.
QUALIFICATIONS = [
    (Qualification.NONE, 45),
    (Qualification.SHORT_COURSE, 40),
    (Qualification.INTERMEDIATE, 8),
    (Qualification.BACHELOR, 7),
]
ALLOWANCES = [1_000_000, 1_500_000, 2_340_000]  # 2,340,000: the base salary
HISTORY = (
    "accounts.User:insert_insert",
    "collaborators.Collaborator:insert_insert",
    "collaborators.TrainingCourse:insert_insert",
    "collaborators.Attendance:insert_insert",
)


def per_commune(ctx: GeneratorContext) -> int:
    """Collaborators per commune: as many as casework spreads its cases over."""
    return max(1, ctx.people // max(1, len(ctx.commune_ids)) // PEOPLE_PER_COLLABORATOR)


def _weighted(pairs) -> list[str]:
    return [str(value) for value, weight in pairs for _ in range(weight)]


def _pick(name: str, hashed: str) -> str:
    return f"(%({name})s::text[])[1 + ({hashed}) %% cardinality(%({name})s::text[])]"


def generate(ctx: GeneratorContext) -> None:
    with no_insert_history(*HISTORY):
        _logins(ctx)
        before = _last_id("collaborators_collaborator")
        _profiles(ctx)
        _courses(ctx)
        _attendance(ctx, before)


def _last_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 (constant)
        return cursor.fetchone()[0]


def _female(username: str) -> str:
    # The same draw for the login's name and the profile's sex.
    return f"(abs(hashtextextended({username} || '/sex', %(seed)s)) %% 100 < 62)"


def _logins(ctx: GeneratorContext) -> None:
    part = "abs(hashtextextended(u.username || '{}', %(seed)s))"
    highland = f"({part.format('/highland')} %% 100 < 8)"
    female = _female("u.username")
    insert_select(
        User,
        {
            "username": "u.username",
            "password": "'!'",  # unusable: these accounts never log in
            "last_name": f"""CASE WHEN {highland} THEN (%(highland_given)s::text[])[1 + hl.i]
                ELSE {_pick("family", part.format("/family"))} || ' ' || CASE WHEN {female}
                     THEN {_pick("middle_f", part.format("/middle"))}
                     ELSE {_pick("middle_m", part.format("/middle"))} END END""",
            "first_name": f"""CASE WHEN {highland} THEN (%(highland_family)s::text[])[1 + hl.i]
                WHEN {female} THEN {_pick("given_f", part.format("/given"))}
                ELSE {_pick("given_m", part.format("/given"))} END""",
            "role": f"'{Role.COLLABORATOR.value}'",
            "area_id": "c.id",
        },
        f"""unnest(%(communes)s::bigint[]) AS c(id)
           CROSS JOIN generate_series(1, %(per_commune)s) AS k
           CROSS JOIN LATERAL (SELECT %(prefix)s || c.id || '-' || k AS username) u
           CROSS JOIN LATERAL (SELECT {part.format("/highland")}
                                      %% cardinality(%(highland_given)s::text[]) AS i) hl
          WHERE NOT EXISTS (SELECT 1 FROM accounts_user o WHERE o.username = u.username)
          ORDER BY c.id, k""",  # noqa: S608 (SQL from constants)
        {
            "seed": ctx.seed,
            "communes": ctx.commune_ids,
            "per_commune": per_commune(ctx),
            "prefix": USERNAME_PREFIX,
            "family": FAMILY,
            "middle_f": MIDDLE_F,
            "middle_m": MIDDLE_M,
            "given_f": GIVEN_F,
            "given_m": GIVEN_M,
            "highland_given": [given for given, _family in HIGHLAND],
            "highland_family": [family for _given, family in HIGHLAND],
        },
    )


def _profiles(ctx: GeneratorContext) -> None:
    """A profile for every generated login without one: appointed since 2018."""
    h = "ph.h"
    started = f"least(current_date, date '2018-01-01' + ({h} %% 2900)::int)"
    insert_select(
        Collaborator,
        {
            "user_id": "u.id",
            "birth_year": f"1962 + ({h} / 7 %% 39)::int",
            "sex": f"CASE WHEN {_female('u.username')} THEN 'female' ELSE 'male' END",
            "village": f"'Thôn ' || (1 + ({h} / 13) %% 12)",
            "organisation": _pick("organisations", f"{h} / 17"),
            "appointment_number": f"(10 + ({h} / 19) %% 990) || '/QĐ-UBND'",
            "appointment_date": started,
            "started_on": started,
            "qualification": _pick("qualifications", f"{h} / 23"),
            "monthly_allowance": f"(%(allowances)s::int[])[1 + ({h} / 29) %% 3]",
        },
        """accounts_user u
           CROSS JOIN LATERAL (SELECT abs(hashtextextended(u.username || '/profile', %(seed)s))
                                      AS h OFFSET 0) ph
          WHERE u.username LIKE %(prefix_like)s AND u.role = %(role)s
            AND NOT EXISTS (SELECT 1 FROM collaborators_collaborator c WHERE c.user_id = u.id)
          ORDER BY u.username""",
        {
            "seed": ctx.seed,
            "prefix_like": USERNAME_PREFIX + "%",
            "role": Role.COLLABORATOR.value,
            "organisations": _weighted(ORGANISATIONS),
            "qualifications": _weighted(QUALIFICATIONS),
            "allowances": ALLOWANCES,
        },
    )


def _courses(ctx: GeneratorContext) -> None:
    """Five of the six demo courses each year since 2021, and one to come."""
    h = "abs(hashtextextended(t.title || y, %(seed)s))"
    insert_select(
        TrainingCourse,
        {
            "title": "t.title || ' ' || y",
            "topic": "t.topic",
            "organiser": "%(organiser)s",
            "starts_on": f"make_date(y, 3 + ({h} %% 9)::int, 1 + ({h} / 9 %% 25)::int)",
            "ends_on": f"make_date(y, 3 + ({h} %% 9)::int, 1 + ({h} / 9 %% 25)::int)"
            f" + ({h} / 241 %% 4)::int",
            "hours": f"8 * (1 + ({h} / 241 %% 4)::int)",
            "place": _pick("places", f"{h} / 7"),
        },
        """generate_series(%(first_year)s, extract(year FROM current_date)::int) AS y
           CROSS JOIN unnest(%(titles)s::text[], %(topics)s::text[]) WITH ORDINALITY
                AS t(title, topic, i)
          WHERE t.i - 1 <> abs(hashtextextended(y::text, %(seed)s))
                           %% cardinality(%(titles)s::text[])
            AND NOT EXISTS (SELECT 1 FROM collaborators_trainingcourse o
                             WHERE o.title = t.title || ' ' || y)
          ORDER BY y, t.i""",
        {
            "seed": ctx.seed,
            "first_year": FIRST_COURSE_YEAR,
            "titles": [title for title, _topic in COURSES],
            "topics": [topic.value for _title, topic in COURSES],
            "organiser": ORGANISER,
            "places": PLACES,
        },
    )
    title, topic = UPCOMING_COURSE
    insert_select(
        TrainingCourse,
        {
            "title": "%(title)s",
            "topic": "%(topic)s",
            "organiser": "'Trung tâm Công tác xã hội tỉnh'",
            "starts_on": "current_date + 20",
            "ends_on": "current_date + 22",
            "hours": "24",
            "place": "%(place)s",
        },
        """(SELECT 1) AS one WHERE NOT EXISTS (
               SELECT 1 FROM collaborators_trainingcourse o WHERE o.title = %(title)s)""",
        {"title": title, "topic": topic.value, "place": PLACES[0]},
    )


def _attendance(ctx: GeneratorContext, before: int) -> None:
    """About a third of the new collaborators completed one to three past
    courses (a few dropped out of one); a third of the facility staff not yet
    on any course attended one (CTXH-04 counts both)."""
    past = """(SELECT array_agg(id ORDER BY starts_on, title) AS ids
                 FROM collaborators_trainingcourse WHERE ends_on < current_date) pc"""
    h = "ah.h"
    insert_select(
        Attendance,
        {
            "course_id": f"pc.ids[1 + ({h} / 3 + k) %% cardinality(pc.ids)]",
            "collaborator_id": "c.id",
            "completed": "abs(hashtextextended(u.username || '/done' || k, %(seed)s)) %% 100 < 93",
            "certificate_number": f"""CASE WHEN abs(hashtextextended(
                u.username || '/done' || k, %(seed)s)) %% 100 < 93
                THEN 'CTXH-' || lpad((({h} + k) %% 1000000)::text, 6, '0') ELSE '' END""",
            "practice_hours": f"(ARRAY[0, 0, 8, 16])[1 + ({h} / 5 + k) %% 4]",
            "cpd_credits": f"(({h} / 11 + k) %% 3)",
        },
        f"""collaborators_collaborator c JOIN accounts_user u ON u.id = c.user_id
            CROSS JOIN LATERAL (SELECT abs(hashtextextended(u.username || '/course', %(seed)s))
                                       AS h OFFSET 0) ah
            CROSS JOIN {past}
            CROSS JOIN LATERAL generate_series(
                1, least(1 + ({h} %% 3)::int, cardinality(pc.ids))) AS k
           WHERE c.id > %(before)s AND {h} %% 100 < 34
           ORDER BY u.username, k""",  # noqa: S608 (SQL from constants)
        {"seed": ctx.seed, "before": before},
    )
    key = "f.name || '/' || s.full_name || '/' || s.started_on"
    insert_select(
        Attendance,
        {
            "course_id": f"pc.ids[1 + {h} / 3 %% cardinality(pc.ids)]",
            "staff_member_id": "s.id",
            "completed": "true",
            "certificate_number": f"'CTXH-NV-' || lpad(({h} %% 1000000)::text, 6, '0')",
            "practice_hours": f"(ARRAY[0, 40, 80])[1 + ({h} / 5) %% 3]",
            "cpd_credits": f"1 + ({h} / 11) %% 3",
        },
        f"""facilities_staffmember s JOIN facilities_facility f ON f.id = s.facility_id
            CROSS JOIN LATERAL (SELECT abs(hashtextextended({key} || '/course', %(seed)s))
                                       AS h OFFSET 0) ah
            CROSS JOIN {past}
           WHERE {h} %% 3 = 0 AND cardinality(pc.ids) > 0
             AND NOT EXISTS (SELECT 1 FROM collaborators_attendance a
                              WHERE a.staff_member_id = s.id)
           ORDER BY f.name, s.full_name, s.started_on""",  # noqa: S608 (SQL from constants)
        {"seed": ctx.seed},
    )
