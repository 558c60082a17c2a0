"""The HTTP path: persistent checked connections, compressed pages that do not
leak secrets through their length (BREACH), a tiny favicon."""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_connections_persist_and_are_checked_before_reuse():
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] >= 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_statements_run_without_jit_compilation():
    """Compiling a statement whose estimate crosses jit_above_cost took longer
    than running it (a commune's export at 1M people: 72 of 246 ms)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_pages_are_compressed_with_a_random_length_and_masked_csrf_tokens(client):
    """BREACH guesses a secret from how a compressed page's length changes with
    what the attacker reflects in it. Django's GZipMiddleware adds up to 100
    random bytes to each compressed response, and the CSRF token in a form is
    masked anew on every response, so neither length nor token repeats."""
    lengths, tokens = set(), set()
    for _ in range(6):
        response = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        lengths.add(len(response.content))
        tokens.update(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(lengths) > 1, "the compressed length repeats: no random padding"
    assert len(tokens) == 6, "the CSRF token is not masked per response"


def test_every_page_links_a_tiny_favicon(client):
    html = client.get("/accounts/login/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg"', html), html[:800]
    path = finders.find("favicon.svg")
    assert path is not None
    with open(path, "rb") as icon:
        assert len(icon.read()) < 2048
