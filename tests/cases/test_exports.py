import csv
import io

import pytest
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


# --- CSV through COPY, XLSX through xlsxwriter ------------------------------------------


def _fixture_set(commune_a, commune_b):
    """Every kind of cell: dates and none, choices, categories, commas, quotes,
    line breaks, formula starts, a CCCD with leading zeros."""
    import datetime

    from cases.models import DisabilityLevel, Sex

    people = [
        BeneficiaryFactory(commune=commune_a, full_name='Lê "Tí", con', cccd="001090012345",
                           phone="+84905111222", address="Thôn 2\nbuôn Ea", sex=Sex.MALE,
                           disability_level=DisabilityLevel.SEVERE, health_notes="=SUM(A1)"),
        BeneficiaryFactory(commune=commune_a, full_name="-Nguyễn Văn Đức", birth_date=None,
                           birth_year=1950, address=""),
        BeneficiaryFactory(commune=commune_a, full_name="Y Bih Niê",
                           birth_date=datetime.date(2001, 12, 9)),
    ]  # fmt: skip
    BeneficiaryCategoryFactory(beneficiary=people[0], category=Category.objects.get(code="YT-HIV"))
    BeneficiaryCategoryFactory(beneficiary=people[0])
    BeneficiaryCategoryFactory(beneficiary=people[2])
    BeneficiaryFactory(commune=commune_b, full_name="Người Xã B", cccd="002090099999")
    return people


def _previous_rows(values, columns):
    """The export as it was written before COPY: row by row in Python."""
    from cases.models import DisabilityLevel, Sex

    sexes, levels = dict(Sex.choices), dict(DisabilityLevel.choices)
    for row in values.iterator():
        row["category_codes"] = ", ".join(row["category_codes"] or [])
        row["sex"] = str(sexes.get(row["sex"], ""))
        if "disability_level" in row:
            row["disability_level"] = str(levels.get(row["disability_level"], ""))
        yield row


def _scoped_values(user, sensitive=True):
    from cases import selectors

    queryset = selectors.beneficiary_list(actor=user, filters={})
    return selectors.beneficiary_export_values(queryset=queryset, sensitive=sensitive)


@pytest.mark.parametrize("sensitive", [True, False])
def test_copy_csv_equals_the_row_by_row_export(department, commune_a, commune_b, sensitive):
    from socialwork.spreadsheets.exports import copy_csv, write_csv

    _fixture_set(commune_a, commune_b)
    values, columns = _scoped_values(department, sensitive)
    content, count = copy_csv(values, columns)
    before = write_csv(_previous_rows(values, columns), columns)
    assert content.startswith(b"\xef\xbb\xbf")

    def parsed(data):
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))

    assert parsed(content) == parsed(before)
    assert count == 4 and len(parsed(content)) == 5
    by_name = {row[1]: row for row in parsed(content)[1:]}
    lê = by_name['Lê "Tí", con']
    assert lê[2] == "17/05/1960" and lê[5] == "001090012345" and lê[6] == "'+84905111222"
    assert lê[8] == "Thôn 2\nbuôn Ea"
    assert by_name["'-Nguyễn Văn Đức"][2] == ""


def test_xlsx_export_keeps_cells_typed(department, commune_a, commune_b):
    import datetime

    from socialwork.spreadsheets.exports import queryset_rows, write_xlsx

    _fixture_set(commune_a, commune_b)
    values, columns = _scoped_values(department)
    sheet = load_workbook(io.BytesIO(write_xlsx(queryset_rows(values, columns), columns))).active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == [str(c.header) for c in columns]
    expected = list(_previous_rows(values, columns))
    assert len(rows) == len(expected) + 1
    for cells, row in zip(rows[1:], expected, strict=True):
        for cell, column in zip(cells, columns, strict=True):
            value = row[column.key]
            if isinstance(value, datetime.date):
                assert cell.value == datetime.datetime.combine(value, datetime.time())
                assert cell.number_format == "DD/MM/YYYY"
            else:
                assert cell.value == (value if value != "" else None), column.key
        cccd = cells[[c.key for c in columns].index("cccd")]
        if cccd.value:
            assert cccd.data_type == "s"  # text: no 1.0909E+09 in Excel


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_never_carries_another_communes_rows(client, official_a, commune_a, commune_b, fmt):
    _fixture_set(commune_a, commune_b)
    client.force_login(official_a)
    response = client.get(reverse("cases:beneficiary_export"), {"format": fmt})
    if fmt == "csv":
        flat = response.content.decode("utf-8-sig")
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        flat = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "Y Bih Niê" in flat
    assert "Người Xã B" not in flat and "002090099999" not in flat


def test_export_job_csv_is_scoped_to_the_requester(official_a, commune_a, commune_b, settings,
                                                   tmp_path):  # fmt: skip
    from socialwork.spreadsheets import exporting

    settings.EXPORT_ROOT = tmp_path / "exports"
    _fixture_set(commune_a, commune_b)
    job = exporting.export_job_request(
        kind="cases.beneficiaries", params={"filters": {}}, fmt="csv", title="x", actor=official_a
    )
    job = exporting.export_job_build(job_id=job.pk)
    assert (job.status, job.total_rows) == ("done", 3)
    text = job.file.open("rb").read().decode("utf-8-sig")
    assert "Y Bih Niê" in text and "Người Xã B" not in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_queries_do_not_grow_with_the_rows(
    client, department, commune_a, commune_b, django_assert_max_num_queries, fmt
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(department)
    counts = []
    for extra in (0, 12):
        for _ in range(extra):
            BeneficiaryCategoryFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
        client.get(reverse("cases:beneficiary_export"), {"format": fmt})  # warm the session
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("cases:beneficiary_export"), {"format": fmt})
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    if fmt == "csv":
        assert any(q["sql"].startswith("COPY (") for q in captured)
