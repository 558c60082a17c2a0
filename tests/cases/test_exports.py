import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Category
from socialwork.accounts.models import AccessLog
from tests.cases.factories import BeneficiaryCategoryFactory, BeneficiaryFactory


def _people(commune_a, commune_b):
    hiv = BeneficiaryFactory(commune=commune_a, full_name="=HYPERLINK(\"x\")", phone="+84905111222",
                             health_notes="bí mật")  # fmt: skip
    BeneficiaryCategoryFactory(beneficiary=hiv, category=Category.objects.get(code="YT-HIV"))
    BeneficiaryCategoryFactory(beneficiary=hiv)
    BeneficiaryFactory(commune=commune_b, full_name="Người Xã B")
    return hiv


def test_csv_export_is_formula_safe_scoped_and_logged(client, official_a, commune_a, commune_b):
    _people(commune_a, commune_b)
    client.force_login(official_a)
    response = client.get(reverse("cases:beneficiary_export"), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2  # header + their own commune's one person
    assert rows[1][1].startswith("'=")
    assert "Người Xã B" not in text
    assert AccessLog.objects.filter(action="export", user=official_a).exists()


def test_xlsx_export_without_sensitive_columns_for_plain_department(
    client, department_plain, commune_a, commune_b
):
    _people(commune_a, commune_b)
    client.force_login(department_plain)
    response = client.get(reverse("cases:beneficiary_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values[0]
    assert "Dân tộc" not in header and "Sức khỏe, khuyết tật" not in header
    flat = " ".join(str(v) for row in values for v in row)
    assert "YT-HIV" not in flat and "ND20-5.5a" in flat
    assert "bí mật" not in flat
    assert any(v == '=HYPERLINK("x")' for row in values for v in row)  # text, not formula


def test_sensitive_columns_for_department_with_the_right(client, department, commune_a, commune_b):
    _people(commune_a, commune_b)
    client.force_login(department)
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("cases:beneficiary_export")).content)
    ).active
    flat = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "YT-HIV" in flat and "bí mật" in flat


def test_collaborators_and_leadership_cannot_export(client, collaborator_a, leadership):
    for user in (collaborator_a, leadership):
        client.force_login(user)
        assert client.get(reverse("cases:beneficiary_export")).status_code == 403
