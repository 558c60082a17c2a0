"""The annual report export (Excel and PDF): content, suppression, formula
safety, who may export, and the access log."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from socialwork.accounts.models import AccessLog
from socialwork.indicators import services
from socialwork.indicators.models import ComputationRun
from socialwork.indicators.periods import year_period
from tests.exports import download_through_job
from tests.factories import (
    CollaboratorUserFactory,
    CommuneFactory,
    CommuneOfficialFactory,
    FacilityUserFactory,
)

from .factories import IndicatorValueFactory

pytestmark = pytest.mark.django_db
YEAR = "?period=2025"


def _url(fmt):
    return reverse("indicators:report", args=[fmt]) + YEAR


def _rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _table(sheet, first_header="Mã"):
    rows = _rows(sheet)
    start = next(i for i, row in enumerate(rows) if row[0] == first_header)
    return rows[start], rows[start + 1 :]


def test_leadership_exports_every_indicator_with_targets(client, small_province, leadership):
    services.indicators_compute(period=year_period(2025))
    client.force_login(leadership)
    response = client.get(_url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('bao-cao-chi-tieu-ctxh-2025.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    first, communes = book.worksheets
    assert first["A1"].value == settings.PORTAL_DEPARTMENT_NAME
    assert "chỉ tiêu" in first["A2"].value
    assert "2025" in first["A3"].value and "01/01/2025" in first["A3"].value
    head, rows = _table(first)
    assert head[:8] == ["Mã", "Chỉ tiêu", "Đơn vị", "Tử số", "Mẫu số", "Kết quả"] + [
        "Mục tiêu 2025",
        "Mục tiêu 2030",
    ]
    by_code = {row[0]: row for row in rows if row[0]}
    for code in ("CTXH-01", "CTXH-02", "CTXH-03", "CTXH-04", "CTXH-05", "TGXH-966a"):
        assert code in by_code
    # CTXH-01: 3 of 6 units in scope staffed (conftest's hand-worked province).
    ctxh01 = by_code["CTXH-01"]
    assert (ctxh01[3], ctxh01[4], ctxh01[5]) == (3, 6, "50,0%")
    assert (ctxh01[6], ctxh01[7]) == (60, 90)  # the national defaults
    # Nobody flagged "no carer" in this province: 0 of 0, no rate, no status.
    assert by_code["TGXH-966a"][3:6] == [0, 0, None]
    # Commune sheet: one row per commune and computable indicator.
    _head, commune_rows = _table(communes)
    ctxh01_communes = {row[1]: row for row in commune_rows if row[0] == "CTXH-01"}
    a = small_province["a"]
    assert ctxh01_communes[a.name][2:5] == [2, 2, "100,0%"]  # commune + F1, both staffed
    log = AccessLog.objects.get(action="export", object_type="indicators.AnnualReport")
    assert log.user == leadership and "xlsx 2025" in log.detail


def test_department_exports_the_pdf(client, small_province, department):
    services.indicators_compute(period=year_period(2025))
    client.force_login(department)
    response, content = download_through_job(client, client.get(_url("pdf")))
    assert response["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF")
    assert AccessLog.objects.filter(action="export", detail__contains="pdf 2025").exists()


def test_the_html_of_the_pdf_has_the_ministry_layout(small_province, department):
    from socialwork.indicators import report

    services.indicators_compute(period=year_period(2025))
    content = report.annual_report(
        actor=department, unit=small_province["province"], period=year_period(2025)
    )
    page = report.to_html(content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    assert settings.PORTAL_DEPARTMENT_NAME.upper() in page
    assert "Biểu 1" in page and "Biểu 2" in page and "CTXH-05" in page
    assert "LiberationSerif-Regular.ttf" in page
    # The Vietnamese text is set in the embedded Liberation Serif, not a fallback.
    pdf = report.write_pdf(content, compress=False)
    assert pdf.startswith(b"%PDF") and b"+PortalSerif" in pdf


def test_small_counts_are_suppressed_in_the_export(
    client, province, commune_a, commune_b, commune_c, leadership
):
    # NET-BENEFICIARIES is sensitive: commune_a's 3 is hidden, and commune_b's
    # 57 too (secondary suppression: the province total would give it away).
    IndicatorValueFactory(code="NET-BENEFICIARIES", unit=commune_a, numerator=3, denominator=None)
    run = ComputationRun.objects.get()
    for commune, count in ((commune_b, 57), (commune_c, 120)):
        IndicatorValueFactory(
            code="NET-BENEFICIARIES", unit=commune, numerator=count, denominator=None, run=run
        )
    client.force_login(leadership)
    book = load_workbook(io.BytesIO(client.get(_url("xlsx")).content))
    _head, rows = _table(book.worksheets[1])
    cells = {row[1]: row[2] for row in rows if row[0] == "NET-BENEFICIARIES"}
    # One mark for every hidden cell: "<5" would be false of commune_b's 57.
    assert cells == {commune_a.name: "x", commune_b.name: "x", commune_c.name: 120}
    assert any("từ 1 đến 4" in str(row[0]) for row in rows if row[0])  # the rule
    _response, pdf = download_through_job(client, client.get(_url("pdf")))
    assert pdf.startswith(b"%PDF")


def test_text_that_looks_like_a_formula_stays_text(client, province, leadership):
    evil = CommuneFactory(parent=province, name='=HYPERLINK("http://x.example","bấm")')
    IndicatorValueFactory(code="NET-COLLABORATORS", unit=evil, numerator=2, denominator=None)
    client.force_login(leadership)
    book = load_workbook(io.BytesIO(client.get(_url("xlsx")).content))
    sheet = book.worksheets[1]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == evil.name)
    assert cell.data_type == "s"


@pytest.mark.parametrize(
    "make_user",
    [
        lambda p, a: CommuneOfficialFactory(area=a),
        lambda p, a: CollaboratorUserFactory(area=a),
        lambda p, a: FacilityUserFactory(area=p),
    ],
)
def test_other_roles_cannot_export(client, province, commune_a, make_user):
    client.force_login(make_user(province, commune_a))
    assert client.get(_url("xlsx")).status_code == 403
    assert client.get(_url("pdf")).status_code == 403
    assert not AccessLog.objects.filter(action="export").exists()


def test_bad_format_and_period(client, province, leadership):
    client.force_login(leadership)
    assert client.get(reverse("indicators:report", args=["docx"])).status_code == 404
    assert client.get(reverse("indicators:report", args=["xlsx"]) + "?period=x").status_code == 404


def test_anonymous_is_sent_to_login(client, province):
    response = client.get(_url("xlsx"))
    assert response.status_code == 302 and "login" in response.url


def test_dashboard_offers_the_export_to_leadership(client, province, leadership):
    client.force_login(leadership)
    page = client.get(reverse("indicators:dashboard") + YEAR).content.decode()
    assert reverse("indicators:report", args=["xlsx"]) in page
