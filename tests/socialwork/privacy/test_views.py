"""The breach register through its pages: reached from the department's home,
a breach registered and followed to the authority's confirmation; every other
role refused, on every URL."""

import pytest
from django.urls import reverse

from socialwork.privacy.models import BreachStatus, DataBreach
from tests.factories import (
    CollaboratorUserFactory,
    CommuneLeaderFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
)

from .factories import DataBreachFactory

pytestmark = pytest.mark.django_db


def test_department_registers_a_breach_and_follows_it_to_the_confirmation(client, department):
    client.force_login(department)
    home = client.get(reverse("home")).content.decode()
    assert reverse("privacy:breach_list") in home

    bad = client.post(reverse("privacy:breach_add"), {"detected_at": "31/02/2026 10:00"})
    assert bad.status_code == 400
    created = client.post(
        reverse("privacy:breach_add"),
        {
            "detected_at": "01/12/2026 09:30",
            "summary": "Thư điện tử có tệp danh sách gửi nhầm người.",
            "data_kinds": "họ tên, địa chỉ",
            "suspected_login": department.username.upper(),
        },
    )
    breach = DataBreach.objects.get()
    assert created.url == reverse("privacy:breach_detail", args=[breach.pk])
    page = client.get(created.url).content.decode()
    assert "Hạn thông báo" in page
    assert "09:30 04/12/2026" in page  # 72 hours after 09:30 01/12

    advance = reverse("privacy:breach_advance", args=[breach.pk])
    assert client.post(advance, {"to": "confirmed", "at": "01/12/2026 11:00"}).status_code == 302
    refused = client.post(advance, {"to": "notified", "at": "01/12/2026 15:00"})
    assert refused.status_code == 400
    assert "Hãy ghi số văn bản thông báo" in refused.content.decode()
    client.post(advance, {"to": "notified", "at": "01/12/2026 15:00", "reference": "15/TB-SYT"})
    client.post(advance, {"to": "acknowledged", "at": "02/12/2026 08:00", "reference": "A05"})

    breach.refresh_from_db()
    assert breach.status == BreachStatus.ACKNOWLEDGED
    assert breach.notice_reference == "15/TB-SYT"
    assert "A05" in client.get(reverse("privacy:breach_detail", args=[breach.pk])).content.decode()


@pytest.mark.parametrize(
    "factory",
    [CollaboratorUserFactory, CommuneLeaderFactory, FacilityUserFactory, LeadershipUserFactory],
)
def test_every_other_role_is_refused_on_every_url(client, factory):
    breach = DataBreachFactory()
    client.force_login(factory())

    for url in (
        reverse("privacy:breach_list"),
        reverse("privacy:breach_add"),
        reverse("privacy:breach_detail", args=[breach.pk]),
    ):
        assert client.get(url).status_code == 403, url
    advance = reverse("privacy:breach_advance", args=[breach.pk])
    assert client.post(advance, {"to": "confirmed"}).status_code == 403
    breach.refresh_from_db()
    assert breach.status == BreachStatus.SUSPECTED


def test_an_unknown_breach_is_a_404(client, department):
    client.force_login(department)

    assert client.get(reverse("privacy:breach_detail", args=[999999])).status_code == 404
