"""The indicator lists' FilterSets through the API: each filter narrows, a
bad value is a 400 naming the parameter (a period that is no period, a year
the table cannot mean), and a commune's official never reads another
commune's values under any filter."""

import datetime

import pytest

from socialwork.indicators.models import ComputationRun, PeriodKind
from tests.cases.casework.test_filters import HUGE, ids, refused
from tests.factories import CommuneOfficialFactory

from .factories import ComputationRunFactory, IndicatorTargetFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def test_value_filters(client, province, commune_a, commune_b, leadership):
    run = ComputationRunFactory()
    year = IndicatorValueFactory(unit=commune_a, run=run)
    june = IndicatorValueFactory(
        unit=commune_b, run=run, code="CTXH-04", period_kind=PeriodKind.MONTH,
        period_start=datetime.date(2025, 6, 1), period_end=datetime.date(2025, 6, 30),
    )  # fmt: skip
    url = "/api/v1/indicator-values/"
    assert ids(client, leadership, url, code="CTXH-04") == {june.pk}
    assert ids(client, leadership, url, unit=commune_a.pk) == {year.pk}
    assert ids(client, leadership, url, period_kind=PeriodKind.MONTH) == {june.pk}
    assert ids(client, leadership, url, period="2025") == {year.pk}
    official = CommuneOfficialFactory(area=commune_a)
    assert ids(client, official, url, unit=commune_b.pk) == set()
    assert ids(client, official, url, code="CTXH-04") == set()
    for params in (
        {"period": "25"},
        {"period": "2025-13"},
        {"period_kind": "week"},
        {"unit": "x"},
    ):
        refused(client, leadership, url, **params)


def test_target_and_run_filters(client, province, commune_a, department):
    mine = IndicatorTargetFactory(unit=commune_a, year=2026)
    IndicatorTargetFactory(unit=province, code="CTXH-02")
    url = "/api/v1/indicator-targets/"
    assert ids(client, department, url, year=2026) == {mine.pk}
    assert ids(client, department, url, unit=commune_a.pk) == {mine.pk}
    assert mine.pk not in ids(client, department, url, code="CTXH-02")
    for params in ({"year": "0"}, {"year": HUGE}, {"year": "2025.5"}, {"unit": "x"}):
        refused(client, department, url, **params)

    failed = ComputationRunFactory(status=ComputationRun.Status.FAILED)
    month = ComputationRunFactory(period_kind=PeriodKind.MONTH)
    url = "/api/v1/indicator-runs/"
    assert ids(client, department, url, status=ComputationRun.Status.FAILED) == {failed.pk}
    assert month.pk in ids(client, department, url, period_kind=PeriodKind.MONTH)
    assert failed.pk not in ids(client, department, url, period_kind=PeriodKind.MONTH)
    for params in ({"status": "x"}, {"period_kind": "x"}):
        refused(client, department, url, **params)
