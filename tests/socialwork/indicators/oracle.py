"""A second implementation of every indicator in the catalogue, in plain
Python over ORM objects, for the property tests (test_oracle.py).

Written from the catalogue's words (catalogue.py: numerator_text,
denominator_text) and DOMAIN.md §1, not from queries.py: where the two
disagree, one of them misreads the indicator and the test says where. It
loads the whole (small, generated) province into memory and decides each
person, unit and record with ordinary comparisons of dates, so a reader can
check every rule against the words beside it.

Rules used throughout (the intended semantics of issue 13):

- A period is the inclusive day range [start, end]; an instant belongs to
  it when its date in Vietnam's time zone does.
- "At period end" means on the last day. A person or unit that stopped ON
  the last day (collaborator left, staff member left, resident discharged,
  case closed) is no longer there at the end; a dated validity range with an
  inclusive end (category until, scope period valid_to, assignment
  valid_to) still covers its last day.
- In the register at period end: not merged into another record, entered
  the register (Beneficiary.registered_on) on or before the last day. A
  category counts from its `since`, or from registered_on when `since` is
  empty, until its `until`. Never the row's insert time (created_at).
- A child is under 16 on the last day (Law on Children Art. 1): with a
  birth date, the 16th birthday falls after the last day; with only a
  birth year, born in (end year − 15) or later (certainly under 16).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from cases.models import (
    NO_CARER_CATEGORY,
    Assessment,
    Beneficiary,
    BeneficiaryCategory,
    Case,
    CaseEvent,
    CasePlan,
    ServiceDelivery,
)
from cases.models.referrals import Referral, ReferralTransition
from collaborators.models import Attendance, Collaborator
from facilities.models import (
    RESIDENTIAL_KINDS,
    SOCIAL_ASSISTANCE_KINDS,
    Admission,
    Facility,
    FacilityKind,
    FacilityScopePeriod,
    StaffAssignment,
    StaffMember,
    ctxh01_group,
)
from socialwork.allowances.models import (
    AllowanceEntitlement,
    EmergencySupport,
    FuneralSupport,
    HealthInsuranceCard,
    Payment,
)
from socialwork.areas.models import AdministrativeUnit, CodeSet, Level
from socialwork.calendar.workdays import working_days_between
from socialwork.indicators.models import Baseline, OfficialDenominator
from socialwork.indicators.periods import Period

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PROGRAMME_START = datetime.date(2021, 1, 1)  # Decision 112's programme, 2021–2030
EMERGENCY_HOURS = datetime.timedelta(hours=12)

# (code, breakdown, unit id) → (numerator, denominator)
Cells = dict[tuple[str, str, int], tuple[int, int | None]]


def vn_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(VN).date()


def has_registered_on() -> bool:
    """Whether the register dates people (issue 13, item 1)."""
    return any(f.name == "registered_on" for f in Beneficiary._meta.get_fields())


def _month_last_day(first: datetime.date) -> datetime.date:
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def _sixteenth_birthday(birth: datetime.date) -> datetime.date:
    try:
        return birth.replace(year=birth.year + 16)
    except ValueError:  # born 29 February: 16 on 1 March
        return datetime.date(birth.year + 16, 3, 1)


@dataclass
class Province:
    """Everything the oracle reads, loaded once per period."""

    province_id: int
    communes: list[int]
    people: dict[int, Beneficiary]
    links: dict[int, list[BeneficiaryCategory]]
    facilities: dict[int, Facility]

    @classmethod
    def load(cls, province_id: int, period: Period) -> Province:
        communes = sorted(
            AdministrativeUnit.objects.filter(
                province_id=province_id, level=Level.COMMUNE, code_set=CodeSet.CURRENT
            )
            .exclude(valid_to__lt=period.start)
            .values_list("id", flat=True)
        )
        people = {b.pk: b for b in Beneficiary.objects.all()}
        links: dict[int, list[BeneficiaryCategory]] = defaultdict(list)
        for link in BeneficiaryCategory.objects.select_related("category"):
            links[link.beneficiary_id].append(link)
        facilities = {f.pk: f for f in Facility.objects.all()}
        return cls(province_id, communes, people, links, facilities)


class Oracle:
    def __init__(self, period: Period, province_id: int):
        self.period = period
        self.start, self.end = period.start, period.end
        self.p = Province.load(province_id, period)
        self.in_province = set(self.p.communes)
        self.dated = has_registered_on()

    # --- shared rules ------------------------------------------------------------

    def in_period(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def instant_in_period(self, moment: datetime.datetime | None) -> bool:
        return moment is not None and self.in_period(vn_date(moment))

    def registered_on(self, person: Beneficiary) -> datetime.date | None:
        return getattr(person, "registered_on", None) if self.dated else None

    def in_register(self, person: Beneficiary) -> bool:
        if person.merged_into_id is not None or person.commune_id not in self.in_province:
            return False
        registered = self.registered_on(person)
        return registered is None or registered <= self.end

    def category_at_end(self, person: Beneficiary, link: BeneficiaryCategory) -> bool:
        since = link.since or self.registered_on(person)
        return (since is None or since <= self.end) and (
            link.until is None or link.until >= self.end
        )

    def categories_at_end(self, person: Beneficiary) -> list[BeneficiaryCategory]:
        if not self.in_register(person):
            return []
        return [link for link in self.p.links[person.pk] if self.category_at_end(person, link)]

    def child_at_end(self, person: Beneficiary) -> bool:
        if person.birth_date is not None:
            return _sixteenth_birthday(person.birth_date) > self.end
        return person.birth_year is not None and person.birth_year >= self.end.year - 15

    def collaborator_active(self, k: Collaborator) -> bool:
        return k.started_on <= self.end and (k.ended_on is None or k.ended_on > self.end)

    def staff_doing_ctxh(self, s: StaffMember, assignments: list[StaffAssignment]) -> bool:
        employed = s.started_on <= self.end and (s.left_on is None or s.left_on > self.end)
        return employed and any(
            a.assignment in ("full_time", "part_time")
            and a.valid_from <= self.end
            and (a.valid_to is None or a.valid_to >= self.end)
            for a in assignments
        )

    def covers_end(self, scope: FacilityScopePeriod) -> bool:
        return scope.valid_from <= self.end and (
            scope.valid_to is None or scope.valid_to >= self.end
        )

    def stay_touches_period(self, a: Admission) -> bool:
        """Lived there at least one day of the period: [admitted_on, discharged_on)."""
        return (
            a.admitted_on is not None
            and a.admitted_on <= self.end
            and (a.discharged_on is None or a.discharged_on > self.start)
        )

    # --- the result -----------------------------------------------------------------

    def cells(self) -> Cells:
        out: Cells = {}
        for code, compute in self.indicators().items():
            for (breakdown, unit), value in compute().items():
                out[(code, breakdown, unit)] = value
        return out

    def indicators(self):
        funcs = {
            "CTXH-01": self.ctxh01,
            "CTXH-02": self.ctxh02,
            "CTXH-04": self.ctxh04,
            "CTXH-05": self.ctxh05,
            "TGXH-966a": self.tgxh966a,
            "KPI-12H": self.kpi_12h,
            "KPI-PLAN5": self.kpi_plan5,
            "KPI-APPROVE2": self.kpi_approve2,
            "KPI-REFERRAL": self.kpi_referral,
            "NET-BENEFICIARIES": self.net_beneficiaries,
            "NET-COLLABORATORS": self.net_collaborators,
            "NET-NO-COLLABORATOR": self.net_no_collaborator,
            "NET-RESIDENTS": self.net_residents,
            "NET-OPEN-CASES": self.net_open_cases,
            "NET-SERVICES": self.net_services,
        }
        if self.period.kind == "year":
            funcs["CTXH-03"] = self.ctxh03
        return funcs

    def _rate(self, hits: dict[int, set], pool: dict[int, set]) -> dict:
        """Commune rows and the province row of a rate: numerator ⊆ pool."""
        out = {}
        for commune in self.p.communes:
            out[("", commune)] = (len(hits.get(commune, ())), len(pool.get(commune, ())))
        out[("", self.p.province_id)] = (
            sum(len(v) for v in hits.values()),
            sum(len(v) for v in pool.values()),
        )
        return out

    def _count(self, counted: dict[int, int]) -> dict:
        out = {("", c): (counted.get(c, 0), None) for c in self.p.communes}
        out[("", self.p.province_id)] = (sum(counted.values()), None)
        return out

    def _official(self, code: str, rows: dict) -> dict:
        """Official statistics replace a register denominator where entered for
        the period's year, unless the register itself already holds more
        people than the official figure (then that figure is outdated and
        the register-based rate is the one shown: issue 13, item 2)."""
        entered = dict(
            OfficialDenominator.objects.filter(code=code, year=self.period.year).values_list(
                "unit_id", "value"
            )
        )
        out = {}
        for (breakdown, unit), (numerator, register) in rows.items():
            official = entered.get(unit) if breakdown == "" else None
            out[(breakdown, unit)] = (
                numerator,
                official if official is not None and official >= register else register,
            )
        return out

    # --- Decision 112 ----------------------------------------------------------------

    def _collaborators_by_commune(self) -> dict[int, list[Collaborator]]:
        by: dict[int, list[Collaborator]] = defaultdict(list)
        for k in Collaborator.objects.select_related("user"):
            if k.user.area_id in self.in_province and self.collaborator_active(k):
                by[k.user.area_id].append(k)
        return by

    def _ctxh_staff(self) -> list[StaffMember]:
        assignments: dict[int, list[StaffAssignment]] = defaultdict(list)
        for a in StaffAssignment.objects.all():
            assignments[a.staff_id].append(a)
        return [
            s
            for s in StaffMember.objects.all()
            if self.p.facilities[s.facility_id].commune_id in self.in_province
            and self.staff_doing_ctxh(s, assignments[s.pk])
        ]

    def ctxh01(self) -> dict:
        """Units in scope on the last day (every commune; facilities with a
        CTXH-01 scope period covering it, commune committees being the
        communes themselves) with ≥1 active collaborator (communes) or staff
        member doing social work (other units), by commune and by unit type."""
        collaborators = self._collaborators_by_commune()
        staffed_facilities = {s.facility_id for s in self._ctxh_staff()}
        in_scope = {
            p.facility_id
            for p in FacilityScopePeriod.objects.filter(in_ctxh01_scope=True)
            if self.covers_end(p)
        }
        units: list[tuple[int, str, bool]] = [
            (c, "commune", bool(collaborators.get(c))) for c in self.p.communes
        ]
        for f in self.p.facilities.values():
            if (
                f.pk in in_scope
                and f.kind != FacilityKind.COMMUNE_COMMITTEE
                and f.commune_id in self.in_province
            ):
                units.append((f.commune_id, str(ctxh01_group(f.kind)), f.pk in staffed_facilities))
        out: dict = {}
        for key_of in (
            lambda u: ("", u[0]),
            lambda u: (u[1], u[0]),
            lambda u: ("", self.p.province_id),
            lambda u: (u[1], self.p.province_id),
        ):
            for unit in units:
                key = key_of(unit)
                numerator, denominator = out.get(key, (0, 0))
                out[key] = (numerator + unit[2], denominator + 1)
        return out

    def ctxh02(self) -> dict:
        """Facilities in the planning list on the last day; of them those with
        a CTXH unit or team, or ≥1 CTXH service they provided in the period."""
        planned = {
            p.facility_id
            for p in FacilityScopePeriod.objects.filter(in_ctxh02_plan=True)
            if self.covers_end(p)
        }
        serving = {
            s.provider_id
            for s in ServiceDelivery.objects.select_related("service_type")
            if s.provider_id
            and s.service_type.counts_as_ctxh_service
            and self.in_period(s.delivered_on)
        }
        pool: dict[int, set] = defaultdict(set)
        hits: dict[int, set] = defaultdict(set)
        for f in self.p.facilities.values():
            if f.pk in planned and f.commune_id in self.in_province:
                pool[f.commune_id].add(f.pk)
                if f.has_social_work_unit or f.pk in serving:
                    hits[f.commune_id].add(f.pk)
        return self._rate(hits, pool)

    def ctxh03(self) -> dict:
        """Each person once: ≥1 CTXH service in the year, a case open at some
        time during it (reported by its end, not closed before its start) or
        a referral sent in it (a cancelled referral connected nobody). Over
        the baseline entered for 2020 (years to 2025) or 2025 (from 2026)."""
        helped: set[int] = set()
        for s in ServiceDelivery.objects.select_related("service_type"):
            if s.service_type.counts_as_ctxh_service and self.in_period(s.delivered_on):
                helped.add(s.beneficiary_id)
        for k in Case.objects.all():
            reported = vn_date(k.reported_at)
            if reported <= self.end and (k.closed_on is None or k.closed_on >= self.start):
                helped.add(k.beneficiary_id)
        for r in Referral.objects.all():
            if r.status != "cancelled" and self.instant_in_period(r.sent_at):
                helped.add(r.beneficiary_id)
        by: dict[int, int] = defaultdict(int)
        for pid in helped:
            person = self.p.people[pid]
            if person.merged_into_id is None and person.commune_id in self.in_province:
                by[person.commune_id] += 1
        base_year = 2020 if self.period.year <= 2025 else 2025
        baselines = {
            unit: int(value)
            for unit, value in Baseline.objects.filter(code="CTXH-03", year=base_year).values_list(
                "unit_id", "value"
            )
        }
        out = self._count(by)
        return {key: (n, baselines.get(key[1])) for key, (n, _none) in out.items()}

    def ctxh04(self) -> dict:
        """Active CTXH staff and collaborators on the last day, by where they
        work; trained: ≥1 completed course ending from 1/1/2021 to the last
        day (cumulative over the programme)."""
        trained_collaborators, trained_staff = set(), set()
        for a in Attendance.objects.select_related("course"):
            if a.completed and PROGRAMME_START <= a.course.ends_on <= self.end:
                if a.collaborator_id:
                    trained_collaborators.add(a.collaborator_id)
                if a.staff_member_id:
                    trained_staff.add(a.staff_member_id)
        pool: dict[int, set] = defaultdict(set)
        hits: dict[int, set] = defaultdict(set)
        for commune, people in self._collaborators_by_commune().items():
            for k in people:
                pool[commune].add(("k", k.pk))
                if k.pk in trained_collaborators:
                    hits[commune].add(("k", k.pk))
        for s in self._ctxh_staff():
            commune = self.p.facilities[s.facility_id].commune_id
            pool[commune].add(("s", s.pk))
            if s.pk in trained_staff:
                hits[commune].add(("s", s.pk))
        return self._rate(hits, pool)

    def _assisted(self) -> set[int]:
        """Who had assistance (an allowance in force, a paid allowance month,
        a BHYT card in force, funeral or emergency support, care in a
        facility) or a CTXH service in the period (CTXH-05's words)."""
        people: set[int] = set()
        for s in ServiceDelivery.objects.select_related("service_type"):
            t = s.service_type
            if (t.counts_as_assistance or t.counts_as_ctxh_service) and self.in_period(
                s.delivered_on
            ):
                people.add(s.beneficiary_id)
        for e in AllowanceEntitlement.objects.all():
            last_day = None if e.end_month is None else _month_last_day(e.end_month)
            if e.start_month <= self.end and (last_day is None or last_day >= self.start):
                people.add(e.beneficiary_id)
        for p in Payment.objects.select_related("payment_list"):
            if p.payment_list.status == "locked" and (
                p.month <= self.end and _month_last_day(p.month) >= self.start
            ):
                people.add(p.beneficiary_id)
        # A free card counts from its listing: the entitlement runs from the
        # decision, whenever social insurance prints the card (DOMAIN §1, Decree 20 Art. 9).
        for c in HealthInsuranceCard.objects.all():
            if c.listed_on <= self.end and (c.valid_to is None or c.valid_to >= self.start):
                people.add(c.beneficiary_id)
        for f in FuneralSupport.objects.all():
            if self.in_period(f.paid_on):
                people.add(f.beneficiary_id)
        members: dict[int, set[int]] = defaultdict(set)
        for person in self.p.people.values():
            if person.household_id:
                members[person.household_id].add(person.pk)
        for s in EmergencySupport.objects.all():
            if self.in_period(s.paid_on or s.decided_on):
                if s.beneficiary_id:
                    people.add(s.beneficiary_id)
                elif s.household_id:
                    people |= members[s.household_id]
        for a in Admission.objects.all():
            if self.stay_touches_period(a):
                people.add(a.beneficiary_id)
        return people

    def ctxh05(self) -> dict:
        """Priority children (a priority_child category on the last day) under
        16 on the last day, in the register; helped: assistance or a CTXH
        service in the period. Denominator: the official figure where
        entered and not below the register, else the register."""
        assisted = self._assisted()
        pool: dict[int, set] = defaultdict(set)
        hits: dict[int, set] = defaultdict(set)
        for person in self.p.people.values():
            if not self.child_at_end(person):
                continue
            if not any(link.category.priority_child for link in self.categories_at_end(person)):
                continue
            pool[person.commune_id].add(person.pk)
            if person.pk in assisted:
                hits[person.commune_id].add(person.pk)
        return self._official("CTXH-05", self._rate(hits, pool))

    def tgxh966a(self) -> dict:
        """People in the no-carer category on the last day, in the register;
        helped: lived in a social assistance facility ≥1 day of the period,
        or ≥1 service such a facility provided in it."""
        cared = {
            a.beneficiary_id
            for a in Admission.objects.all()
            if self.p.facilities[a.facility_id].kind in SOCIAL_ASSISTANCE_KINDS
            and self.stay_touches_period(a)
        }
        served = {
            s.beneficiary_id
            for s in ServiceDelivery.objects.all()
            if s.provider_id
            and self.p.facilities[s.provider_id].kind in SOCIAL_ASSISTANCE_KINDS
            and self.in_period(s.delivered_on)
        }
        pool: dict[int, set] = defaultdict(set)
        hits: dict[int, set] = defaultdict(set)
        for person in self.p.people.values():
            if any(
                link.category.code == NO_CARER_CATEGORY for link in self.categories_at_end(person)
            ):
                pool[person.commune_id].add(person.pk)
                if person.pk in cared | served:
                    hits[person.commune_id].add(person.pk)
        return self._official("TGXH-966a", self._rate(hits, pool))

    # --- statutory deadlines -------------------------------------------------------------

    def kpi_12h(self) -> dict:
        """Emergency child cases reported in the period; in time: an emergency
        intervention or temporary separation within 12 hours of the report
        (clock hours, nights and holidays included)."""
        answers: dict[int, list[datetime.datetime]] = defaultdict(list)
        for e in CaseEvent.objects.filter(kind__in=["emergency", "separation"]):
            answers[e.case_id].append(e.occurred_at)
        pool: dict[int, set] = defaultdict(set)
        hits: dict[int, set] = defaultdict(set)
        for k in Case.objects.all():
            if not (k.needs_emergency_protection and self.instant_in_period(k.reported_at)):
                continue
            if k.commune_id not in self.in_province:
                continue
            pool[k.commune_id].add(k.pk)
            if any(at - k.reported_at <= EMERGENCY_HOURS for at in answers[k.pk]):
                hits[k.commune_id].add(k.pk)
        return self._rate(hits, pool)

    def kpi_plan5(self) -> dict:
        """Needs assessments (and re-assessments) of child cases concluded in
        the period; in time: a plan of the case submitted on or after the
        assessment day and within 5 working days of it."""
        submitted: dict[int, list[datetime.date]] = defaultdict(list)
        for plan in CasePlan.objects.exclude(submitted_at=None):
            submitted[plan.case_id].append(vn_date(plan.submitted_at))
        cases = {k.pk: k for k in Case.objects.all()}
        pool: dict[int, set] = defaultdict(set)
        hits: dict[int, set] = defaultdict(set)
        for a in Assessment.objects.filter(kind__in=["needs", "reassessment"]):
            k = cases[a.case_id]
            if not (k.is_child_protection and self.in_period(a.assessed_on)):
                continue
            if k.commune_id not in self.in_province:
                continue
            pool[k.commune_id].add(a.pk)
            if any(
                day >= a.assessed_on and working_days_between(a.assessed_on, day) <= 5
                for day in submitted[a.case_id]
            ):
                hits[k.commune_id].add(a.pk)
        return self._rate(hits, pool)

    def kpi_approve2(self) -> dict:
        """Plans submitted in the period; in time: approved within 2 working
        days of submission (Vietnam dates)."""
        cases = {k.pk: k for k in Case.objects.all()}
        pool: dict[int, set] = defaultdict(set)
        hits: dict[int, set] = defaultdict(set)
        for plan in CasePlan.objects.all():
            if not self.instant_in_period(plan.submitted_at):
                continue
            commune = cases[plan.case_id].commune_id
            if commune not in self.in_province:
                continue
            pool[commune].add(plan.pk)
            if (
                plan.approved_at is not None
                and working_days_between(vn_date(plan.submitted_at), vn_date(plan.approved_at)) <= 2
            ):
                hits[commune].add(plan.pk)
        return self._rate(hits, pool)

    def kpi_referral(self) -> dict:
        """Urgent and emergency referrals sent in the period (a cancelled one
        was withdrawn, not answered late); in time: accepted (a dated
        'accepted' step) by its response deadline."""
        accepted: dict[int, list[datetime.datetime]] = defaultdict(list)
        for t in ReferralTransition.objects.filter(to_status="accepted"):
            accepted[t.referral_id].append(t.at)
        pool: dict[int, set] = defaultdict(set)
        hits: dict[int, set] = defaultdict(set)
        for r in Referral.objects.all():
            if r.urgency not in ("urgent", "emergency") or r.status == "cancelled":
                continue
            if not self.instant_in_period(r.sent_at) or r.commune_id not in self.in_province:
                continue
            pool[r.commune_id].add(r.pk)
            if r.response_due_at is not None and any(
                at <= r.response_due_at for at in accepted[r.pk]
            ):
                hits[r.commune_id].add(r.pk)
        return self._rate(hits, pool)

    # --- network figures ---------------------------------------------------------------

    def net_beneficiaries(self) -> dict:
        """People in the register by category on the last day; "" counts each
        person once, whatever their categories."""
        out: dict = {}
        people: dict[int, int] = defaultdict(int)
        for person in self.p.people.values():
            links = self.categories_at_end(person)
            if not links:
                continue
            people[person.commune_id] += 1
            for code in {link.category.code for link in links}:
                for unit in (person.commune_id, self.p.province_id):
                    n, _none = out.get((code, unit), (0, None))
                    out[(code, unit)] = (n + 1, None)
        return out | self._count(people)

    def net_collaborators(self) -> dict:
        return self._count({c: len(v) for c, v in self._collaborators_by_commune().items()})

    def net_no_collaborator(self) -> dict:
        staffed = self._collaborators_by_commune()
        return self._count({c: int(not staffed.get(c)) for c in self.p.communes})

    def net_residents(self) -> dict:
        """People living in a residential facility on the last day (a
        discharge on the last day ends the stay), over the facilities' beds."""
        beds: dict[int, int] = defaultdict(int)
        residential = set()
        for f in self.p.facilities.values():
            residential_here = f.kind in RESIDENTIAL_KINDS and f.capacity is not None
            if residential_here and f.commune_id in self.in_province:
                beds[f.commune_id] += f.capacity
                residential.add(f.pk)
        residents: dict[int, int] = defaultdict(int)
        for a in Admission.objects.all():
            if (
                a.facility_id in residential
                and a.admitted_on is not None
                and a.admitted_on <= self.end
                and (a.discharged_on is None or a.discharged_on > self.end)
            ):
                residents[self.p.facilities[a.facility_id].commune_id] += 1
        out = {("", c): (residents.get(c, 0), beds.get(c, 0)) for c in self.p.communes}
        out[("", self.p.province_id)] = (sum(residents.values()), sum(beds.values()))
        return out

    def net_open_cases(self) -> dict:
        """Cases open on the last day: reported by then, not closed on or before it."""
        by: dict[int, int] = defaultdict(int)
        for k in Case.objects.all():
            reported = vn_date(k.reported_at) <= self.end
            still_open = k.closed_on is None or k.closed_on > self.end
            if k.commune_id in self.in_province and reported and still_open:
                by[k.commune_id] += 1
        return self._count(by)

    def net_services(self) -> dict:
        """Service records (not people) dated in the period, where given."""
        by: dict[int, int] = defaultdict(int)
        for s in ServiceDelivery.objects.all():
            if s.commune_id in self.in_province and self.in_period(s.delivered_on):
                by[s.commune_id] += 1
        return self._count(by)
