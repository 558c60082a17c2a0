"""The outbox's seal: only the session that made the key opens an item."""

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError

from socialwork.pwa import sealing


def test_an_item_sealed_for_a_session_opens_in_it():
    session = SessionStore()
    envelope = sealing.seal(session, {"fields": {"full_name": "Hờ A Páo"}})
    assert "Hờ A Páo" not in str(envelope)
    assert sealing.unseal(session, envelope) == {"fields": {"full_name": "Hờ A Páo"}}


def test_the_public_key_is_stable_within_a_session_and_differs_between_them():
    one, two = SessionStore(), SessionStore()
    assert sealing.public_jwk(one)["kid"] == sealing.public_jwk(one)["kid"]
    assert sealing.public_jwk(one)["kid"] != sealing.public_jwk(two)["kid"]


def test_another_sessions_item_cannot_be_opened():
    envelope = sealing.seal(SessionStore(), {"fields": {}})
    other = SessionStore()
    with pytest.raises(ValidationError) as refused:
        sealing.unseal(other, envelope)
    assert refused.value.code == "other_session"
    sealing.public_jwk(other)  # a key of its own changes nothing
    with pytest.raises(ValidationError):
        sealing.unseal(other, envelope)


@pytest.mark.parametrize("field", ["key", "iv", "data"])
def test_a_damaged_item_is_refused_not_a_crash(field):
    session = SessionStore()
    envelope = sealing.seal(session, {"fields": {"note": "x"}})
    envelope[field] = envelope[field][:-4] + "AAAA"
    with pytest.raises(ValidationError) as refused:
        sealing.unseal(session, envelope)
    assert refused.value.code == "damaged"
