"""The API: definitions, targets, values, runs; scoping and the trigger."""

import pytest
from rest_framework.test import APIClient

from socialwork.indicators.models import ComputationRun, IndicatorTarget
from tests.factories import CommuneOfficialFactory, FacilityUserFactory

from .factories import IndicatorTargetFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_definitions(api, province, leadership):
    api.force_authenticate(leadership)
    body = api.get("/api/v1/indicators/").json()
    codes = {item["code"]: item for item in body}
    assert {"CTXH-01", "CTXH-05", "TGXH-966a", "KPI-12H"} <= set(codes)
    assert codes["CTXH-01"]["computable"] is True
    assert codes["CTXH-01"]["name_vi"].startswith("Tỷ lệ")
    assert api.get("/api/v1/indicators/CTXH-04/").json()["unit"] == "%"
    assert api.get("/api/v1/indicators/NOPE/").status_code == 404


def test_values_filtered_and_scoped(api, province, commune_a, commune_b, leadership):
    IndicatorValueFactory(unit=commune_a)
    IndicatorValueFactory(unit=commune_b, run=ComputationRun.objects.get())
    IndicatorValueFactory(code="CTXH-04", unit=province, run=ComputationRun.objects.get())
    api.force_authenticate(leadership)
    rows = api.get("/api/v1/indicator-values/", {"code": "CTXH-01", "period": "2025"}).json()
    assert {r["unit"] for r in rows["results"]} == {commune_a.pk, commune_b.pk}
    assert api.get("/api/v1/indicator-values/", {"period": "2024"}).json()["results"] == []
    # A commune official sees their commune's rows only; another commune's: none.
    api.force_authenticate(CommuneOfficialFactory(area=commune_a))
    rows = api.get("/api/v1/indicator-values/").json()["results"]
    assert {r["unit"] for r in rows} == {commune_a.pk}
    assert api.get("/api/v1/indicator-values/", {"unit": commune_b.pk}).json()["results"] == []
    api.force_authenticate(FacilityUserFactory(area=province))
    assert api.get("/api/v1/indicator-values/").json()["results"] == []


def test_department_sets_targets_leadership_cannot(api, province, department, leadership):
    api.force_authenticate(department)
    response = api.post(
        "/api/v1/indicator-targets/",
        {"code": "CTXH-02", "unit": province.pk, "year": 2027, "value": "55"},
        format="json",
    )
    assert response.status_code == 201
    assert IndicatorTarget.objects.get(code="CTXH-02", year=2027).value == 55
    bad = api.post(
        "/api/v1/indicator-targets/",
        {"code": "CTXH-02", "unit": province.pk, "year": 2027, "value": "155"},
        format="json",
    )
    assert bad.status_code == 400 and "value" in bad.json()
    api.force_authenticate(leadership)
    assert api.get("/api/v1/indicator-targets/").status_code == 200
    denied = api.post(
        "/api/v1/indicator-targets/",
        {"code": "CTXH-02", "unit": province.pk, "year": 2027, "value": "10"},
        format="json",
    )
    assert denied.status_code == 403


def test_targets_are_plan_data_every_user_reads(api, province, commune_a, commune_b):
    IndicatorTargetFactory(unit=commune_a)
    IndicatorTargetFactory(unit=commune_b)
    IndicatorTargetFactory(unit=province)
    api.force_authenticate(CommuneOfficialFactory(area=commune_a))
    rows = api.get("/api/v1/indicator-targets/").json()["results"]
    assert {r["unit"] for r in rows} == {province.pk, commune_a.pk, commune_b.pk}
    denied = api.post(
        "/api/v1/indicator-targets/",
        {"code": "CTXH-01", "unit": commune_a.pk, "year": 2025, "value": "99"},
        format="json",
    )
    assert denied.status_code == 403


def test_trigger_runs_and_progress_is_readable(
    api, small_province, department, leadership, eager_tasks, django_capture_on_commit_callbacks
):
    api.force_authenticate(department)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/indicator-runs/trigger/", {"period": "2025"}, format="json")
    assert response.status_code == 202
    run = api.get(f"/api/v1/indicator-runs/{response.json()['id']}/").json()
    assert (run["status"], run["percent"]) == ("done", 100)
    assert (
        api.post("/api/v1/indicator-runs/trigger/", {"period": "25"}, format="json").status_code
        == 400
    )
    api.force_authenticate(leadership)
    assert api.get("/api/v1/indicator-runs/").status_code == 200
    assert (
        api.post("/api/v1/indicator-runs/trigger/", {"period": "2025"}, format="json").status_code
        == 403
    )


def test_commune_roles_cannot_list_runs(api, commune_a):
    api.force_authenticate(CommuneOfficialFactory(area=commune_a))
    assert api.get("/api/v1/indicator-runs/").json()["results"] == []


def test_openapi_schema_lists_the_endpoints(api, province, department):
    api.force_authenticate(department)
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/indicators/",
        "/api/v1/indicator-targets/",
        "/api/v1/indicator-values/",
        "/api/v1/indicator-runs/trigger/",
    ):
        assert path in schema["paths"]


def test_value_list_query_count_is_fixed(api, province, leadership, django_assert_max_num_queries):
    from tests.factories import CommuneFactory

    run = IndicatorValueFactory(unit=province).run
    for _ in range(40):
        IndicatorValueFactory(unit=CommuneFactory(parent=province), run=run)
    api.force_authenticate(leadership)
    with django_assert_max_num_queries(3):
        body = api.get("/api/v1/indicator-values/", {"page_size": 200}).json()
    assert len(body["results"]) == 41


def test_sensitive_commune_cells_are_suppressed_for_leadership(
    api, province, commune_a, commune_b, commune_c, leadership, department
):
    run = IndicatorValueFactory(code="CTXH-05", unit=commune_a, numerator=2, denominator=3).run
    IndicatorValueFactory(code="CTXH-05", unit=commune_b, numerator=30, denominator=40, run=run)
    IndicatorValueFactory(code="CTXH-05", unit=commune_c, numerator=50, denominator=60, run=run)
    IndicatorValueFactory(code="CTXH-05", unit=province, numerator=82, denominator=103, run=run)
    api.force_authenticate(leadership)
    rows = {r["unit"]: r for r in api.get("/api/v1/indicator-values/").json()["results"]}
    # commune_a: 2 of 3 (primary); commune_b: the smallest other cell (secondary).
    assert rows[commune_a.pk]["suppressed"] and rows[commune_a.pk]["numerator"] is None
    assert rows[commune_b.pk]["suppressed"] and rows[commune_b.pk]["value"] is None
    assert not rows[commune_c.pk]["suppressed"] and rows[commune_c.pk]["numerator"] == 50
    assert rows[province.pk]["numerator"] == 82  # the province total is shown
    api.force_authenticate(department)
    rows = {r["unit"]: r for r in api.get("/api/v1/indicator-values/").json()["results"]}
    assert rows[commune_a.pk]["numerator"] == 2
