"""The search key: Python's `search_key` and its SQL twin `vn_search_key` agree
on any Vietnamese-looking name, however it was typed (NFC or NFD, đ/Đ, tones,
apostrophes, runs of spaces)."""

import unicodedata

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialwork.search import APOSTROPHES, search_key

# Vietnamese letters with every tone, both cases; the Ê Đê and Jrai names'
# apostrophes; the spaces people type or paste.
_BASES = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
_LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for base in _BASES + _BASES.upper()
        for tone in _TONES
    }
    | set("bcdghklmnpqrstvxđĐBCDGHKLMNPQRSTVX")
)
_OTHER = [" ", "  ", "\t", "\n", "'", *APOSTROPHES]

names = st.builds(
    lambda parts, form: unicodedata.normalize(form, "".join(parts)),
    st.lists(st.sampled_from(_LETTERS + _OTHER), min_size=0, max_size=30),
    st.sampled_from(["NFC", "NFD"]),
)


def _sql_keys(values: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(vn_search_key(v), '') FROM unnest(%s::text[]) WITH ORDINALITY t(v, i)"
            " ORDER BY i",
            [values],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.property
@pytest.mark.django_db
@settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(batch=st.lists(names, min_size=1, max_size=20))
def test_python_and_sql_keys_agree(batch):
    assert _sql_keys(batch) == [search_key(name) for name in batch]


@pytest.mark.django_db
def test_known_spellings_share_one_key():
    spellings = [
        "Nguyễn Văn Đức",
        "nguyen  van duc",
        unicodedata.normalize("NFD", "NGUYỄN VĂN ĐỨC"),
    ]
    assert {search_key(s) for s in spellings} == {"nguyen van duc"}
    assert set(_sql_keys(spellings)) == {"nguyen van duc"}
    assert search_key("H’Hen Niê") == search_key("H'Hen Niê") == "h'hen nie"
