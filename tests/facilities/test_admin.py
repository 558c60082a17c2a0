"""Facilities and their staff are written through the services (pages, API):
the admin only shows them."""

import pytest
from django.urls import reverse

from tests.factories import AdminUserFactory

from .factories import FacilityFactory

pytestmark = pytest.mark.django_db


def test_the_admin_shows_facilities_and_staff_without_changing_them(client, commune_a):
    client.force_login(AdminUserFactory(username="quan.tri"))
    facility = FacilityFactory(commune=commune_a)
    assert client.get(reverse("admin:facilities_facility_changelist")).status_code == 200
    change = reverse("admin:facilities_facility_change", args=[facility.pk])
    page = client.get(change)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(change, {"name": "Đổi tên"}).status_code == 403
    for name in ("facilities_facility_add", "facilities_staffmember_add"):
        assert client.get(reverse(f"admin:{name}")).status_code == 403
