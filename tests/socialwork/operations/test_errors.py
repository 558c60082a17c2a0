"""Error pages in the user's language, never a traceback; a database error
anywhere in a request becomes the 503 page."""

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from socialwork.operations import errors
from socialwork.urls import urlpatterns as portal_urls


def _boom(request):
    raise RuntimeError("secret detail of the failure")


def _database_down(request):
    raise OperationalError("connection to server at 10.1.2.3 failed: password for user x")


def _interface_down(request):
    raise InterfaceError("connection already closed")


def _ok(request):
    return HttpResponse("ok")


urlpatterns = [
    path("test-boom/", _boom),
    path("test-db-down/", _database_down),
    path("test-db-interface/", _interface_down),
    path("api/v1/test-db-down/", _database_down),
    path("test-ok/", _ok),
    *portal_urls,
]
handler400 = "socialwork.operations.errors.bad_request"
handler500 = "socialwork.operations.errors.server_error"


@pytest.fixture
def errors_urls(settings):
    settings.ROOT_URLCONF = __name__


def _client(language=None) -> Client:
    client = Client(raise_request_exception=False)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.django_db
def test_404_in_vietnamese_and_in_english_when_chosen():
    page = _client().get("/khong-co-trang-nay/")
    assert page.status_code == 404
    assert "Không tìm thấy trang" in page.content.decode()
    english = _client("en").get("/khong-co-trang-nay/")
    assert english.status_code == 404
    assert "Page not found" in english.content.decode()


@pytest.mark.django_db
def test_403_page_is_site_styled_and_translated(collaborator_a):
    client = _client()
    client.force_login(collaborator_a)
    page = client.get("/operations/")
    assert page.status_code == 403
    body = page.content.decode()
    assert "Không có quyền truy cập" in body
    assert 'href="/static/css/portal.css"' in body or "portal." in body


@pytest.mark.django_db
def test_500_shows_a_page_never_a_traceback(errors_urls):
    page = _client().get("/test-boom/")
    assert page.status_code == 500
    body = page.content.decode()
    assert "Đã có lỗi xảy ra" in body
    assert "secret detail" not in body and "Traceback" not in body
    assert "Something went wrong" in _client("en").get("/test-boom/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/test-db-down/", "/test-db-interface/"])
def test_a_database_error_is_a_503_saying_the_portal_will_be_back(errors_urls, url):
    page = _client().get(url)
    assert page.status_code == 503
    assert page["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    body = page.content.decode()
    assert "Cổng tạm thời gián đoạn" in body
    assert "hoạt động trở lại" in body
    assert "10.1.2.3" not in body and "password" not in body
    english = _client("en").get(url).content.decode()
    assert "back shortly" in english


@pytest.mark.django_db
def test_a_database_error_is_a_503_even_with_debug_on(errors_urls, settings):
    settings.DEBUG = True
    page = _client().get("/test-db-down/")
    assert page.status_code == 503
    assert "Traceback" not in page.content.decode()


@pytest.mark.django_db
def test_the_api_gets_a_json_503(errors_urls):
    response = _client().get("/api/v1/test-db-down/")
    assert response.status_code == 503
    assert "detail" in response.json()


@pytest.mark.django_db
def test_an_expired_form_says_so(department):
    client = Client(enforce_csrf_checks=True)
    client.force_login(department)
    page = client.post("/accounts/logout/")
    assert page.status_code == 403
    assert "Biểu mẫu đã hết hạn" in page.content.decode()
