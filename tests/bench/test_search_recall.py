"""Recall of the forgiving name search on the generated province, per typo
class: how often someone bearing the sought name (the same key: names repeat,
so "the person" is any of their namesakes) is first, in the top 3, in the top
10, searched province-wide as department staff, and the mean time and queries.

    BENCH_PEOPLE=1000000 TEST_DATABASE_NAME=<a generated database> \\
        .venv/bin/python -m pytest tests/bench/test_search_recall.py --reuse-db -s

Asserted: the exact name (without accents, as written, in NFD capitals) is
always first, and every class runs the same number of queries. The recall
figures are printed, not asserted. Where whole words are left out (a skipped
middle name, the given name alone) every name holding the typed words is as
good an answer: the median number of such names is printed beside the recall.
"""

from __future__ import annotations

import random
import statistics
import time
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Beneficiary
from socialwork.areas.selectors import portal_province
from socialwork.search import search_words
from tests.bench.conftest import PAGE_TARGET_MS, against, report
from tests.cases.test_selectors import search_as
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SAMPLE = 150
# A neighbouring key on a QWERTY keyboard.
NEIGHBOURS = dict(zip("qwertyuiopasdfghjklzxcvbnm", "wetryuiopoasdfghjklkxcvbnm", strict=True))


def _word_at(words, rng, shortest=2):
    choices = [i for i, w in enumerate(words) if len(w.replace("'", "")) >= shortest]
    return rng.choice(choices) if choices else None


def first_letter(words, rng, name):
    i = _word_at(words, rng)
    if i is None:
        return None
    w = words[i]
    words[i] = NEIGHBOURS.get(w[0], "x") + w[1:]
    return words


def transposed(words, rng, name):
    i = _word_at(words, rng, 3)
    if i is None:
        return None
    w = words[i]
    j = rng.randrange(len(w) - 1)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return words if words[i] != w else None


def middle_letter(words, rng, name):
    i = _word_at(words, rng, 4)
    if i is None:
        return None
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    words[i] = w[:j] + w[j + 1 :]
    return words


def skipped_middle(words, rng, name):
    return [words[0], words[-1]] if len(words) >= 3 else None


def given_alone(words, rng, name):
    return [words[-1]]


def run_together(words, rng, name):
    return [words[0] + words[1], *words[2:]] if len(words) >= 2 else None


def exact(words, rng, name):
    """The key as typed without accents (đ as d)."""
    return words


def as_written(words, rng, name):
    """Accents and capitals, as on the citizen card."""
    return name.split()


def capitals_decomposed(words, rng, name):
    """Upper case in NFD (a keyboard that sends combining accents)."""
    return unicodedata.normalize("NFD", name.upper()).split()


def doubled(words, rng, name):
    i = _word_at(words, rng)
    if i is None:
        return None
    w = words[i]
    j = rng.randrange(len(w))
    words[i] = w[: j + 1] + w[j:]
    return words


def neighbour_key(words, rng, name):
    i = _word_at(words, rng, 3)
    if i is None:
        return None
    w = words[i]
    j = rng.randrange(1, len(w))
    words[i] = w[:j] + NEIGHBOURS.get(w[j], w[j]) + w[j + 1 :]
    return words if words[i] != w else None


def minority_no_apostrophe(words, rng, name):
    """Ê Đê and H'Mông names typed without the apostrophe ("hhen nie")."""
    if not any("'" in w for w in words):
        return None
    return [w.replace("'", "") for w in words]


CLASSES = [exact, as_written, capitals_decomposed, doubled, neighbour_key, first_letter,
           transposed, middle_letter, skipped_middle, given_alone, run_together,
           minority_no_apostrophe]  # fmt: skip


# Whole words left out, none misspelt: every name bearing the typed words is as
# good an answer as the one sought, so its recall is bounded by how many there are.
WHOLE_WORDS = (skipped_middle, given_alone)


def _names_bearing(words: list[str]) -> int:
    """How many different names (keys) hold every typed word."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT search_key) FROM cases_beneficiary"
            " WHERE string_to_array(search_key, ' ') @> %s::text[]",
            [words],
        )
        return cursor.fetchone()[0]


@pytest.fixture(scope="module")
def sample(bench_province, django_db_blocker):
    with django_db_blocker.unblock():
        total = Beneficiary.objects.count()
        step = max(1, total // SAMPLE)
        return list(
            Beneficiary.objects.active()
            .extra(where=["id %% %s = 0"], params=[step])  # noqa: S610 (a constant)
            .values_list("id", "search_key", "full_name")[:SAMPLE]
        )


def test_recall_per_typo_class(sample):
    staff = UserFactory(area=portal_province(), can_view_sensitive=True)
    search_as(staff, "nguyen van duc")[:10]  # warm
    queries_per_class = {}
    for make in CLASSES:
        hits = {1: 0, 3: 0, 10: 0}
        tried = 0
        elapsed = 0.0
        counts = set()
        equally_good: list[int] = []
        for pk, key, name in sample:
            typed = make(search_words(key), random.Random(pk), name)
            if not typed:
                continue
            tried += 1
            with CaptureQueriesContext(connection) as captured:
                started = time.monotonic()
                found = list(
                    search_as(staff, " ".join(typed)).values_list("search_key", flat=True)[:10]
                )
                elapsed += time.monotonic() - started
            counts.add(len(captured))
            if make in WHOLE_WORDS:
                equally_good.append(_names_bearing(typed))
            for n in hits:
                hits[n] += key in found[:n]
        queries_per_class[make.__name__] = counts
        extra = {}
        if make in WHOLE_WORDS:
            extra["median_equally_good_names"] = statistics.median(equally_good)
        report(f"search recall {make.__name__}", tried=tried, **extra,
               top1=f"{hits[1] / tried:.0%}", top3=f"{hits[3] / tried:.0%}",
               top10=f"{hits[10] / tried:.0%}",
               mean=against(elapsed * 1000 / tried, PAGE_TARGET_MS),
               queries="/".join(map(str, sorted(counts))))  # fmt: skip
        if make in (exact, as_written, capitals_decomposed):
            assert hits[1] == tried, make.__name__
    # The expansion and the page (values_list: no prefetch), whatever was typed.
    assert all(counts <= {2} for counts in queries_per_class.values()), queries_per_class
