import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from socialwork.accounts.models import AccessLog, Role, UserSession
from tests.conftest import PASSWORD
from tests.factories import (
    AdminUserFactory,
    CollaboratorUserFactory,
    CommuneLeaderFactory,
    CommuneOfficialFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

INVALID = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút"
LOGIN = reverse("accounts:login")


def _login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


# --- login ---------------------------------------------------------------------------------


def test_login_by_username_goes_home(client, collaborator):
    response = _login(client, "ctv.hoa")

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == collaborator


@pytest.mark.parametrize("typed", ["0912345678", "+84 912 345 678", "0912.345.678"])
def test_login_by_phone_number_in_any_usual_form(client, collaborator, typed):
    response = _login(client, typed)

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == collaborator.pk


def test_wrong_password_unknown_user_and_inactive_user_get_the_same_message(client, collaborator):
    inactive = CollaboratorUserFactory(username="ctv.nghi", is_active=False)

    bodies = [
        _login(client, "ctv.hoa", "sai-mat-khau"),
        _login(client, "khong-co-ai"),
        _login(client, inactive.username),
    ]

    assert [r.status_code for r in bodies] == [200, 200, 200]
    errors = [r.context["form"].non_field_errors() for r in bodies]
    assert errors == [[INVALID]] * 3
    assert all(INVALID in r.content.decode() for r in bodies)


def test_five_failures_lock_that_username_from_that_address_for_15_minutes(
    client, collaborator, settings
):
    for _ in range(4):
        assert _login(client, "ctv.hoa", "sai").status_code == 200
    fifth = _login(client, "ctv.hoa", "sai")
    # Even the right password is refused while locked.
    after = _login(client, "ctv.hoa")

    assert fifth.status_code == 403
    assert after.status_code == 403
    assert LOCKED in after.content.decode()
    assert "_auth_user_id" not in client.session
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_FAILURE_LIMIT == 5


def test_lock_lifts_after_15_minutes(client, collaborator):
    from axes.models import AccessAttempt

    for _ in range(5):
        _login(client, "ctv.hoa", "sai")
    assert _login(client, "ctv.hoa").status_code == 403

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert _login(client, "ctv.hoa").status_code == 302


def test_lock_is_per_username_and_address_not_per_address(client, collaborator, other_collaborator):
    for _ in range(5):
        _login(client, "ctv.hoa", "sai", ip="10.0.0.1")

    # A colleague behind the same carrier address logs in...
    assert _login(client, "ctv.binh", ip="10.0.0.1").status_code == 302
    client.logout()
    # ...and the locked user can from another address.
    assert _login(client, "ctv.hoa", ip="10.9.9.9").status_code == 302


def test_lockout_page_renders_the_login_form_in_vietnamese(client, collaborator):
    for _ in range(5):
        response = _login(client, "ctv.hoa", "sai")

    body = response.content.decode()
    assert response.status_code == 403
    assert 'name="username"' in body
    assert '<html lang="vi">' in body


def test_logout_needs_post(client, collaborator):
    client.force_login(collaborator)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_keeps_the_session_and_clears_the_temporary_flag(client, collaborator):
    collaborator.must_change_password = True
    collaborator.save()
    client.force_login(collaborator)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "mot-mat-khau-moi-2025",
            "new_password2": "mot-mat-khau-moi-2025",
        },
    )

    assert response.status_code == 302
    collaborator.refresh_from_db()
    assert collaborator.must_change_password is False
    assert collaborator.check_password("mot-mat-khau-moi-2025")
    assert client.get(reverse("home")).status_code == 200


def test_password_change_with_a_wrong_old_password_says_so(client, collaborator):
    client.force_login(collaborator)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "sai",
            "new_password1": "x-moi-2025-abc",
            "new_password2": "x-moi-2025-abc",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]


def test_temporary_password_must_be_changed_before_anything_else(client, collaborator):
    collaborator.must_change_password = True
    collaborator.save()
    client.force_login(collaborator)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change")
    assert client.get(reverse("accounts:password_change")).status_code == 200


# --- sessions -----------------------------------------------------------------------------


def test_session_ends_after_inactivity(client, collaborator, settings):
    _login(client, "ctv.hoa")
    assert client.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    # The idle timer is pushed on every few minutes (tests/socialwork/accounts/test_lifetime.py).
    assert settings.SESSION_REFRESH_SECONDS <= 10 * 60

    UserSession.objects.filter(user=collaborator).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_session_row_records_its_user_through_login_and_password_change(client, collaborator):
    _login(client, "ctv.hoa")
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "mot-mat-khau-moi-2025",
            "new_password2": "mot-mat-khau-moi-2025",
        },
    )

    # The key rotated on the password change; the row still knows its user.
    assert UserSession.objects.get(session_key=client.session.session_key).user == collaborator


# --- home pages ---------------------------------------------------------------------------

ROLE_FACTORIES = [
    CollaboratorUserFactory,
    CommuneOfficialFactory,
    CommuneLeaderFactory,
    FacilityUserFactory,
    UserFactory,
    LeadershipUserFactory,
    AdminUserFactory,
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=|\sstyle\s*=|javascript:""", re.IGNORECASE)


@pytest.mark.parametrize("factory", ROLE_FACTORIES)
def test_each_role_home_greets_in_vietnamese_and_every_tile_opens(client, factory):
    user = factory()
    client.force_login(user)

    response = client.get(reverse("home"))
    body = response.content.decode()

    assert response.status_code == 200
    assert f"Xin chào, {user.get_full_name()}" in body
    tiles = re.findall(r'<a class="tile" href="([^"]+)"', body)
    assert reverse("accounts:password_change") in tiles
    for href in tiles:
        # A tile may land on the user's own part of a page (a commune's indicators).
        assert client.get(href, follow=True).status_code == 200, href


def test_department_home_links_user_management_and_admin_only_for_admins(client):
    department, admin = UserFactory(), AdminUserFactory()

    client.force_login(department)
    department_body = client.get(reverse("home")).content.decode()
    client.force_login(admin)
    admin_body = client.get(reverse("home")).content.decode()

    assert reverse("accounts:user_list") in department_body
    assert reverse("admin:index") not in department_body
    assert reverse("admin:index") in admin_body


@pytest.mark.parametrize("factory", [None, *ROLE_FACTORIES])
def test_pages_carry_no_inline_script_or_style(client, factory):
    if factory is not None:
        client.force_login(factory())

    response = client.get(reverse("home") if factory else LOGIN)
    body = response.content.decode()

    assert response.status_code == 200
    assert INLINE_SCRIPT.findall(body) == []
    assert INLINE_HANDLER.findall(body) == []


def test_csp_header_allows_no_inline_script_and_nothing_from_outside(client):
    response = client.get(LOGIN)
    csp = response.headers["Content-Security-Policy"]

    assert "script-src 'self'" in csp
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "http" not in csp


def test_language_switcher_changes_the_language(client, collaborator):
    client.force_login(collaborator)
    assert '<html lang="vi">' in client.get(reverse("home")).content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    body = client.get(reverse("home")).content.decode()

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.cookies["django_language"].value == "en"
    assert '<html lang="en">' in body
    # The switcher now offers the way back.
    assert 'name="language" value="vi"' in body


def test_unauthenticated_home_goes_to_login(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


# --- the department's list of users ---------------------------------------------------------


def test_user_list_filters_by_role_commune_and_search(
    client, department_user, commune_a, commune_b
):
    hoa = CollaboratorUserFactory(area=commune_a, first_name="Hoa", last_name="Trần Thị")
    CollaboratorUserFactory(area=commune_b, first_name="Bình", last_name="Lê Văn")
    official = CommuneOfficialFactory(area=commune_a, first_name="Đức", last_name="Phạm Văn")
    client.force_login(department_user)
    url = reverse("accounts:user_list")

    by_role = client.get(url, {"role": Role.COMMUNE_OFFICIAL}).context["page"].object_list
    by_commune = client.get(url, {"commune": commune_a.pk}).context["page"].object_list
    by_name = client.get(url, {"q": "tran thi hoa"}).context["page"].object_list
    by_name_accents = client.get(url, {"q": "pham van duc"}).context["page"].object_list

    assert list(by_role) == [official]
    assert set(by_commune) == {hoa, official}
    assert list(by_name) == [hoa]
    assert list(by_name_accents) == [official]


def test_user_list_search_by_phone_in_any_usual_form(client, department_user, collaborator):
    client.force_login(department_user)

    page = client.get(reverse("accounts:user_list"), {"q": "+84 912 345 678"}).context["page"]

    assert list(page.object_list) == [collaborator]


def test_user_list_with_an_unknown_commune_says_so(client, department_user):
    client.force_login(department_user)

    response = client.get(reverse("accounts:user_list"), {"commune": "999999"})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["commune"]


def test_user_list_runs_a_fixed_number_of_queries(
    client, department_user, commune_a, django_assert_max_num_queries
):
    CollaboratorUserFactory.create_batch(3, area=commune_a)
    client.force_login(department_user)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("accounts:user_list"))
    CollaboratorUserFactory.create_batch(30, area=commune_a)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("accounts:user_list"))

    assert len(response.context["page"].object_list) == 34  # 33 collaborators + the viewer


@pytest.mark.parametrize(
    "factory",
    [
        CollaboratorUserFactory,
        CommuneOfficialFactory,
        CommuneLeaderFactory,
        FacilityUserFactory,
        LeadershipUserFactory,
    ],
)
def test_user_pages_are_for_department_and_admin_only(client, factory, collaborator):
    client.force_login(factory())

    urls = [
        reverse("accounts:user_list"),
        reverse("accounts:user_temporary_password", args=[collaborator.pk]),
        reverse("accounts:user_deactivate", args=[collaborator.pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    assert client.post(urls[2]).status_code == 403
    collaborator.refresh_from_db()
    assert collaborator.is_active


def test_admin_sees_the_user_list(client):
    client.force_login(AdminUserFactory())

    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_temporary_password_is_shown_once_and_works_once_changed(client, department_user):
    forgetful = CollaboratorUserFactory(username="ctv.quen")
    client.force_login(department_user)
    url = reverse("accounts:user_temporary_password", args=[forgetful.pk])

    assert client.get(url).status_code == 200
    response = client.post(url)
    password = response.context["password"]

    assert password in response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]
    # A fresh GET shows a form, not the password again.
    assert password not in client.get(url).content.decode()

    client.logout()
    assert _login(client, "ctv.quen", password).status_code == 302
    assert client.get(reverse("home")).url == reverse("accounts:password_change")


def test_deactivate_page_locks_the_account_and_returns_to_the_list(client, department_user):
    target = CollaboratorUserFactory()
    client.force_login(department_user)

    response = client.post(reverse("accounts:user_deactivate", args=[target.pk]))

    assert response.status_code == 302
    assert response.url == reverse("accounts:user_list")
    target.refresh_from_db()
    assert target.is_active is False


def test_actions_on_an_unknown_user_are_404_and_logged(client, department_user):
    client.force_login(department_user)

    response = client.post(reverse("accounts:user_deactivate", args=[987654]))

    assert response.status_code == 404
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_type, log.object_id) == (
        department_user,
        AccessLog.Action.DENIED,
        "accounts.user",
        "987654",
    )


def test_department_cannot_act_on_an_administrator(client, department_user):
    admin = AdminUserFactory()
    client.force_login(department_user)

    response = client.post(reverse("accounts:user_deactivate", args=[admin.pk]))

    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.is_active


# --- one account, however its login is spelt ----------------------------------------------


@pytest.mark.parametrize("spelling", ["CTV.HOA", "Ctv.Hoa", "0912345678", "+84 912 345 678"])
def test_lockout_counts_the_account_not_the_spelling(client, collaborator, spelling):
    for _ in range(4):
        _login(client, "ctv.hoa", "sai")

    # The fifth failure under another spelling of the same account locks it.
    assert _login(client, spelling, "sai").status_code == 403
    assert _login(client, "ctv.hoa").status_code == 403


def test_spellings_of_an_unknown_login_share_one_count(client):
    for spelling in ["Khong.Co", "KHONG.CO", "khong.co", "kHONG.co"]:
        assert _login(client, spelling, "sai").status_code == 200

    assert _login(client, "khong.CO", "sai").status_code == 403


# --- a new password ends every other session and every token ------------------------------


def test_password_change_ends_other_sessions_and_every_token(client, collaborator):
    from django.test import Client

    from socialwork.accounts.models import ApiToken
    from socialwork.accounts.services import api_token_create

    other_browser = Client()
    other_browser.force_login(collaborator)
    api_token_create(user=collaborator, name="Redmi")
    _login(client, "ctv.hoa")

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "mot-mat-khau-moi-dai-7",
            "new_password2": "mot-mat-khau-moi-dai-7",
        },
    )

    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=collaborator).exists()
    assert list(
        UserSession.objects.filter(user=collaborator).values_list("session_key", flat=True)
    ) == [client.session.session_key]
    assert client.get(reverse("home")).status_code == 200
    assert other_browser.get(reverse("home")).status_code == 302


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert "favicon" in response.url


def test_pages_are_compressed_for_a_browser_that_accepts_it(client, collaborator):
    client.force_login(collaborator)

    response = client.get(reverse("home"), headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
