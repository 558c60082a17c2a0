import pytest
from rest_framework.test import APIClient

from socialwork.accounts import services
from socialwork.accounts.models import ApiToken
from tests.conftest import PASSWORD
from tests.socialwork.accounts.factories import ApiTokenFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/auth/me/"
LOGOUT_URL = "/api/v1/auth/logout/"
INVALID = "Tên đăng nhập hoặc mật khẩu không đúng."


@pytest.fixture
def api():
    return APIClient(REMOTE_ADDR="10.0.0.7")


@pytest.mark.parametrize("login", ["ctv.hoa", "0912345678", "+84912345678"])
def test_token_for_username_or_phone_is_shown_once_and_stored_hashed(api, collaborator, login):
    response = api.post(TOKEN_URL, {"username": login, "password": PASSWORD, "device": "Redmi"})

    assert response.status_code == 201
    key = response.data["token"]
    stored = ApiToken.objects.get(user=collaborator)
    assert stored.key_hash == ApiToken.hash_key(key)
    assert stored.name == "Redmi"
    assert response.data["user"]["username"] == "ctv.hoa"
    assert not ApiToken.objects.filter(key_hash=key).exists()


def test_each_login_gets_a_new_token(api, collaborator):
    first = api.post(TOKEN_URL, {"username": "ctv.hoa", "password": PASSWORD}).data["token"]
    second = api.post(TOKEN_URL, {"username": "ctv.hoa", "password": PASSWORD}).data["token"]

    assert first != second
    assert ApiToken.objects.filter(user=collaborator).count() == 2


def test_wrong_password_unknown_user_and_inactive_user_get_the_same_answer(api, collaborator):
    from tests.factories import CollaboratorUserFactory

    CollaboratorUserFactory(username="ctv.nghi", is_active=False)

    answers = [
        api.post(TOKEN_URL, {"username": "ctv.hoa", "password": "sai"}),
        api.post(TOKEN_URL, {"username": "khong-co-ai", "password": PASSWORD}),
        api.post(TOKEN_URL, {"username": "ctv.nghi", "password": PASSWORD}),
    ]

    assert [(a.status_code, str(a.json()["non_field_errors"][0])) for a in answers] == [
        (400, INVALID)
    ] * 3
    assert not ApiToken.objects.exists()


def test_missing_fields_are_named(api):
    response = api.post(TOKEN_URL, {"username": "ctv.hoa"})

    assert response.status_code == 400
    assert "password" in response.data


def test_axes_locks_the_api_too_per_username_and_address(api, collaborator, other_collaborator):
    for _ in range(4):
        assert api.post(TOKEN_URL, {"username": "ctv.hoa", "password": "sai"}).status_code == 400
    fifth = api.post(TOKEN_URL, {"username": "ctv.hoa", "password": "sai"})
    right_password = api.post(TOKEN_URL, {"username": "ctv.hoa", "password": PASSWORD})
    colleague = api.post(TOKEN_URL, {"username": "ctv.binh", "password": PASSWORD})

    assert fifth.status_code == 403
    assert right_password.status_code == 403
    assert "15 phút" in right_password.json()["detail"]
    assert colleague.status_code == 201
    assert not ApiToken.objects.filter(user=collaborator).exists()


def test_me_with_a_token(api, collaborator, commune_a):
    _token_obj, key = services.api_token_create(user=collaborator)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api.get(ME_URL)

    assert response.status_code == 200
    assert response.data["username"] == "ctv.hoa"
    assert response.data["role"] == "collaborator"
    assert response.data["area"]["id"] == commune_a.pk
    assert response.data["must_change_password"] is False


def test_me_with_the_browser_session(client, collaborator):
    client.force_login(collaborator)

    assert client.get(ME_URL).json()["username"] == "ctv.hoa"


def test_me_without_credentials_is_401(api):
    assert api.get(ME_URL).status_code == 401


def test_logout_deletes_only_the_current_token(api, collaborator):
    _current, key = services.api_token_create(user=collaborator)
    other = ApiTokenFactory(user=collaborator)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api.post(LOGOUT_URL)

    assert response.status_code == 204
    assert list(ApiToken.objects.all()) == [other]
    assert api.get(ME_URL).status_code == 401


def test_deactivation_revokes_the_token_at_once(api, collaborator, department_user):
    _token_obj, key = services.api_token_create(user=collaborator)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(ME_URL).status_code == 200

    services.user_deactivate(user=collaborator, actor=department_user)

    assert api.get(ME_URL).status_code == 401


def test_a_token_ends_after_its_maximum_age_even_if_used_daily(api, collaborator, settings):
    from datetime import timedelta

    from django.utils import timezone

    token, key = services.api_token_create(user=collaborator, name="Redmi")
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - timedelta(days=settings.API_TOKEN_MAX_DAYS + 1),
        last_used_at=timezone.now(),
    )

    response = api.get(ME_URL, HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 401
    assert not ApiToken.objects.filter(pk=token.pk).exists()


# --- Issue 16 audit: lockout and revocation as the phone meets them ------------------------


@pytest.mark.parametrize("spelling", ["CTV.HOA", "Ctv.Hoa", "0912345678", "+84 912 345 678"])
def test_the_api_lockout_counts_the_account_not_the_spelling(api, collaborator, spelling):
    for _ in range(4):
        assert api.post(TOKEN_URL, {"username": "ctv.hoa", "password": "sai"}).status_code == 400

    fifth = api.post(TOKEN_URL, {"username": spelling, "password": "sai"})
    right_password = api.post(TOKEN_URL, {"username": "ctv.hoa", "password": PASSWORD})

    assert fifth.status_code == 403
    assert right_password.status_code == 403
    assert not ApiToken.objects.filter(user=collaborator).exists()


def test_a_password_changed_on_the_page_ends_the_phones_token(api, client, collaborator):
    from django.urls import reverse

    key = api.post(TOKEN_URL, {"username": "0912345678", "password": PASSWORD}).data["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(ME_URL).status_code == 200
    client.force_login(collaborator)

    changed = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "mot-mat-khau-moi-dai-7",
         "new_password2": "mot-mat-khau-moi-dai-7"},
    )  # fmt: skip

    assert changed.status_code == 302
    assert api.get(ME_URL).status_code == 401


def test_a_password_reset_by_the_department_ends_the_phones_token(
    api, collaborator, department_user
):
    key = api.post(TOKEN_URL, {"username": "ctv.hoa", "password": PASSWORD}).data["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(ME_URL).status_code == 200

    services.user_set_temporary_password(user=collaborator, actor=department_user)

    assert api.get(ME_URL).status_code == 401
