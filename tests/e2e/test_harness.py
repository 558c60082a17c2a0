"""The harness itself: a missing browser is a visible skip, or a failure under CI."""

import pytest

from tests.e2e import conftest as harness


def test_missing_browser_is_skipped_with_the_reason(monkeypatch):
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception, match="chromium is missing"):
        harness._unavailable("/usr/bin/chromium is missing")


def test_missing_browser_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        harness._unavailable("/usr/bin/chromium is missing")
