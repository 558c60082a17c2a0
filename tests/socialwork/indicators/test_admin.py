"""The admin enters baselines and official denominators through their
services; targets, set on their page, are only shown."""

import pytest
from django.urls import reverse

from socialwork.indicators.models import Baseline, OfficialDenominator
from tests.factories import AdminUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AdminUserFactory(username="quan.tri"))
    return client


def test_a_baseline_is_entered_through_its_service(admin_client, province):
    add = reverse("admin:indicators_baseline_add")
    form = {"code": "CTXH-01", "unit": province.pk, "year": 2024, "source": "Báo cáo 2024"}
    refused = admin_client.post(add, {**form, "value": "-1"})
    assert refused.status_code == 200  # the form says why, no server error
    assert not Baseline.objects.exists()

    assert admin_client.post(add, {**form, "value": "12.5"}).status_code == 302
    baseline = Baseline.objects.get()
    change = reverse("admin:indicators_baseline_change", args=[baseline.pk])
    # The key is fixed once entered: a change updates this row, adds none.
    response = admin_client.post(change, {"value": "13", "source": "Báo cáo sửa"})
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert (Baseline.objects.count(), baseline.value, baseline.source) == (1, 13, "Báo cáo sửa")


def test_an_official_denominator_needs_its_source(admin_client, province):
    add = reverse("admin:indicators_officialdenominator_add")
    form = {"code": "CTXH-01", "unit": province.pk, "year": 2025, "value": 40}
    assert admin_client.post(add, {**form, "source": "  "}).status_code == 200
    assert admin_client.post(add, {**form, "source": "Cục Thống kê"}).status_code == 302
    assert OfficialDenominator.objects.get().value == 40


def test_targets_are_shown_not_changed(admin_client):
    assert (
        admin_client.get(reverse("admin:indicators_indicatortarget_changelist")).status_code == 200
    )
    assert admin_client.get(reverse("admin:indicators_indicatortarget_add")).status_code == 403
