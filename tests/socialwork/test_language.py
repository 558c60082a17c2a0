"""Vietnamese by default whatever the browser asks; English when chosen
(socialwork/language.py)."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("asks", ["en", "en-US,en;q=0.9", "fr-FR,en;q=0.5", ""])
def test_the_browser_asking_for_another_language_gets_vietnamese(client, collaborator_a, asks):
    client.force_login(collaborator_a)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=asks)
    assert '<html lang="vi">' in response.content.decode()
    assert response["Content-Language"] == "vi"
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_login_page_too(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="vi">' in response.content.decode()


def test_english_when_chosen_with_the_switch_even_if_the_browser_asks_vietnamese(
    client, collaborator_a
):
    client.force_login(collaborator_a)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9")
    assert '<html lang="en">' in response.content.decode()
    assert "Cookie" in response["Vary"]


def test_an_api_error_follows_the_choice_not_the_header(client, collaborator_a):
    client.force_login(collaborator_a)
    response = client.get("/api/v1/cases/999999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Language"] == "vi"


@pytest.mark.parametrize(("cookie", "expected"), [("en-us", "en"), ("de", "vi"), ("vi", "vi")])
def test_a_stray_cookie_falls_back_sensibly(client, collaborator_a, cookie, expected):
    client.force_login(collaborator_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    response = client.get(reverse("home"))
    assert f'<html lang="{expected}">' in response.content.decode()
