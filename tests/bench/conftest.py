"""Benchmarks: a generated province of BENCH_PEOPLE people (default 20,000;
1,000,000 for the full-size figures), built once per session. They print
figures (time, queries, rows) and assert query counts and plans, never time.

    BENCH_PEOPLE=1000000 ./scripts/test tests/bench -m bench -s
"""

import os
import time
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

BENCH_PEOPLE = int(os.environ.get("BENCH_PEOPLE", "20000"))
# Issue 19's target for a page's server time at 1,000,000 people.
PAGE_TARGET_MS = 150


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.bench)


@pytest.fixture(scope="session")
def bench_province(django_db_setup, django_db_blocker):
    """The province, generated once and kept for the session's benchmarks."""
    from tests.factories import CommuneFactory, ProvinceFactory

    with django_db_blocker.unblock():
        from cases.models import Beneficiary

        if Beneficiary.objects.count() < BENCH_PEOPLE:
            province = ProvinceFactory()
            communes = [CommuneFactory(parent=province) for _ in range(100)]
            started = time.monotonic()
            call_command("generate_province", people=BENCH_PEOPLE, seed=1)
            report("generate_province", seconds=time.monotonic() - started, rows=BENCH_PEOPLE)
            del communes
        yield BENCH_PEOPLE


def against(value: float, target: float, unit: str = "ms", *, at_least: bool = False) -> str:
    """A figure beside its target: "83 ms (target <= 150 ms: met)"."""
    met = value >= target if at_least else value <= target
    sign = ">=" if at_least else "<="
    shown = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    return f"{shown} {unit} (target {sign} {target:,} {unit}: {'met' if met else 'MISSED'})"


def report(name: str, **figures) -> None:
    parts = []
    for key, value in figures.items():
        if key == "seconds":
            parts.append(f"{value * 1000:.1f} ms")
        else:
            parts.append(f"{key}={value:,}" if isinstance(value, int) else f"{key}={value}")
    print(f"\nBENCH {name} [{BENCH_PEOPLE:,} people]: " + ", ".join(parts))


@contextmanager
def measured(name: str, **extra):
    """Time a block and count its queries; print the figures."""
    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        result = {}
        yield result
        elapsed = time.monotonic() - started
    report(name, seconds=elapsed, queries=len(queries), **extra, **result)
    result["queries"] = len(queries)
    result["seconds"] = elapsed
