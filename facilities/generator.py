"""The facility network of a generated province (benchmarks), in a few
INSERT … SELECT: the providers of the demo catalogue (facilities.demo.NETWORK:
the seven social assistance facilities, the police-run drug rehabilitation
centre, hospitals, schools, the employment service centre…), every commune's
People's Committee, more health centres and schools in proportion to the
people, their indicator scope with dates, staff with mixed social-work
assignments and CTXH training, and about 700 residents per million people.

Runs after socialwork.demo.generators.people (residents are generated people)
and before the referrals, which are sent to these units. The network is made
once (units found again by name); residents are added for each run's people.
Every draw is a seeded hash of names and ordinals, never of database ids.
"""

from __future__ import annotations

import datetime
import math

from django.db import connection

from socialwork.demo.bulk import insert_select, no_insert_history
from socialwork.demo.generate import GeneratorContext

from .demo import (
    EDE,
    FAMILY,
    GIVEN_F,
    GIVEN_M,
    MIDDLE_F,
    MIDDLE_M,
    NETWORK,
    NOT_COUNTED,
    NOT_PLANNED,
    POSITIONS_OTHER,
    POSITIONS_SW,
    QUALIFICATIONS,
    SCOPE_FROM,
    STREETS,
)
from .models import (
    SOCIAL_ASSISTANCE_KINDS,
    Admission,
    AdmissionKind,
    AdmissionStatus,
    CivilServiceTitle,
    DischargeReason,
    Facility,
    FacilityKind,
    FacilityScopePeriod,
    Ownership,
    Qualification,
    SocialWorkAssignment,
    StaffAssignment,
    StaffMember,
)

# Units indicator CTXH-01 counts that the demo catalogue leaves out; same
# shape as NETWORK (name, kind, ownership, commune, beds, services, staff, extras).
OTHER_UNITS = [
    ("Trường Giáo dưỡng số 4", FacilityKind.REFORM_SCHOOL, Ownership.PUBLIC, "", None, [], 1, {}),
    ("Viện Kiểm sát nhân dân tỉnh", FacilityKind.JUDICIAL, Ownership.PUBLIC, "", None, [], 0, {}),
    (
        "Hội Liên hiệp Phụ nữ tỉnh",
        FacilityKind.AGENCY,
        Ownership.PUBLIC,
        "",
        None,
        ["tu_van"],
        1,
        {},
    ),
]
# Per million people: commune health centres and hospitals, and schools with
# a counselling post (the units CTXH-01 and CTXH-02 count beyond the catalogue).
HOSPITALS_PER_MILLION = 15
SCHOOLS_PER_MILLION = 60
SCHOOL_LEVELS = ["Tiểu học", "THCS", "THPT"]
HOSPITAL_SERVICES = ["ket_noi_y_te", "tu_van", "ho_tro_tam_ly"]
SCHOOL_SERVICES = ["tu_van", "ho_tro_giao_duc"]
# From this day a fifth of the generated schools and hospitals joined the
# CTXH-02 plan: a past period recomputes without them.
PLANNED_FROM = datetime.date(2024, 1, 1)
# Staff who took on social work from this day (before it: none).
ASSIGNMENT_CHANGE = datetime.date(2023, 1, 1)
# The seeds: 685 residents in two Cần Thơ facilities, for a province's people.
RESIDENTS_PER_MILLION = 700
MIN_RESIDENTS = 70
FULL_TIME_KINDS = (
    FacilityKind.SOCIAL_WORK_CENTRE,
    FacilityKind.GENERAL_CARE,
    FacilityKind.CHILDREN_CARE,
)
HISTORY = (
    "facilities.Facility:insert_insert",
    "facilities.FacilityScopePeriod:insert_insert",
    "facilities.StaffMember:insert_insert",
    "facilities.StaffAssignment:insert_insert",
    "facilities.Admission:insert_insert",
)


def generate(ctx: GeneratorContext) -> None:
    with no_insert_history(*HISTORY):
        before = _last_id("facilities_facility")
        _units(ctx)
        _services(before)
        _scope_periods(ctx, before)
        staff_before = _last_id("facilities_staffmember")
        _staff(ctx, before)
        _assignments(ctx, staff_before)
        _residents(ctx)


def _last_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 (constant)
        return cursor.fetchone()[0]


def _catalogue() -> list[tuple]:
    return [*NETWORK, *OTHER_UNITS]


def _units(ctx: GeneratorContext) -> None:
    from socialwork.areas.models import AdministrativeUnit

    communes = ctx.commune_ids
    by_name = dict(AdministrativeUnit.objects.filter(pk__in=communes).values_list("name", "pk"))
    rows = []
    for index, (name, kind, ownership, where, beds, _services, _staff, extra) in enumerate(
        _catalogue()
    ):
        rows.append(
            (
                name,
                kind.value,
                ownership.value,
                by_name.get(where) or communes[index % len(communes)],
                beds,
                extra.get("phone", ""),
                extra.get("email", ""),
                extra.get("hotline", ""),
                extra.get("has_social_work_unit", False),
                kind in SOCIAL_ASSISTANCE_KINDS,
            )
        )
    columns = list(zip(*rows, strict=True))
    h = "abs(hashtextextended(n.name, %(seed)s))"
    insert_select(
        Facility,
        {
            "name": "n.name",
            "search_name": "vn_search_key(n.name)",
            "kind": "n.kind",
            "ownership": "n.ownership",
            "commune_id": "n.commune_id",
            "address": f"(1 + {h} %% 250)::text || ' '"
            f" || (%(streets)s::text[])[1 + {h} %% cardinality(%(streets)s::text[])]",
            "phone": "n.phone",
            "email": "n.email",
            "hotline": "n.hotline",
            "capacity": "n.capacity",
            "has_social_work_unit": "n.sw_unit",
            "has_portal_users": "n.portal",
        },
        """unnest(%(names)s::text[], %(kinds)s::text[], %(ownerships)s::text[],
                  %(communes)s::bigint[], %(beds)s::int[], %(phones)s::text[],
                  %(emails)s::text[], %(hotlines)s::text[], %(sw_units)s::boolean[],
                  %(portals)s::boolean[]) WITH ORDINALITY
             AS n(name, kind, ownership, commune_id, capacity, phone, email, hotline,
                  sw_unit, portal, i)
           WHERE NOT EXISTS (SELECT 1 FROM facilities_facility f WHERE f.name = n.name)
           ORDER BY n.i""",
        {
            "seed": ctx.seed,
            "streets": STREETS,
            "names": list(columns[0]),
            "kinds": list(columns[1]),
            "ownerships": list(columns[2]),
            "communes": list(columns[3]),
            "beds": list(columns[4]),
            "phones": list(columns[5]),
            "emails": list(columns[6]),
            "hotlines": list(columns[7]),
            "sw_units": list(columns[8]),
            "portals": list(columns[9]),
        },
    )
    # Every commune's People's Committee (CTXH-01 counts communes), then the
    # health centres and schools, spread over the communes in turn.
    short = "regexp_replace(a.name, '^(Xã|Phường|Thị trấn|Đặc khu) ', '')"
    units = [
        (FacilityKind.COMMUNE_COMMITTEE, "'UBND ' || a.name", len(communes), False),
        (
            FacilityKind.HOSPITAL,
            f"'Trung tâm Y tế ' || {short}"
            " || CASE WHEN g > %(n_communes)s THEN ' số ' || (1 + (g - 1) / %(n_communes)s)"
            " ELSE '' END",
            ctx.scaled(HOSPITALS_PER_MILLION),
            True,
        ),
        (
            FacilityKind.SCHOOL,
            "'Trường ' || (%(levels)s::text[])[1 + (g - 1) %% 3] || ' ' || "
            + short
            + " || CASE WHEN g > 3 * %(n_communes)s"
            " THEN ' số ' || (1 + (g - 1) / (3 * %(n_communes)s)) ELSE '' END",
            ctx.scaled(SCHOOLS_PER_MILLION),
            False,
        ),
    ]
    for kind, name, count, health in units:
        commune = (
            "(g - 1) %% %(n_communes)s"
            if kind != FacilityKind.SCHOOL
            else "((g - 1) / 3) %% %(n_communes)s"
        )
        insert_select(
            Facility,
            {
                "name": "u.name",
                "search_name": "vn_search_key(u.name)",
                "kind": "%(kind)s",
                "commune_id": "a.id",
                "address": "'Thôn ' || (1 + abs(hashtextextended(u.name, %(seed)s)) %% 12)",
                # About half the health centres have a social work unit.
                "has_social_work_unit": "abs(hashtextextended(u.name, %(seed)s)) %% 2 = 0"
                if health
                else "false",
            },
            f"""generate_series(1, %(count)s) AS g
               JOIN areas_administrativeunit a
                 ON a.id = (%(communes)s::bigint[])[1 + {commune}]
               CROSS JOIN LATERAL (SELECT {name} AS name) u
               WHERE NOT EXISTS (SELECT 1 FROM facilities_facility f
                                  WHERE f.name = u.name AND f.commune_id = a.id)
               ORDER BY g""",  # noqa: S608 (SQL from constants)
            {
                "seed": ctx.seed,
                "kind": kind.value,
                "count": count,
                "communes": communes,
                "n_communes": len(communes),
                "levels": SCHOOL_LEVELS,
            },
        )


def _services(before: int) -> None:
    """What each new unit offers: the catalogue's list, or its kind's."""
    catalogue = _catalogue()
    pairs = [(row[0], code) for row in catalogue for code in row[5]]
    pairs += [("@hospital", code) for code in HOSPITAL_SERVICES]
    pairs += [("@clinic", "ket_noi_y_te"), *(("@school", code) for code in SCHOOL_SERVICES)]
    insert_select(
        Facility.services.through,
        {"facility_id": "f.id", "servicetype_id": "s.id"},
        """facilities_facility f
           JOIN unnest(%(names)s::text[], %(codes)s::text[]) AS o(name, code)
             ON o.name = CASE
                  WHEN f.name = ANY(%(catalogue)s::text[]) THEN f.name
                  WHEN f.kind = 'hospital' AND f.has_social_work_unit THEN '@hospital'
                  WHEN f.kind = 'hospital' THEN '@clinic'
                  WHEN f.kind = 'school' THEN '@school' END
           JOIN facilities_servicetype s ON s.code = o.code
          WHERE f.id > %(before)s
          ORDER BY f.id, s.sort_order""",
        {
            "names": [p[0] for p in pairs],
            "codes": [p[1] for p in pairs],
            "catalogue": [row[0] for row in catalogue],
            "before": before,
        },
    )


def _scope_periods(ctx: GeneratorContext, before: int) -> None:
    """One period from the programme's start for each new unit; a fifth of the
    generated schools and health centres were planned (CTXH-02) only from
    PLANNED_FROM, so they have two."""
    catalogue = [row[0] for row in _catalogue()]
    late = """(f.kind IN ('school', 'hospital') AND NOT f.name = ANY(%(catalogue)s::text[])
               AND abs(hashtextextended(f.name || '/plan', %(seed)s)) %% 5 = 0)"""
    params = {
        "seed": ctx.seed,
        "catalogue": catalogue,
        "before": before,
        "not_counted": sorted(k.value for k in NOT_COUNTED),
        "not_planned": sorted(k.value for k in NOT_PLANNED),
        "scope_from": SCOPE_FROM,
        "planned_from": PLANNED_FROM,
    }
    insert_select(
        FacilityScopePeriod,
        {
            "facility_id": "f.id",
            "in_ctxh01_scope": "NOT f.kind = ANY(%(not_counted)s::text[])",
            "in_ctxh02_plan": f"NOT f.kind = ANY(%(not_planned)s::text[]) AND NOT {late}",
            "valid_from": "%(scope_from)s::date",
            "valid_to": f"CASE WHEN {late} THEN %(planned_from)s::date - 1 END",
        },
        "facilities_facility f WHERE f.id > %(before)s ORDER BY f.id",
        params,
    )
    insert_select(
        FacilityScopePeriod,
        {
            "facility_id": "f.id",
            "in_ctxh01_scope": "true",
            "in_ctxh02_plan": "true",
            "valid_from": "%(planned_from)s::date",
        },
        f"facilities_facility f WHERE f.id > %(before)s AND {late} ORDER BY f.id",
        params,
    )


# Per unit: how many staff (n), how many of them do social work (sw), and
# whether that is full-time (ft). The catalogue states its staff; a commune
# office has its culture-social affairs officer (and sometimes a second), a
# school its counselling teacher, a health centre its social work unit.
STAFF_PLAN = """
    LEFT JOIN unnest(%(catalogue)s::text[], %(catalogue_staff)s::int[]) AS cat(name, staff)
      ON cat.name = f.name
    CROSS JOIN LATERAL (SELECT abs(hashtextextended(f.name, %(seed)s)) AS h OFFSET 0) fh
    CROSS JOIN LATERAL (SELECT
        CASE WHEN cat.name IS NOT NULL THEN cat.staff
             WHEN f.kind = 'commune_committee' THEN 1 + (fh.h %% 3 = 0)::int
             WHEN f.kind = 'hospital' AND f.has_social_work_unit THEN 3
             WHEN f.kind IN ('hospital', 'school') THEN 1
             ELSE 0 END AS n,
        CASE WHEN cat.name IS NOT NULL THEN greatest(1, cat.staff / 2)
             WHEN f.kind = 'commune_committee' THEN (fh.h %% 10 < 8)::int
             WHEN f.kind = 'hospital' AND f.has_social_work_unit THEN 2
             WHEN f.kind IN ('hospital', 'school') THEN (fh.h %% 2)::int
             ELSE 0 END AS sw,
        (f.kind = ANY(%(full_time)s::text[])
         OR (f.kind = 'hospital' AND f.has_social_work_unit)) AS ft
        OFFSET 0) plan
"""


def _staff_params(ctx: GeneratorContext, before: int) -> dict:
    catalogue = _catalogue()
    return {
        "seed": ctx.seed,
        "before": before,
        "catalogue": [row[0] for row in catalogue],
        "catalogue_staff": [row[6] for row in catalogue],
        "full_time": [k.value for k in FULL_TIME_KINDS],
    }


def _weighted(pairs) -> list[str]:
    return [value.value for value, weight in pairs for _ in range(weight)]


def _pick(name: str, hashed: str) -> str:
    return f"(%({name})s::text[])[1 + ({hashed}) %% cardinality(%({name})s::text[])]"


def _staff(ctx: GeneratorContext, before: int) -> None:
    sh = "sh.h"
    part = "abs(hashtextextended(f.name || '#' || k || '{}', %(seed)s))"
    full_name = f"""CASE WHEN {sh} %% 100 < 15 THEN {_pick("ede", part.format("e"))}
        WHEN {sh} %% 100 < 60 THEN {_pick("family", part.format("f"))} || ' '
             || {_pick("middle_f", part.format("m"))} || ' ' || {_pick("given_f", part.format("g"))}
        ELSE {_pick("family", part.format("f"))} || ' '
             || {_pick("middle_m", part.format("m"))} || ' ' || {_pick("given_m", part.format("g"))}
        END"""
    qualification = _pick("qualifications", part.format("q"))
    T = CivilServiceTitle
    Q = Qualification
    title = f"""CASE WHEN f.ownership <> 'public' THEN ''
        WHEN nm.q = '{Q.MASTER.value}' THEN '{T.GRADE_II.value}'
        WHEN nm.q = '{Q.BACHELOR.value}' THEN '{T.GRADE_III.value}'
        WHEN nm.q IN ('{Q.INTERMEDIATE.value}', '{Q.COLLEGE.value}') THEN '{T.GRADE_IV.value}'
        ELSE '' END"""
    social_worker = "(k <= plan.sw)"
    position = f"""CASE
        WHEN f.kind = 'commune_committee' THEN 'Công chức Văn hóa – Xã hội'
        WHEN f.kind = 'school' THEN CASE WHEN {social_worker}
             THEN 'Giáo viên phụ trách tư vấn học đường' ELSE 'Giáo viên' END
        WHEN f.kind = 'hospital' AND cat.name IS NULL THEN CASE WHEN {social_worker}
             THEN 'Nhân viên công tác xã hội' ELSE 'Điều dưỡng' END
        WHEN {social_worker} THEN {_pick("positions_sw", part.format("p"))}
        ELSE {_pick("positions_other", part.format("p"))} END"""
    # Each draw reads its own digits of the hash (h %% 100 picks the name).
    started = f"(date '2012-01-01' + ({sh} / 100 %% 4700)::int)"
    insert_select(
        StaffMember,
        {
            "full_name": "nm.full_name",
            "search_name": "vn_search_key(nm.full_name)",
            "facility_id": "f.id",
            "position": position,
            "qualification": "nm.q",
            "civil_service_title": title,
            "started_on": started,
            # One in twenty has left since.
            "left_on": f"CASE WHEN {sh} / 470000 %% 20 = 7"
            f" THEN {started} + 200 + ({sh} / 9400000 %% 500)::int END",
        },
        f"""facilities_facility f {STAFF_PLAN}
            CROSS JOIN LATERAL generate_series(1, plan.n) AS k
            CROSS JOIN LATERAL (SELECT {part.format("")} AS h OFFSET 0) sh
            CROSS JOIN LATERAL (SELECT {full_name} AS full_name,
                                       {qualification} AS q OFFSET 0) nm
           WHERE f.id > %(before)s
           ORDER BY f.name, k""",  # noqa: S608 (SQL from constants)
        {
            **_staff_params(ctx, before),
            "ede": EDE,
            "family": FAMILY,
            "middle_f": MIDDLE_F,
            "middle_m": MIDDLE_M,
            "given_f": GIVEN_F,
            "given_m": GIVEN_M,
            "qualifications": _weighted(QUALIFICATIONS),
            "positions_sw": POSITIONS_SW,
            "positions_other": POSITIONS_OTHER,
        },
    )


def _assignments(ctx: GeneratorContext, staff_before: int) -> None:
    """Each new staff member's social-work assignment, ending when they left;
    three in ten social workers who started before ASSIGNMENT_CHANGE took it
    on only then (none before), so a past period recomputes differently."""
    # k: the member's place in their unit, as the staff were inserted.
    # The new staff belong to new units only, so numbering them is enough.
    staff = f"""(SELECT *, row_number() OVER (PARTITION BY facility_id ORDER BY id) AS k
             FROM facilities_staffmember WHERE id > %(staff_before)s) s
        JOIN facilities_facility f ON f.id = s.facility_id
        {STAFF_PLAN}
        CROSS JOIN LATERAL (SELECT abs(hashtextextended(
            f.name || '#' || s.k || '/assignment', %(seed)s)) AS h OFFSET 0) ah
        CROSS JOIN LATERAL (SELECT s.k <= plan.sw AS sw,
            CASE WHEN plan.ft THEN '{SocialWorkAssignment.FULL_TIME.value}'
                 ELSE '{SocialWorkAssignment.PART_TIME.value}' END AS kind,
            (s.k <= plan.sw AND s.started_on < %(change)s AND ah.h %% 10 < 3) AS changed
            OFFSET 0) a"""  # noqa: S608 (SQL from constants)
    params = {
        **_staff_params(ctx, 0),
        "staff_before": staff_before,
        "change": ASSIGNMENT_CHANGE,
        "none": SocialWorkAssignment.NONE.value,
    }
    insert_select(
        StaffAssignment,
        {
            "staff_id": "s.id",
            "assignment": "CASE WHEN a.sw AND NOT a.changed THEN a.kind ELSE %(none)s END",
            "meets_allowance_rule": "a.sw AND NOT a.changed AND ah.h %% 10 >= 6",
            "valid_from": "s.started_on",
            "valid_to": "CASE WHEN a.changed THEN least(%(change)s::date - 1, s.left_on)"
            " ELSE s.left_on END",
        },
        staff + " ORDER BY s.id",
        params,
    )
    insert_select(
        StaffAssignment,
        {
            "staff_id": "s.id",
            "assignment": "a.kind",
            "meets_allowance_rule": "ah.h %% 10 >= 6",
            "valid_from": "%(change)s::date",
            "valid_to": "s.left_on",
        },
        staff + " WHERE a.changed AND (s.left_on IS NULL OR s.left_on >= %(change)s) ORDER BY s.id",
        params,
    )


def _working_day(start: str, days: int) -> str:
    """SQL for socialwork.calendar.workdays.add_working_days(start, days): the
    days-th working day after `start` by the holiday table."""
    return f"""(SELECT d::date FROM generate_series(({start}) + 1, ({start}) + {days * 2 + 20},
                                               interval '1 day') AS d
        LEFT JOIN workcalendar_publicholiday ph ON ph.date = d::date
        WHERE CASE WHEN ph.kind = 'working_day' THEN true WHEN ph.kind IS NOT NULL THEN false
                   ELSE extract(isodow FROM d) < 6 END
        ORDER BY d OFFSET {days - 1} LIMIT 1)"""  # noqa: S608 (SQL from constants)


def _stride(people: int) -> int:
    """A step coprime with `people`: ordinal g*stride mod people visits each
    person at most once, so no one is admitted twice (the exclusion constraint)."""
    stride = 1_000_003
    while math.gcd(stride, people) != 1:
        stride += 2
    return stride


def _residents(ctx: GeneratorContext) -> None:
    """Residents of the social assistance facilities, filling each in
    proportion to its free beds (never over), and a tenth more who stayed
    once and were discharged (so occupancy has a history)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM cases_beneficiary")
        first_person = cursor.fetchone()[0] - ctx.people + 1
        cursor.execute(
            """SELECT f.id, f.capacity - (SELECT count(*) FROM facilities_admission a
                                          WHERE a.facility_id = f.id AND a.status = 'resident')
                 FROM facilities_facility f
                WHERE f.is_active AND f.kind = ANY(%s) AND f.capacity IS NOT NULL
                ORDER BY f.name""",
            [sorted(k.value for k in SOCIAL_ASSISTANCE_KINDS)],
        )
        homes = [(pk, free) for pk, free in cursor.fetchall() if free > 0]
    if first_person < 1 or not homes:
        return
    free_beds = sum(free for _pk, free in homes)
    wanted = min(free_beds, max(MIN_RESIDENTS, ctx.scaled(RESIDENTS_PER_MILLION)), ctx.people // 20)
    shares = [min(free, wanted * free // free_beds) for _pk, free in homes]
    residents = sum(shares)
    total = residents + residents // 10
    if total < 1:
        return
    A, K, D = AdmissionStatus, AdmissionKind, DischargeReason
    h, came, left = "hh.h", "st.came", "st.left_on"
    kind = "st.kind"
    resident = "(g <= %(residents)s)"
    child = "(b.birth_date > current_date - interval '16 years')"
    ordinal = "(g::bigint * %(stride)s + %(offset)s) %% %(people)s"
    long_term = f"{kind} = '{K.LONG_TERM.value}'"
    emergency = f"{kind} = '{K.EMERGENCY.value}'"
    asked = f"({came} - 40)"
    reviewed = f"({asked} + 10)"
    posted = f"({reviewed} + 9)"
    appraised = f"({posted} + 7)"
    back_home = f"('{D.REINTEGRATED.value}', '{D.TURNED_16.value}')"
    handover = f"(NOT {resident} AND st.reason IN {back_home})"
    insert_select(
        Admission,
        {
            # Residents fill the slots; discharged stays were anywhere.
            "facility_id": "coalesce(sl.facility_id,"
            f" (%(homes)s::bigint[])[1 + {h} %% cardinality(%(homes)s::bigint[])])",
            "beneficiary_id": "b.id",
            "kind": kind,
            "status": f"CASE WHEN {resident} THEN '{A.RESIDENT.value}'"
            f" ELSE '{A.DISCHARGED.value}' END",
            "requested_on": f"CASE WHEN {long_term} THEN {asked} ELSE {came} END",
            "admitted_on": came,
            "reception_record_number": f"CASE WHEN {emergency}"
            f" THEN 'BBTN-' || extract(year FROM {came}) || '-' || g ELSE '' END",
            "abandoned_child": f"({emergency} AND {child} AND {h} %% 5 = 0)",
            "dossier_due_on": f"CASE WHEN {emergency} THEN {_working_day(came, 10)} END",
            "dossier_completed_on": f"CASE WHEN {emergency} AND current_date - {came} > 20"
            f" THEN {came} + 8 END",
            "public_notice_due_on": f"CASE WHEN {emergency} AND {child} AND {h} %% 5 = 0"
            f" THEN {_working_day(came, 25)} END",
            "public_notice_on": f"CASE WHEN {emergency} AND {child} AND {h} %% 5 = 0"
            f" AND current_date - {came} > 40 THEN {came} + 30 END",
            "commune_review_due_on": f"CASE WHEN {long_term} THEN {_working_day(asked, 10)} END",
            "commune_reviewed_on": f"CASE WHEN {long_term} THEN {reviewed} END",
            "posting_due_on": f"CASE WHEN {long_term} THEN {_working_day(reviewed, 7)} END",
            "posted_on": f"CASE WHEN {long_term} THEN {posted} END",
            "posting_without_hiv": long_term,
            "appraisal_due_on": f"CASE WHEN {long_term} THEN {_working_day(posted, 7)} END",
            "appraised_on": f"CASE WHEN {long_term} THEN {appraised} END",
            "decision_number": f"CASE WHEN {long_term} THEN g || '/QĐ-TT' ELSE '' END",
            "decision_on": f"CASE WHEN {long_term} THEN {appraised} + 2 END",
            "contract_number": f"CASE WHEN {kind} = '{K.VOLUNTARY.value}'"
            f" THEN 'HĐ-' || extract(year FROM {came}) || '-' || g ELSE '' END",
            "discharged_on": f"CASE WHEN NOT {resident} THEN {left} END",
            "discharge_reason": f"CASE WHEN NOT {resident} THEN st.reason ELSE '' END",
            "handover_record_number": f"CASE WHEN {handover}"
            f" THEN 'BBBG-' || extract(year FROM {left}) || '-' || g ELSE '' END",
            "handover_commune_id": f"CASE WHEN {handover} THEN b.commune_id END",
        },
        f"""generate_series(1, %(total)s) AS g
            JOIN cases_beneficiary b ON b.id = %(first)s + {ordinal}
            CROSS JOIN LATERAL (SELECT abs(hashtextextended(g::text || '/stay', %(seed)s)) AS h
                OFFSET 0) hh
            CROSS JOIN LATERAL (SELECT
                CASE WHEN NOT {resident} THEN '{K.EMERGENCY.value}'
                     WHEN {h} %% 100 < 70 THEN '{K.LONG_TERM.value}'
                     WHEN {h} %% 100 < 85 THEN '{K.EMERGENCY.value}'
                     WHEN {h} %% 100 < 93 THEN '{K.TEMPORARY.value}'
                     ELSE '{K.VOLUNTARY.value}' END AS kind,
                CASE WHEN {resident} THEN current_date - (1 + {h} %% 2500)::int
                     ELSE current_date - (10 + {h} %% 300)::int - (20 + ({h} / 7) %% 700)::int
                     END AS came,
                current_date - (10 + {h} %% 300)::int AS left_on,
                (%(reasons)s::text[])[1 + ({h} / 11) %% cardinality(%(reasons)s::text[])]
                    AS reason
                OFFSET 0) st
            LEFT JOIN (
                SELECT hm.facility_id, row_number() OVER (ORDER BY hm.i, s) AS slot
                  FROM unnest(%(homes)s::bigint[], %(shares)s::int[]) WITH ORDINALITY
                       AS hm(facility_id, share, i)
                 CROSS JOIN LATERAL generate_series(1, hm.share) AS s
            ) sl ON sl.slot = g
           ORDER BY g""",  # noqa: S608 (SQL from constants)
        {
            "seed": ctx.seed,
            "first": first_person,
            "people": ctx.people,
            "stride": _stride(ctx.people),
            "offset": ctx.seed * 7_654_321 % ctx.people,
            "total": total,
            "residents": residents,
            "homes": [pk for pk, _free in homes],
            "shares": shares,
            # Weighted as the demo's discharges: mostly back home.
            "reasons": [D.REINTEGRATED.value] * 5
            + [D.TURNED_16.value] * 2
            + [D.DIED.value] * 2
            + [D.TRANSFERRED.value],
        },
    )
