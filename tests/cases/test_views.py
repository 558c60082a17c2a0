import gzip
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Beneficiary
from socialwork.accounts.models import AccessLog
from tests.cases.factories import BeneficiaryCategoryFactory, BeneficiaryFactory


def _login(client, user):
    client.force_login(user)
    return client


def _form(commune, **extra):
    return {
        "client_uuid": str(uuid.uuid4()),
        "full_name": "Nguyễn Thị Hoa",
        "birth_date": "04/03/1985",
        "sex": "female",
        "commune": commune.pk,
        "disability_level": "none",
        **extra,
    }


def test_collaborator_registers_a_person_in_a_few_taps(client, collaborator_a, commune_a):
    _login(client, collaborator_a)
    page = client.get(reverse("cases:beneficiary_register"))
    assert page.status_code == 200
    response = client.post(reverse("cases:beneficiary_register"), _form(commune_a))
    person = Beneficiary.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:beneficiary_detail", args=[person.pk])
    # dd/mm/yyyy: 04/03 is 4 March, not 3 April.
    assert (person.birth_date.day, person.birth_date.month) == (4, 3)


def test_double_tapped_submit_saves_once(client, collaborator_a, commune_a):
    _login(client, collaborator_a)
    data = _form(commune_a)
    first = client.post(reverse("cases:beneficiary_register"), data)
    second = client.post(reverse("cases:beneficiary_register"), data)
    assert first.url == second.url
    assert Beneficiary.objects.count() == 1


def test_duplicate_guard_shows_matches_then_saves_on_confirm(client, collaborator_a, commune_a):
    existing = BeneficiaryFactory(full_name="Nguyễn Thị Hoa", birth_year=1985, birth_date=None,
                                  commune=commune_a)  # fmt: skip
    _login(client, collaborator_a)
    data = _form(commune_a, full_name="nguyen thi hoa")
    page = client.post(reverse("cases:beneficiary_register"), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("cases:beneficiary_detail", args=[existing.pk]) in html
    assert "Đây là người khác" in html
    assert Beneficiary.objects.count() == 1
    confirmed = client.post(
        reverse("cases:beneficiary_register"), {**data, "confirm_distinct": "on"}
    )
    assert confirmed.status_code == 302
    assert Beneficiary.objects.count() == 2


def test_the_form_takes_a_past_registration_date_and_refuses_a_future_one(
    client, collaborator_a, commune_a
):
    import datetime

    from django.utils import timezone

    _login(client, collaborator_a)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    url = reverse("cases:beneficiary_register")
    page = client.post(url, _form(commune_a, registered_on=tomorrow))
    assert page.status_code == 200
    assert "Ngày đăng ký không thể ở tương lai." in page.content.decode()
    assert not Beneficiary.objects.exists()
    client.post(url, _form(commune_a, registered_on="02/03/2021"))
    assert Beneficiary.objects.get().registered_on == datetime.date(2021, 3, 2)


def test_unidentified_child_can_be_registered(client, collaborator_a, commune_a):
    _login(client, collaborator_a)
    data = _form(commune_a, full_name="", unidentified="on", birth_date="", sex="male",
                 address="Chợ Ea Tu")  # fmt: skip
    assert client.post(reverse("cases:beneficiary_register"), data).status_code == 302
    assert not Beneficiary.objects.get().identified


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cccd", "12345", "12 chữ số"),
        ("birth_date", "01/01/2999", "tương lai"),
        ("birth_date", "31/12/1899", "1900"),
    ],
)
def test_bad_input_is_shown_and_what_was_typed_is_kept(
    client, collaborator_a, commune_a, field, value, message
):
    _login(client, collaborator_a)
    page = client.post(reverse("cases:beneficiary_register"), _form(commune_a, **{field: value}))
    assert page.status_code == 200
    html = page.content.decode()
    assert message in html
    assert "Nguyễn Thị Hoa" in html  # nothing typed is lost
    assert not Beneficiary.objects.exists()


def test_stale_edit_is_refused_on_the_page(client, official_a, commune_a):
    person = BeneficiaryFactory(commune=commune_a, address="Thôn 1")
    Beneficiary.objects.filter(pk=person.pk).update(version=2, address="Thôn 2")
    _login(client, official_a)
    data = _form(commune_a, full_name=person.full_name, address="Thôn 9", version=1,
                 birth_date="17/05/1960")  # fmt: skip
    page = client.post(reverse("cases:beneficiary_edit", args=[person.pk]), data)
    assert page.status_code == 200
    assert "người khác sửa" in page.content.decode()
    person.refresh_from_db()
    assert person.address == "Thôn 2"


def test_person_page_hides_sensitive_data_from_collaborators_and_logs(
    client, collaborator_a, commune_a
):
    person = BeneficiaryFactory(commune=commune_a, health_notes="Nhiễm HIV giai đoạn 1")
    _login(client, collaborator_a)
    html = client.get(reverse("cases:beneficiary_detail", args=[person.pk])).content.decode()
    assert "Nhiễm HIV" not in html
    assert "hạn chế" in html
    assert AccessLog.objects.filter(action="view", object_id=str(person.pk),
                                    detail="restricted").exists()  # fmt: skip


def test_official_sees_sensitive_data_of_their_commune(client, official_a, commune_a):
    person = BeneficiaryFactory(commune=commune_a, health_notes="Nhiễm HIV giai đoạn 1")
    _login(client, official_a)
    html = client.get(reverse("cases:beneficiary_detail", args=[person.pk])).content.decode()
    assert "Nhiễm HIV" in html
    assert AccessLog.objects.filter(action="view", detail="sensitive shown").exists()


def test_person_page_shows_history(client, department, commune_a):
    person = BeneficiaryFactory(commune=commune_a)
    _login(client, department)
    client.post(
        reverse("cases:beneficiary_edit", args=[person.pk]),
        _form(commune_a, full_name="Tên Mới", version=1, birth_date="17/05/1960"),
    )
    html = client.get(reverse("cases:beneficiary_detail", args=[person.pk])).content.decode()
    assert "Lịch sử thay đổi" in html
    assert "họ và tên" in html  # the changed field is named
    assert str(department) in html  # by whom (HistoryMiddleware)


def test_department_list_filters_and_search(client, department, commune_a, commune_b):
    BeneficiaryFactory(full_name="Nguyễn Văn Đức", commune=commune_a)
    BeneficiaryFactory(full_name="Trần Thị Bích", commune=commune_b)
    _login(client, department)
    html = client.get(reverse("cases:beneficiary_list"), {"q": "nguyen van duc"}).content.decode()
    assert "Nguyễn Văn Đức" in html and "Trần Thị Bích" not in html
    html = client.get(reverse("cases:beneficiary_list"), {"commune": commune_b.pk}).content.decode()
    assert "Trần Thị Bích" in html and "Nguyễn Văn Đức" not in html


def test_list_runs_the_same_number_of_queries_for_10_and_50_rows(client, department, commune_a):
    for person in BeneficiaryFactory.create_batch(60, commune=commune_a):
        BeneficiaryCategoryFactory(beneficiary=person)
    _login(client, department)
    counts = {}
    for size in (10, 50):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("cases:beneficiary_list"), {"page_size": size})
        assert response.content.decode().count("/cases/people/") >= size
        counts[size] = len(captured.captured_queries)
    assert counts[10] == counts[50] <= 9, counts


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


@pytest.mark.parametrize("url_name", ["cases:beneficiary_register", "cases:beneficiary_list"])
def test_collaborator_pages_weigh_under_60_kb_compressed(client, collaborator_a, url_name):
    _login(client, collaborator_a)
    html = client.get(reverse(url_name)).content
    total = len(gzip.compress(html))
    for url in _asset_urls(html.decode()):
        path = Path(settings.BASE_DIR) / "static" / url.removeprefix(settings.STATIC_URL)
        total += len(gzip.compress(path.read_bytes()))
    # No framework download: only our own small scripts (the outbox, the category filter).
    scripts = re.findall(rb"<script[^>]*>", html)
    ours = (b'src="/static/js/category-filter.js"', b'src="/static/js/outbox.js"')
    assert all(any(name in tag for name in ours) for tag in scripts), scripts
    assert total <= 60 * 1024, total


def test_a_consent_is_withdrawn_from_the_person_page(client, official_a, commune_a):
    """Law 91/2025 Art. 12: the person withdraws consent; referrals then need
    another legal basis."""
    from cases.referrals.services import active_consent
    from tests.cases.factories import BeneficiaryFactory, ConsentFactory

    consent = ConsentFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
    _login(client, official_a)
    detail = reverse("cases:beneficiary_detail", args=[consent.beneficiary_id])
    withdraw = reverse("cases:consent_withdraw", args=[consent.pk])
    assert withdraw in client.get(detail).content.decode()
    response = client.post(withdraw, {"withdrawn_on": "01/09/2025"})
    assert response.status_code == 302 and response.url == detail
    consent.refresh_from_db()
    assert consent.withdrawn_on.isoformat() == "2025-09-01"
    assert active_consent(consent.beneficiary_id) is None
    page = client.get(detail).content.decode()
    assert withdraw not in page and "01/09/2025" in page
    # Twice is refused with a message, the date kept.
    client.post(withdraw, {"withdrawn_on": "02/09/2025"})
    consent.refresh_from_db()
    assert consent.withdrawn_on.isoformat() == "2025-09-01"


@pytest.mark.parametrize(("who", "status"), [("official_b", 404), ("leadership", 403)])
def test_another_communes_consent_cannot_be_withdrawn(client, request, commune_a, who, status):
    from tests.cases.factories import BeneficiaryFactory, ConsentFactory
    from tests.factories import CommuneOfficialFactory

    consent = ConsentFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
    user = (
        CommuneOfficialFactory(area=request.getfixturevalue("commune_b"))
        if who == "official_b"
        else request.getfixturevalue(who)
    )
    _login(client, user)
    response = client.post(
        reverse("cases:consent_withdraw", args=[consent.pk]), {"withdrawn_on": "01/09/2025"}
    )
    assert response.status_code == status
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
