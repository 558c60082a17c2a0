"""The installable shell: manifest, service worker, offline page, outbox calls."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from socialwork.pwa import sealing
from tests.factories import CollaboratorUserFactory

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_portal_in_vietnamese_with_icons_that_exist(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["lang"] == "vi"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["Service-Worker-Allowed"] == "/"
    script = response.content.decode()
    assert '"/offline/"' in script and '"/field/"' in script


def test_the_service_worker_stores_the_shell_only():
    """It puts into its cache only at install, only the shell list: no page or
    API answer of a signed-in user can land there."""
    script = Client().get("/sw.js").content.decode()
    assert script.count("cache.put(") == 1
    assert 'credentials: "omit"' in script


def test_the_offline_page_carries_nothing_of_the_user(client):
    user = CollaboratorUserFactory(first_name="Nga", last_name="Phạm Thị")
    client.force_login(user)
    body = client.get("/offline/").content.decode()
    assert "Không có mạng" in body
    assert "Phạm Thị Nga" not in body and user.username not in body


def test_the_outbox_key_needs_a_session(client):
    response = client.get("/outbox/key/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_outbox_key_is_the_sessions_and_comes_with_csrf_and_the_clock(client):
    client.force_login(CollaboratorUserFactory())
    first = client.get("/outbox/key/").json()
    again = client.get("/outbox/key/").json()
    assert first["key"]["kid"] == again["key"]["kid"]
    assert first["key"]["kty"] == "RSA" and "d" not in first["key"]  # public part only
    assert first["csrf"] and first["now"]
    other = Client()
    other.force_login(CollaboratorUserFactory())
    assert other.get("/outbox/key/").json()["key"]["kid"] != first["key"]["kid"]


def test_an_item_opens_for_its_own_session_only():
    user = CollaboratorUserFactory()
    mine = Client(enforce_csrf_checks=True)
    mine.force_login(user)
    csrf = mine.get("/outbox/key/").json()["csrf"]
    envelope = sealing.seal(mine.session, {"fields": {"full_name": "Y Bih Niê"}})
    opened = mine.post(
        "/outbox/open/", json.dumps(envelope), content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )  # fmt: skip
    assert opened.json() == {"payload": {"fields": {"full_name": "Y Bih Niê"}}}

    # The same user's next session (a new login) cannot open it: the key died with the session.
    later = Client()
    later.force_login(user)
    refused = later.post("/outbox/open/", json.dumps(envelope), content_type="application/json")
    assert refused.status_code == 410
    assert "phiên đăng nhập đã kết thúc" in refused.json()["detail"]


def test_opening_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(CollaboratorUserFactory())
    client.get("/outbox/key/")
    envelope = sealing.seal(client.session, {"fields": {}})
    response = client.post("/outbox/open/", json.dumps(envelope), content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"kid": 1}'])
def test_a_broken_envelope_is_a_clear_refusal(client, body):
    client.force_login(CollaboratorUserFactory())
    client.get("/outbox/key/")
    response = client.post("/outbox/open/", body, content_type="application/json")
    assert response.status_code in (400, 410)
    assert response.json()["detail"]


def test_the_service_worker_and_outbox_stay_small(client):
    """Issue 20: under 15 KB compressed together, on a 3G phone's first visit."""
    import gzip
    from pathlib import Path

    scripts = [client.get("/sw.js").content]
    for name in ("js/outbox.js", "js/field.js"):
        scripts.append(Path(finders.find(name)).read_bytes())
    assert sum(len(gzip.compress(body)) for body in scripts) < 15 * 1024
