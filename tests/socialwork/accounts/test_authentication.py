from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from socialwork.accounts.models import ApiToken
from tests.socialwork.accounts.factories import ApiTokenFactory

pytestmark = pytest.mark.django_db

ME_URL = "/api/v1/auth/me/"


def _api(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_a_token_idle_for_29_days_still_works_and_is_touched():
    token = ApiTokenFactory(key="con-dung-duoc", idle_days=29)

    assert _api("con-dung-duoc").get(ME_URL).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > timezone.now() - timedelta(minutes=1)


def test_a_token_idle_for_more_than_30_days_expires_and_is_deleted(settings):
    ApiTokenFactory(key="het-han-roi", idle_days=31)

    response = _api("het-han-roi").get(ME_URL)

    assert settings.API_TOKEN_IDLE_DAYS == 30
    assert response.status_code == 401
    assert "hết hạn" in str(response.data["detail"])
    assert not ApiToken.objects.exists()


def test_a_deactivated_users_token_is_refused(collaborator):
    ApiTokenFactory(key="nguoi-da-nghi", user=collaborator)
    collaborator.is_active = False
    collaborator.save()

    assert _api("nguoi-da-nghi").get(ME_URL).status_code == 401


def test_an_unknown_token_is_refused():
    ApiTokenFactory(key="that")

    assert _api("gia-mao").get(ME_URL).status_code == 401
