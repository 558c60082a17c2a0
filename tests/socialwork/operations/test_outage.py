"""A real database outage during requests: the portal answers 503 in the
user's language, keeps the user's session, and recovers by itself.

The connection goes through a TCP proxy that the test cuts (never the shared
server)."""

import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from .tcp_proxy import TcpProxy

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def proxied_database():
    db = connection.settings_dict
    options = db.setdefault("OPTIONS", {})
    host = db.get("HOST") or options.get("host") or ""
    proxy = TcpProxy(host, int(db.get("PORT") or options.get("port") or 5432))
    original = (db.get("HOST"), db.get("PORT"), dict(options))
    connection.close()
    options.pop("host", None)
    options.pop("port", None)
    db["HOST"], db["PORT"] = "127.0.0.1", str(proxy.port)
    try:
        yield proxy
    finally:
        proxy.restore()
        connection.close()
        db["HOST"], db["PORT"] = original[0], original[1]
        options.clear()
        options.update(original[2])
        proxy.close()


def test_outage_gives_503_keeps_the_session_and_recovers(department, proxied_database):
    client = Client(raise_request_exception=False)
    client.force_login(department)
    assert client.get("/").status_code == 200

    proxied_database.cut()
    connection.close()  # as at the end of each request (CONN_MAX_AGE=0)
    down = client.get("/")
    assert down.status_code == 503
    body = down.content.decode()
    assert "Cổng tạm thời gián đoạn" in body
    assert "Traceback" not in body
    # The unreadable session was not taken for an empty one: no logout.
    cookie = down.cookies.get(settings.SESSION_COOKIE_NAME)
    assert cookie is None or cookie.value

    english = Client(raise_request_exception=False)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    assert "back shortly" in english.get("/").content.decode()

    health = client.get("/healthz")
    assert health.status_code == 503
    assert "database" in health.json()["failed"]

    proxied_database.restore()
    back = client.get("/")
    assert back.status_code == 200  # the same login, with nothing restarted
    assert department.username in back.content.decode() or "Xin chào" in back.content.decode()


def _get(url: str, session: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (the live server)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_kept_connection_cut_under_a_real_server_recovers(
    department, proxied_database, live_server
):
    """Through Django's own WSGI handler (which recycles broken connections at
    each request's start and end), with connections kept as CONN_MAX_AGE > 0."""
    client = Client()
    client.force_login(department)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    connection.settings_dict["CONN_MAX_AGE"] = 600
    try:
        assert _get(f"{live_server.url}/operations/", session)[0] == 200
        proxied_database.cut()  # the server's open connection dies under it
        status, body = _get(f"{live_server.url}/operations/", session)
        assert status == 503
        assert "Cổng tạm thời gián đoạn" in body
        proxied_database.restore()
        status, body = _get(f"{live_server.url}/operations/", session)
        assert status == 200
        assert "Vận hành hệ thống" in body
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0
