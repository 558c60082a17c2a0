"""The field forms: the outbox's app shell, the same for everyone."""

import gzip
import re

import pytest

from tests.cases.referrals.factories import CentreFactory, service
from tests.factories import CollaboratorUserFactory

pytestmark = pytest.mark.django_db


def test_the_shell_opens_signed_out_with_the_reference_lists(client):
    centre = CentreFactory(services=[service()])
    body = client.get("/field/").content.decode()
    for kind in ("person", "case", "visit", "service", "consent", "referral"):
        assert f'data-kind="{kind}"' in body
    assert centre.name in body and service().name in body
    # The referral lists which services each facility offers, to filter by the one chosen.
    assert f'data-services="{service().code}"' in body


def test_the_shell_is_the_same_whoever_asks(client):
    anonymous = client.get("/field/").content
    client.force_login(CollaboratorUserFactory(first_name="Nga", last_name="Phạm Thị"))
    signed_in = client.get("/field/").content
    assert anonymous == signed_in
    assert "csrfmiddlewaretoken" not in signed_in.decode()


def test_the_shell_has_no_inline_script_and_is_light(client):
    body = client.get("/field/").content
    assert not re.search(rb"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert len(gzip.compress(body)) < 60 * 1024
