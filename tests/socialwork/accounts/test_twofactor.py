"""Two-factor sign-in through the pages and the API: set-up on first sign-in,
the code after the password, recovery codes, no replay, the phone token."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from socialwork.accounts import twofactor
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
from tests.otp import device_code, secret_code

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:second_factor")
SETUP = reverse("accounts:second_factor_setup")
TOKEN_URL = "/api/v1/auth/token/"


def _password(client, user):
    return client.post(LOGIN, {"username": user.username, "password": PASSWORD})


def _after_the_pause(device):
    """django-otp makes the user wait after a wrong code (1 s, doubling): as if they had."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(minutes=1)
    )


def _confirmed_device(user):
    device = twofactor.totp_device_start(user=user)
    twofactor.totp_device_confirm(user=user, device=device, code=device_code(device))
    return TOTPDevice.objects.get(user=user, confirmed=True)


@pytest.mark.parametrize(
    ("factory", "needed"),
    [
        (UserFactory, True),
        (FacilityUserFactory, True),
        (AdminUserFactory, True),
        (CommuneLeaderFactory, True),
        (CommuneOfficialFactory, False),
        (CollaboratorUserFactory, False),
        (LeadershipUserFactory, False),
    ],
)
def test_who_signs_in_with_two_factors(factory, needed):
    assert twofactor.needs_second_factor(factory()) is needed


def test_first_sign_in_sets_up_the_app_and_shows_recovery_codes_once():
    client = Client()
    user = UserFactory()

    assert _password(client, user).url == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home.url.startswith(VERIFY)
    setup = client.get(client.get(home.url).url)
    body = setup.content.decode()
    assert "<svg" in body
    secret = re.search(r'<code id="otp-secret">([A-Z2-7 ]+)</code>', body).group(1)

    wrong = client.post(SETUP, {"code": "000000"})
    assert wrong.status_code == 400
    assert "Mã xác thực không đúng" in wrong.content.decode()

    done = client.post(SETUP, {"code": secret_code(secret)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == twofactor.RECOVERY_CODES
    assert client.get(reverse("home")).status_code == 200
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


def test_the_code_comes_after_the_password_and_leads_where_the_user_was_going():
    user = UserFactory()
    device = _confirmed_device(user)
    client = Client()
    _password(client, user)

    blocked = client.get(reverse("accounts:user_list"))
    assert blocked.status_code == 302
    assert blocked.url.startswith(VERIFY)
    assert client.get(SETUP).url == VERIFY  # no second app without the first

    wrong = client.post(VERIFY, {"code": "123456", "next": reverse("accounts:user_list")})
    assert wrong.status_code == 400
    _after_the_pause(device)
    right = client.post(
        VERIFY, {"code": device_code(device), "next": reverse("accounts:user_list")}
    )

    assert right.status_code == 302
    assert right.url == reverse("accounts:user_list")
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_a_code_cannot_be_used_twice():
    user = UserFactory()
    device = _confirmed_device(user)
    first, second = Client(), Client()
    _password(first, user)
    _password(second, user)
    code = device_code(device)

    assert first.post(VERIFY, {"code": code}).status_code == 302
    assert second.post(VERIFY, {"code": code}).status_code == 400


def test_a_recovery_code_works_once_and_renewal_ends_the_old_ones():
    user = CommuneLeaderFactory()
    _confirmed_device(user)
    codes = twofactor.recovery_codes_renew(user=user)
    client = Client()
    _password(client, user)

    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    other = Client()
    _password(other, user)
    assert other.post(VERIFY, {"code": codes[0]}).status_code == 400

    renewed = client.post(reverse("accounts:account_security"))
    assert renewed.status_code == 200
    assert not StaticToken.objects.filter(token=codes[1]).exists()
    assert other.post(VERIFY, {"code": codes[1]}).status_code == 400


def test_a_collaborator_goes_straight_home():
    client = Client()
    user = CollaboratorUserFactory()

    _password(client, user)

    assert client.get(reverse("home")).status_code == 200
    assert client.get(VERIFY).status_code == 302


def test_the_api_through_an_unverified_session_is_refused():
    client = Client()
    _password(client, UserFactory())

    response = client.get("/api/v1/auth/me/")

    assert response.status_code == 403
    assert "xác thực hai lớp" in response.json()["detail"]


def test_the_phone_token_asks_the_code_of_a_two_factor_role():
    user = FacilityUserFactory()
    api = APIClient(REMOTE_ADDR="10.0.0.8")
    credentials = {"username": user.username, "password": PASSWORD}

    not_set_up = api.post(TOKEN_URL, credentials)
    assert not_set_up.status_code == 400
    assert "otp" in not_set_up.data

    device = _confirmed_device(user)
    assert api.post(TOKEN_URL, {**credentials, "otp": "000000"}).status_code == 400
    _after_the_pause(device)
    created = api.post(TOKEN_URL, {**credentials, "otp": device_code(device)})

    assert created.status_code == 201
    me = api.get("/api/v1/auth/me/", HTTP_AUTHORIZATION=f"Token {created.data['token']}")
    assert me.status_code == 200


def test_a_collaborator_token_needs_no_code():
    user = CollaboratorUserFactory()

    response = APIClient().post(TOKEN_URL, {"username": user.username, "password": PASSWORD})

    assert response.status_code == 201
