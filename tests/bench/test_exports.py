"""Exports at the bench size: rows per second of the register export as CSV
(COPY, and row by row in Python as it was) and as XLSX (xlsxwriter's
constant_memory mode), for the largest commune and province-wide. Printed,
never asserted as time; asserted: COPY and Python write the same cells.

    BENCH_PEOPLE=200000 .venv/bin/python -m pytest tests/bench/test_exports.py \\
        -p no:cacheprovider --reuse-db -s
"""

from __future__ import annotations

import csv
import io
import time

import pytest
from django.db.models import Count

from cases import selectors
from cases.models import Beneficiary
from socialwork.areas.selectors import portal_province
from socialwork.spreadsheets.exports import copy_csv, queryset_rows, write_csv, write_xlsx
from tests.bench.conftest import report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Province-wide: the first rows of the register (an export job's size).
PROVINCE_ROWS = 100_000


@pytest.fixture
def staff(bench_province):
    return UserFactory(area=portal_province(), can_view_sensitive=True)


def _largest_commune() -> int:
    row = (
        Beneficiary.objects.values("commune").annotate(n=Count("id")).order_by("-n", "commune")
    ).first()
    return row["commune"]


def _timed(name: str, write, rows_hint: int = 0):
    started = time.monotonic()
    content, rows = write()
    elapsed = time.monotonic() - started
    report(name, seconds=elapsed, rows=rows, rows_per_s=int(rows / elapsed) if elapsed else 0,
           megabytes=round(len(content) / 1e6, 1))  # fmt: skip
    return content


def _parsed(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("scope", ["commune", "province"])
def test_export_rows_per_second(staff, scope):
    filters = {"commune": str(_largest_commune())} if scope == "commune" else {}
    queryset = selectors.beneficiary_list(actor=staff, filters=filters)
    values, columns = selectors.beneficiary_export_values(queryset=queryset, sensitive=True)
    if scope == "province":
        values = values[:PROVINCE_ROWS]

    def python_csv():
        counted = list(queryset_rows(values, columns))
        return write_csv(counted, columns), len(counted)

    def xlsx():
        counted = list(queryset_rows(values, columns))
        return write_xlsx(counted, columns), len(counted)

    copied = _timed(f"export {scope} csv COPY", lambda: copy_csv(values, columns))
    before = _timed(f"export {scope} csv row by row (before)", python_csv)
    _timed(f"export {scope} xlsx constant_memory", xlsx)
    assert _parsed(copied) == _parsed(before)
