import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from socialwork.accounts.models import AccessLog
from socialwork.allowances import exports
from socialwork.allowances.models import PaymentList
from socialwork.allowances.services import emergencies, payment_lists
from tests.cases.factories import BeneficiaryFactory, HouseholdFactory, HouseholdPovertyFactory
from tests.exports import download_through_job
from tests.factories import (
    CollaboratorUserFactory,
    CommuneLeaderFactory,
    CommuneOfficialFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
    UserFactory,
)

from .factories import ApplicationFactory, EmergencyEventFactory, EntitlementFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def listed(commune_a):
    person = BeneficiaryFactory(commune=commune_a, full_name='=HYPERLINK("x")')
    EntitlementFactory(beneficiary=person)
    payment_lists.payment_lists_generate(
        actor=UserFactory(), month=D(2025, 5, 1), communes=[commune_a]
    )
    return PaymentList.objects.get(commune=commune_a)


def test_pages_need_login(client):
    assert client.get(reverse("allowances:home")).status_code == 302


def test_commune_home_overview_and_reports_render(client, commune_a, listed):
    client.force_login(CommuneOfficialFactory(area=commune_a))
    assert client.get(reverse("allowances:home")).status_code == 200
    staff = UserFactory()
    payment_lists.payment_lists_generate(
        actor=staff, month=timezone.localdate(), communes=[commune_a]
    )
    client.force_login(staff)
    page = client.get(reverse("allowances:home"))
    assert page.status_code == 200 and commune_a.name in page.content.decode()
    report = client.get(reverse("allowances:reports") + "?year=2025&half=1")
    assert report.status_code == 200 and "Mẫu 10a" in report.content.decode()


def test_leadership_sees_the_overview_but_not_the_list(client, listed):
    client.force_login(LeadershipUserFactory())
    assert client.get(reverse("allowances:home")).status_code == 200
    assert client.get(reverse("allowances:payment_list", args=[listed.pk])).status_code == 403
    assert (
        client.get(reverse("allowances:payment_list_export", args=[listed.pk, "xlsx"])).status_code
        == 403
    )


def test_other_commune_is_404_on_every_page(client, commune_b, listed):
    application = ApplicationFactory(beneficiary=BeneficiaryFactory(commune=listed.commune))
    client.force_login(CommuneOfficialFactory(area=commune_b))
    for name, args in (
        ("allowances:payment_list", [listed.pk]),
        ("allowances:payment_list_export", [listed.pk, "xlsx"]),
        ("allowances:application_detail", [application.pk]),
        ("allowances:application_new", [application.beneficiary_id]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name, args in (
        ("allowances:payment_list_lock", [listed.pk]),
        ("allowances:application_review", [application.pk]),
        ("allowances:application_decide", [application.pk]),
    ):
        assert client.post(reverse(name, args=args)).status_code == 404, name
    assert (
        client.get(reverse("allowances:posting") + f"?commune={listed.commune_id}").status_code
        == 404
    )


def test_payment_list_excel_is_formula_safe_and_logged(client, commune_a, listed):
    client.force_login(CommuneOfficialFactory(area=commune_a))
    response = client.get(reverse("allowances:payment_list_export", args=[listed.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == '=HYPERLINK("x")'
    assert sheet["A2"].data_type == "s"
    assert rows[1][6] == 750_000
    assert AccessLog.objects.filter(action="export", object_type="allowances.Payment").count() == 1


def test_payment_list_pdf_for_signature(client, commune_a, listed):
    client.force_login(CommuneOfficialFactory(area=commune_a))
    # A PDF takes seconds to lay out: a job on the worker, downloaded from its page.
    response, content = download_through_job(
        client, client.get(reverse("allowances:payment_list_export", args=[listed.pk, "pdf"]))
    )
    assert response["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith(f'{listed.month:%Y-%m}.pdf"')
    log = AccessLog.objects.get(action="export", object_type="allowances.Payment")
    assert log.detail.endswith("pdf")


def test_payment_list_pdf_embeds_the_shipped_font(commune_a, listed):
    content, people = exports.payment_list_pdf_bytes(listed, compress=False)
    assert content.startswith(b"%PDF") and people == 1
    # The subset of the shipped Liberation Serif, named after its CSS family.
    assert b"+PortalSerif" in content


def test_pdf_export_says_clearly_when_unavailable(client, commune_a, listed, monkeypatch):
    monkeypatch.setattr(exports, "pdf_available", lambda: False)
    client.force_login(CommuneOfficialFactory(area=commune_a))
    response = client.get(reverse("allowances:payment_list_export", args=[listed.pk, "pdf"]))
    assert response.status_code == 503
    assert "weasyprint" in response.content.decode()


def test_report_10a_excel(client, listed):
    client.force_login(UserFactory())
    response = client.get(reverse("allowances:report_10a_xlsx") + "?year=2025&half=1")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    older = next(r for r in rows if r[0].startswith("5.5a"))
    assert older[1:] == (1, 1, 0, 1, 750_000, 0, 750_000)


def test_the_whole_flow_on_pages(client, commune_a):
    household = HouseholdFactory(commune=commune_a)
    HouseholdPovertyFactory(household=household, year=2025)
    person = BeneficiaryFactory(commune=commune_a, household=household, birth_date=D(1950, 1, 1))
    client.force_login(CollaboratorUserFactory(area=commune_a))
    response = client.post(
        reverse("allowances:application_new", args=[person.pk]),
        {"group": "ND20-5.5a", "filed_on": "2025-09-01", "village": "Thôn 1", "children_count": 0},
    )
    assert response.status_code == 302
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    client.force_login(CommuneOfficialFactory(area=commune_a))
    client.post(
        reverse("allowances:application_review", args=[pk]),
        {"reviewed_on": "2025-09-03", "eligible": "1"},
    )
    posting = client.get(reverse("allowances:posting"))
    assert person.full_name in posting.content.decode()
    client.force_login(CommuneLeaderFactory(area=commune_a))
    client.post(
        reverse("allowances:application_decide", args=[pk]),
        {"decided_on": "2025-09-10", "approve": "1", "decision_number": "9/QĐ"},
    )
    response = client.post(reverse("allowances:payment_list_generate"), {"month": "2025-10-01"})
    page = client.get(response["Location"]).content.decode()
    assert person.full_name in page and "750.000" in page


def test_bad_application_input_keeps_the_form(client, commune_a):
    person = BeneficiaryFactory(commune=commune_a, birth_date=D(1990, 1, 1))
    client.force_login(CommuneOfficialFactory(area=commune_a))
    response = client.post(
        reverse("allowances:application_new", args=[person.pk]),
        {"group": "ND20-5.5a", "filed_on": "2025-09-01", "village": "Thôn 9", "children_count": 0},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "yêu cầu hộ nghèo/cận nghèo năm 2025" in body and "Thôn 9" in body


def test_the_person_page_records_the_account_they_are_paid_into(client, commune_a, listed):
    client.force_login(CommuneOfficialFactory(area=commune_a))
    page = client.get(reverse("allowances:payment_list", args=[listed.pk])).content.decode()
    person_id = listed.payments.get().beneficiary_id
    url = reverse("allowances:person", args=[person_id])
    assert url in page  # reached from the payment list
    set_url = reverse("allowances:payment_account_set", args=[person_id])
    refused = client.post(set_url, {"method": "bank", "bank_name": "Agribank"})
    assert refused.status_code == 400
    assert "Chuyển khoản cần số tài khoản." in refused.content.decode()
    response = client.post(
        set_url,
        {
            "method": "bank",
            "bank_name": "Agribank",
            "account_number": "3600205123456",
            "account_holder": "Nguyễn Văn A",
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    assert "3600205123456" in client.get(url).content.decode()
    # The next list pays into it.
    payment_lists.payment_lists_generate(
        actor=UserFactory(), month=D(2025, 5, 1), communes=[commune_a]
    )
    assert listed.payments.get().method == "bank"
    # A collaborator sees the page without the form, and may not post it.
    client.force_login(CollaboratorUserFactory(area=commune_a))
    assert set_url not in client.get(url).content.decode()
    assert client.post(set_url, {"method": "post_office"}).status_code == 403


def test_cards_issued_on_the_person_page_count_in_the_headline(client, commune_a, listed):
    staff = UserFactory()
    payment_lists.health_insurance_cards_list(actor=staff, listed_on=D(2025, 5, 1))
    client.force_login(staff)
    home = client.get(reverse("allowances:home")).content.decode()
    assert '<div class="tile" id="cards-issued"><strong>0</strong>' in home
    assert '<div class="tile" id="cards-listed"><strong>1</strong>' in home
    person_id = listed.payments.get().beneficiary_id
    client.force_login(CommuneLeaderFactory(area=commune_a))
    issue_url = reverse("allowances:card_issue", args=[person_id])
    assert issue_url in client.get(reverse("allowances:person", args=[person_id])).content.decode()
    refused = client.post(issue_url, {"card_number": "BT1", "issued_on": "2025-05-20"})
    assert refused.status_code == 400 and "13 chữ số" in refused.content.decode()
    response = client.post(
        issue_url,
        {"card_number": "BT2797924123456", "issued_on": "2025-05-20", "valid_to": "2025-12-31"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "BT2797924123456" in page and "20/05/2025" in page
    # Issued last May, it still counts: the headline counts the cards, as the lists do.
    client.force_login(staff)
    home = client.get(reverse("allowances:home")).content.decode()
    assert '<div class="tile" id="cards-issued"><strong>1</strong>' in home
    assert '<div class="tile" id="cards-listed"><strong>0</strong>' in home


def test_the_lock_button_follows_the_capability_table(client, commune_a, listed):
    url = reverse("allowances:payment_list", args=[listed.pk])
    lock = reverse("allowances:payment_list_lock", args=[listed.pk])
    client.force_login(CommuneLeaderFactory(area=commune_a))
    assert lock in client.get(url).content.decode()
    client.force_login(CollaboratorUserFactory(area=commune_a))
    assert lock not in client.get(url).content.decode()
    assert client.post(lock).status_code == 403


@pytest.fixture
def flood(commune_a, commune_b):
    """A flood in March 2025: two supports to one household in commune A
    (rice, an injury), one in commune B."""
    staff = UserFactory()
    event = EmergencyEventFactory(name="Lũ tháng 3/2025", started_on=D(2025, 3, 1))
    home_a, home_b = HouseholdFactory(commune=commune_a), HouseholdFactory(commune=commune_b)
    record = emergencies.emergency_support_record
    record(
        actor=staff,
        event=event,
        commune=commune_a,
        household=home_a,
        kind="rice",
        persons=3,
        months=2,
        decided_on=D(2025, 3, 5),
    )
    record(
        actor=staff,
        event=event,
        commune=commune_a,
        household=home_a,
        kind="injury",
        amount=5_000_000,
        decided_on=D(2025, 3, 5),
    )
    record(
        actor=staff,
        event=event,
        commune=commune_b,
        household=home_b,
        kind="rice",
        persons=2,
        months=1,
        decided_on=D(2025, 3, 6),
    )
    return event


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_report_10a_excel_ends_with_the_total(client, listed):
    client.force_login(UserFactory())
    rows = _sheet(client.get(reverse("allowances:report_10a_xlsx") + "?year=2025&half=1"))
    assert rows[0][0] == "Nhóm đối tượng (Điều 5 NĐ 20/2021)"
    assert rows[-1] == ("Tổng cộng", 1, 1, 0, 1, 750_000, 0, 750_000)


def test_report_10b_excel_rows_total_and_log(client, flood):
    client.force_login(UserFactory())
    rows = _sheet(client.get(reverse("allowances:report_10b_xlsx") + "?year=2025&half=1"))
    assert rows[0] == (
        "Sự kiện (thiên tai, hỏa hoạn, sự cố)",
        "Hình thức hỗ trợ (Điều 12–15 NĐ 20/2021)",
        "Số hộ được hỗ trợ",
        "Số người được hỗ trợ",
        "Gạo (kg)",
        "Kinh phí (đồng)",
    )
    assert len(rows) == 4  # header, injury, rice, total
    # Two households in all (commune A's counted once); 3×2×15 + 2×1×15 kg.
    assert rows[-1] == ("Tổng cộng", None, 2, 6, 120, 5_000_000)
    assert AccessLog.objects.filter(object_type="allowances.report_10b").count() == 1


def test_report_10b_a_commune_downloads_its_own(client, flood, commune_a):
    client.force_login(CommuneOfficialFactory(area=commune_a))
    rows = _sheet(client.get(reverse("allowances:report_10b_xlsx") + "?year=2025&half=1"))
    assert rows[-1] == ("Tổng cộng", None, 1, 4, 90, 5_000_000)


def test_report_10d_excel_sums_the_reports(client, listed, flood, commune_b):
    client.force_login(UserFactory())
    rows = _sheet(client.get(reverse("allowances:report_10d_xlsx") + "?year=2025&half=1"))
    values = {item: value for item, _unit, value in rows[1:]}
    assert rows[0] == ("Chỉ tiêu", "Đơn vị tính", "Số liệu")
    assert values["Số người được chi trả trợ cấp xã hội hằng tháng"] == 1
    assert values["Trợ giúp khẩn cấp: gạo"] == 120
    assert rows[-1] == ("Tổng kinh phí trợ giúp xã hội", "đồng", 750_000 + 5_000_000)
    # Commune B: its flood rice only, no allowance, no money.
    client.force_login(CommuneOfficialFactory(area=commune_b))
    rows = _sheet(client.get(reverse("allowances:report_10d_xlsx") + "?year=2025&half=1"))
    values = {item: value for item, _unit, value in rows[1:]}
    assert values["Trợ giúp khẩn cấp: gạo"] == 30
    assert values["Số người được chi trả trợ cấp xã hội hằng tháng"] == 0
    assert rows[-1][2] == 0


@pytest.mark.parametrize("code", ["10a", "10b", "10c", "10d"])
def test_every_report_is_a_download_on_the_page(client, listed, code):
    client.force_login(LeadershipUserFactory())
    page = client.get(reverse("allowances:reports") + "?year=2025&half=1").content.decode()
    url = reverse(f"allowances:report_{code}_xlsx") + "?year=2025&amp;half=1"
    assert f'id="download-{code}" href="{url}"' in page
    assert client.get(reverse(f"allowances:report_{code}_xlsx") + "?year=2025").status_code == 200


def test_reports_are_refused_to_facility_staff(client, flood):
    client.force_login(FacilityUserFactory())
    for code in ("10a", "10b", "10d"):
        assert client.get(reverse(f"allowances:report_{code}_xlsx")).status_code == 403
