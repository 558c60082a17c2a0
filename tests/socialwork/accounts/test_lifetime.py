"""Session lifetime: the idle timer pushed on every few minutes, not on every
request; an absolute limit whatever the activity."""

import datetime
import time

import pytest
from django.urls import reverse

from socialwork.accounts.lifetime import REFRESHED, STARTED
from socialwork.accounts.models import UserSession
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _log_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def _expiry(client):
    return UserSession.objects.get(session_key=client.session.session_key).expire_date


def _age_session(client, *, started_ago, refreshed_ago):
    session = client.session
    now = int(time.time())
    session[STARTED] = now - started_ago
    session[REFRESHED] = now - refreshed_ago
    session.save()


def test_login_stamps_the_start(client, collaborator_a):
    before = int(time.time())
    _log_in(client, collaborator_a)

    assert client.session[STARTED] >= before


def test_a_plain_read_writes_no_session(client, collaborator_a):
    _log_in(client, collaborator_a)
    expiry = _expiry(client)

    client.get(reverse("home"))
    client.get(reverse("home"))

    assert _expiry(client) == expiry


def test_the_idle_timer_is_pushed_on_after_a_few_minutes(client, collaborator_a, settings):
    _log_in(client, collaborator_a)
    _age_session(client, started_ago=600, refreshed_ago=settings.SESSION_REFRESH_SECONDS + 1)
    # As if the last write was an hour ago.
    expiry = _expiry(client) - datetime.timedelta(hours=1)
    UserSession.objects.filter(session_key=client.session.session_key).update(expire_date=expiry)

    assert client.get(reverse("home")).status_code == 200

    assert _expiry(client) > expiry


def test_past_the_absolute_age_the_user_is_signed_out(client, collaborator_a, settings):
    _log_in(client, collaborator_a)
    _age_session(client, started_ago=settings.SESSION_ABSOLUTE_AGE + 1, refreshed_ago=10)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
