"""Report 10c (care in social assistance facilities), worked by hand.

The first half of 2025 in calendar months (1/1 – 30/6/2025), the national
standard 500,000 đồng (Decree 76/2024, seeded). Care funding per month
(Art. 25): 5.0 × 500,000 = 2,500,000 under 4, 4.0 × 500,000 = 2,000,000 from 4.

Facility "general" (F1):
- D, born 1940 (year only), long-term since 1/5/2023, died 15/1/2025:
  at the start, discharged (died); January: 2,000,000.
- C, born 1/6/1950, emergency 20/2/2025, home 10/4/2025: admitted
  (emergency), discharged (home); Feb, Mar, Apr: 6,000,000.
- E, born 1945, voluntary (contract) from 15/1/2025: admitted, at the end,
  60+, voluntary; no state funding.
- G (commune B), especially severe disability, born 1990, emergency from
  1/3/2025: admitted (emergency), at the end, disabled; Mar–Jun: 8,000,000.
- H left on 31/12/2024 and a dossier never admitted: not counted.
F1: at start 1 + admitted 3 − discharged 2 = at end 2; 8 months, 16,000,000.

Facility "children" (F2):
- A, born 10/3/2022, long-term since 5/10/2024: under 4 all half-year:
  6 × 2,500,000 = 15,000,000.
- B, born 20/4/2021, emergency since 1/12/2024, turns 4 in April (age at
  the month's end): Jan–Mar 3 × 2,500,000 + Apr–Jun 3 × 2,000,000 = 13,500,000.
F2: at start 2, at end 2 (both children); 12 months, 28,500,000.
"""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from facilities.models import FacilityKind
from socialwork.accounts.models import AccessLog
from socialwork.allowances import exports, reports
from tests.cases.factories import BeneficiaryFactory
from tests.exports import download_through_job
from tests.facilities.factories import AdmissionFactory, FacilityFactory
from tests.factories import (
    CommuneOfficialFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
HALF = reports.report_period(2025, 1, cutoff_day=1)


def _long_term(**fields):
    return AdmissionFactory(
        kind="long_term",
        reception_record_number="",
        commune_reviewed_on=D(2023, 4, 1),
        posted_on=D(2023, 4, 10),
        posting_without_hiv=True,
        appraised_on=D(2023, 4, 20),
        decision_on=D(2023, 4, 25),
        decision_number="12/QĐ-TTBTXH",
        **fields,
    )


@pytest.fixture
def facilities(commune_a, commune_b):
    general = FacilityFactory(name="Trung tâm Bảo trợ xã hội tỉnh", commune=commune_a)
    children = FacilityFactory(
        name="Làng trẻ em", kind=FacilityKind.CHILDREN_CARE, commune=commune_a
    )

    def person(**fields):
        return BeneficiaryFactory(commune=fields.pop("commune", commune_a), **fields)

    _long_term(
        facility=general,
        beneficiary=person(birth_date=None, birth_year=1940),
        requested_on=D(2023, 4, 1),
        admitted_on=D(2023, 5, 1),
        status="discharged",
        discharged_on=D(2025, 1, 15),
        discharge_reason="died",
    )
    AdmissionFactory(
        facility=general,
        beneficiary=person(birth_date=D(1950, 6, 1)),
        requested_on=D(2025, 2, 20),
        admitted_on=D(2025, 2, 20),
        status="discharged",
        discharged_on=D(2025, 4, 10),
        discharge_reason="reintegrated",
    )
    AdmissionFactory(
        facility=general,
        beneficiary=person(birth_date=D(1945, 8, 8)),
        kind="voluntary",
        contract_number="HĐ-01",
        requested_on=D(2025, 1, 15),
        admitted_on=D(2025, 1, 15),
    )
    AdmissionFactory(
        facility=general,
        beneficiary=person(
            commune=commune_b, birth_date=D(1990, 2, 2), disability_level="especially_severe"
        ),
        requested_on=D(2025, 3, 1),
        admitted_on=D(2025, 3, 1),
    )
    AdmissionFactory(
        facility=general,
        beneficiary=person(birth_date=D(1948, 1, 1)),
        requested_on=D(2024, 1, 1),
        admitted_on=D(2024, 1, 1),
        status="discharged",
        discharged_on=D(2024, 12, 31),
        discharge_reason="reintegrated",
    )
    AdmissionFactory(
        facility=general,
        beneficiary=person(birth_date=D(1952, 1, 1)),
        status="dossier",
        requested_on=D(2025, 3, 1),
        admitted_on=None,
        reception_record_number="",
    )
    _long_term(
        facility=children,
        beneficiary=person(birth_date=D(2022, 3, 10)),
        requested_on=D(2024, 9, 1),
        admitted_on=D(2024, 10, 5),
        status="resident",
    )
    AdmissionFactory(
        facility=children,
        beneficiary=person(birth_date=D(2021, 4, 20)),
        requested_on=D(2024, 12, 1),
        admitted_on=D(2024, 12, 1),
    )
    return general, children


def _figures(row):
    return {key: row[key] for key in reports.REPORT_10C_FIGURES}


def test_10c_worked_by_hand_for_the_department(facilities):
    general, children = facilities
    report = reports.report_10c(actor=UserFactory(), period=HALF)
    rows = {row["facility_id"]: _figures(row) for row in report["rows"]}
    assert rows[general.pk] == {
        "at_start": 1,
        "admitted": 3,
        "admitted_emergency": 2,
        "discharged": 2,
        "discharged_home": 1,
        "discharged_died": 1,
        "at_end": 2,
        "at_end_children": 0,
        "at_end_older": 1,
        "at_end_disabled": 1,
        "at_end_long_term": 0,
        "at_end_voluntary": 1,
        "care_months": 8,
        "funding": 16_000_000,
    }
    assert rows[children.pk] == {
        "at_start": 2,
        "admitted": 0,
        "admitted_emergency": 0,
        "discharged": 0,
        "discharged_home": 0,
        "discharged_died": 0,
        "at_end": 2,
        "at_end_children": 2,
        "at_end_older": 0,
        "at_end_disabled": 0,
        "at_end_long_term": 1,
        "at_end_voluntary": 0,
        "care_months": 12,
        "funding": 28_500_000,
    }
    total = report["total"]
    assert (total["at_start"], total["at_end"], total["care_months"], total["funding"]) == (
        3,
        4,
        20,
        44_500_000,
    )
    assert (report["first_month"], report["last_month"]) == (D(2025, 1, 1), D(2025, 6, 1))


def test_10c_a_year_and_the_15th_cut_off(facilities):
    general, children = facilities
    # 15/12/2024 – 14/12/2025: the months January – December 2025.
    report = reports.report_10c(actor=UserFactory(), period=reports.report_period(2025))
    rows = {row["facility_id"]: row for row in report["rows"]}
    # A (under 4 all year): 12 × 2,500,000; B: 3 × 2,500,000 + 9 × 2,000,000.
    assert rows[children.pk]["funding"] == 30_000_000 + 25_500_000
    # G stays Mar–Dec now: 10 months; C 3, D 1.
    assert (rows[general.pk]["care_months"], rows[general.pk]["funding"]) == (14, 28_000_000)


def test_10c_a_commune_sees_its_own_people_only(facilities, commune_a):
    general, _children = facilities
    report = reports.report_10c(actor=CommuneOfficialFactory(area=commune_a), period=HALF)
    row = next(r for r in report["rows"] if r["facility_id"] == general.pk)
    # G (commune B) is left out.
    assert (row["admitted"], row["admitted_emergency"], row["at_end"], row["at_end_disabled"]) == (
        2,
        1,
        1,
        0,
    )
    assert (row["care_months"], row["funding"]) == (4, 8_000_000)


def test_10c_query_count_is_fixed(facilities, django_assert_num_queries):
    actor = UserFactory()
    with django_assert_num_queries(2):
        reports.report_10c(actor=actor, period=HALF)


def test_10c_excel_has_the_total_row_and_is_logged(client, facilities):
    client.force_login(UserFactory())
    response = client.get(reverse("allowances:report_10c_xlsx") + "?year=2025&half=1")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[-1][0] == "Tổng cộng"
    # The page's period runs 15/12/2024 – 14/6/2025: H (left 31/12/2024) is
    # now at the start and discharged home; the funded months stay January–June.
    assert rows[-1][2:] == (4, 3, 2, 3, 2, 1, 4, 2, 1, 1, 1, 1, 20, 44_500_000)
    assert AccessLog.objects.filter(object_type="allowances.report_10c").count() == 1


def test_10c_pdf_for_signature(client, facilities):
    client.force_login(UserFactory())
    response, content = download_through_job(
        client, client.get(reverse("allowances:report_10c_pdf") + "?year=2025&half=1")
    )
    assert content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith('.pdf"')
    assert AccessLog.objects.get(object_type="allowances.report_10c").detail.endswith("pdf")


def test_10c_pdf_says_clearly_when_unavailable(client, facilities, monkeypatch):
    monkeypatch.setattr(exports, "pdf_available", lambda: False)
    client.force_login(UserFactory())
    response = client.get(reverse("allowances:report_10c_pdf") + "?year=2025&half=1")
    assert response.status_code == 503


def test_10c_on_the_report_page_and_the_api(client, facilities):
    client.force_login(LeadershipUserFactory())
    page = client.get(reverse("allowances:reports") + "?year=2025&half=1")
    assert page.status_code == 200 and "Mẫu 10c" in page.content.decode()
    api = client.get("/api/v1/allowance-reports/report-10c/?year=2025&half=1&cutoff_day=1")
    assert api.status_code == 200 and api.json()["total"]["funding"] == 44_500_000


def test_10c_refused_to_facility_staff(client, facilities):
    client.force_login(FacilityUserFactory())
    assert client.get(reverse("allowances:report_10c_xlsx") + "?year=2025").status_code == 403
