"""Name search that forgives: a typo anywhere in a word (the first letter too),
two letters swapped, a skipped middle name, words run together, Ê Đê and
H'Mông names, in two queries whatever the size of the province.

How, and what it costs:

1. Each typed word is expanded against `NameWord` (every distinct word of the
   register's keys: a few hundred in a generated province, a few thousand in
   a real one) by edit distance: levenshtein_less_equal() from fuzzystrmatch,
   the same letters in another order (a transposition, which levenshtein
   counts as two edits), the start of a word, and sound-alike spellings
   ("fuc" for "phúc"). The query reads the whole word table, so its cost
   follows the number of distinct words, never the number of people; a word
   with no close spelling that is two known words run together
   ("nguyenvan") becomes those two. Trigrams could not do this: a short word
   with a wrong first letter ("ja" for "hà") shares no trigram with it.

2. The people are found through the GIN index on the key's word array
   (`cases_benef_search_words`): every typed word exactly (`@>`), and
   separately every typed word by one of its candidates (`&&` per word). Each
   of the two takes at most CAP ids, newest first, so its cost follows CAP:
   a common name ("nguyen thi", a third of the province) walks the primary
   key backwards until CAP rows match (the planner knows from the array's
   element statistics how common each word is); a rare one reads its few
   rows from the index. Within a category, a common name (LINKS_FIRST_SHARE,
   from the same statistics) walks the group's links newest first instead,
   probing each person (`_ids_by_links`). Whoever bears exactly the typed key
   is added from its btree index (`cases_benef_search_key`, with the id: the
   newest CAP are read in order), so "Nguyễn Thị" is never lost among
   100,000 Nguyễn Thị X.

3. Only those ids (at most 2 × CAP + the exact key) are ranked and joined to
   their commune and household: ids first, then the rows.

The rank, lower first: the cost of each typed word's best match (exact <
start of a word < one edit or a swap < two edits), then whether the last
typed word is the name's last (the given name), then whether the first is
the first (the family name), then how many words of the name were not typed
(a skipped middle name ranks right after the exact name), then newest first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial

from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL

from socialwork.search import search_key, search_words, sound_alike, word_letters

from .models import Beneficiary, BeneficiaryCategory
from .models.beneficiaries import SEARCH_WORDS

# Per typed word: the cost of the name word that matched it.
EXACT, PREFIX, CLOSE, FAR = 0, 1, 2, 4
# Ids taken newest first from each way of matching before ranking.
CAP = 200
# Candidates kept per typed word (the cheapest): "d" begins a hundred words.
MAX_CANDIDATES = 60
# Within a category, names this common (2% of the people or more) are found
# by walking the group's people newest first: CAP / share probes at most.
LINKS_FIRST_SHARE = 0.02


def edits_allowed(word: str) -> int:
    """One edit in a short word, two from five letters: "ja" → "ha" (one),
    "ngyuen" → "nguyen" (a swap: two edits, and the same letters)."""
    bare = word.replace("'", "")
    if len(bare) <= 1:
        return 0
    return 1 if len(bare) <= 4 else 2


@dataclass
class Term:
    """A typed word and the name words it may stand for, each with its cost."""

    typed: str
    words: dict[str, int] = field(default_factory=dict)
    # The share of the people bearing one of `words` (index statistics).
    share: float = 0.0

    def at(self, cost: int) -> list[str]:
        return sorted(w for w, c in self.words.items() if c == cost)

    @property
    def exact(self) -> bool:
        return EXACT in self.words.values()


EXPAND_SQL = """
WITH c AS (
SELECT t.pos, w.word,
       CASE WHEN w.word = t.tok OR replace(w.word, '''', '') = t.bare THEN 0
            WHEN left(w.word, length(t.tok)) = t.tok THEN 1
            WHEN w.word = ANY(string_to_array(t.alike, ' ')) THEN 2
            WHEN w.letters = t.letters THEN 2
            ELSE 2 * levenshtein(t.bare, replace(w.word, '''', ''))
       END AS cost
  FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::int[])
       WITH ORDINALITY AS t(tok, bare, letters, alike, k, pos)
  JOIN cases_nameword w
    ON w.word = t.tok
    OR left(w.word, length(t.tok)) = t.tok
    OR w.word = ANY(string_to_array(t.alike, ' '))
    OR (w.letters = t.letters AND length(t.tok) > 1)
    OR (t.k > 0 AND levenshtein_less_equal(t.bare, replace(w.word, '''', ''), t.k) <= t.k)
)
SELECT pos, word, cost FROM c
UNION ALL
SELECT 0, word, -1 FROM cases_nameword WHERE word = ANY(%s::text[])
UNION ALL
-- How common each candidate is (parts per million of the people), from the
-- word index's statistics: a word missing from them is rare.
SELECT -1, e.word, round(e.freq * 1000000)::int
  FROM pg_stats s,
       unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(word, freq)
 WHERE s.schemaname = current_schema() AND s.tablename = 'cases_benef_search_words'
   AND (e.word IN (SELECT word FROM c) OR e.word = ANY(%s::text[]))
"""


def expand(tokens: list[str]) -> list[Term]:
    """One query over the word table: the candidates of every typed word, and
    which halves of a typed word are words (for words run together)."""
    halves = sorted({h for tok in tokens for pair in _splits(tok) for h in pair})
    bare = [tok.replace("'", "") for tok in tokens]
    with connection.cursor() as cursor:
        cursor.execute(
            EXPAND_SQL,
            [
                tokens,
                bare,
                [word_letters(b) for b in bare],
                [" ".join(sound_alike(tok)) for tok in tokens],
                [edits_allowed(tok) for tok in tokens],
                halves,
                halves,
            ],
        )
        rows = cursor.fetchall()
    known = {word for pos, word, cost in rows if pos == 0}
    shares = {word: cost / 1_000_000 for pos, word, cost in rows if pos == -1}
    terms = [Term(tok) for tok in tokens]
    for pos, word, cost in rows:
        if pos > 0:
            term = terms[pos - 1]
            term.words[word] = min(cost, term.words.get(word, cost))
    result = []
    for term in terms:
        best = min(term.words.values(), default=None)
        if best is None or best >= FAR:
            split = next((p for p in _splits(term.typed) if set(p) <= known), None)
            if split:
                result += [Term(split[0], {split[0]: EXACT}), Term(split[1], {split[1]: EXACT})]
                continue
        if term.words:
            cheapest = sorted(term.words.items(), key=lambda item: (item[1], item[0]))
            term.words = dict(cheapest[:MAX_CANDIDATES])
            result.append(term)
    for term in result:
        term.share = min(1.0, sum(shares.get(word, 0.0) for word in term.words))
        # A typed word like no word of any name is left out rather than
        # finding nobody: the other words still narrow the search.
    return result


def _splits(token: str) -> list[tuple[str, str]]:
    if len(token) < 4:
        return []
    return [(token[:i], token[i:]) for i in range(1, len(token))]


def _last_word():
    # split_part with -1 (PostgreSQL 14+): the given name.
    return Func(F("search_key"), Value(" "), Value(-1), function="split_part",
                output_field=TextField())  # fmt: skip


def _first_word():
    return Func(F("search_key"), Value(" "), Value(1), function="split_part",
                output_field=TextField())  # fmt: skip


def rank(terms: list[Term]):
    """The rank of a name (lower first): see the module's docstring."""
    total = Value(0)
    for term in terms:
        whens = [
            When(Q(words__overlap=term.at(cost)), then=Value(cost))
            for cost in sorted(set(term.words.values()))
        ]
        total = total + Case(*whens, default=Value(FAR * 2), output_field=IntegerField())
    given = Case(
        When(Q(last_word__in=list(terms[-1].words)), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    family = Case(
        When(Q(first_word__in=list(terms[0].words)), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    length = Func(SEARCH_WORDS, function="cardinality", output_field=IntegerField())
    extra = Func(
        Func(length - Value(len(terms)), Value(0), function="GREATEST"),
        Value(9),
        function="LEAST",
        output_field=IntegerField(),
    )
    return total * Value(100) + given * Value(20) + family * Value(10) + extra


def _ids(queryset: QuerySet) -> tuple[str, list]:
    sql, params = queryset.order_by("-pk").values("pk")[:CAP].query.sql_with_params()
    return f"({sql})", list(params)


def _ids_by_links(queryset: QuerySet, categories: list[int]) -> tuple[str, list]:
    """CAP ids of `queryset`, newest first, read from the groups' links: each
    link probes its person by primary key (OFFSET 0 keeps the probe a subplan,
    which the planner would otherwise turn into a walk of the whole register
    merged with the links, filtering every name on the way)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    links = BeneficiaryCategory._meta.db_table
    # The table from model metadata, the subquery compiled by the ORM; values are parameters.
    # One group: "= %s", so the (category, person) index gives the order;
    # a group with sub-groups walks the links index newest first.
    group = "= %s" if len(categories) == 1 else "= ANY(%s)"
    walk = (
        f"(SELECT l.beneficiary_id FROM {links} l WHERE l.category_id {group}"  # noqa: S608
        f" AND EXISTS (SELECT 1 FROM ({sql}) AS p(id) WHERE p.id = l.beneficiary_id OFFSET 0)"
        " ORDER BY l.beneficiary_id DESC LIMIT %s)"
    )
    value = categories[0] if len(categories) == 1 else list(categories)
    return walk, [value, *params, CAP]


# The same words, in a form the GIN index does not serve (`|| ''` only hides the
# expression from the planner): within one commune, reading its few thousand
# people by the commune index beats reading the posting list of "nguyen",
# a third of the province, which the planner costs too low.
UNINDEXED_WORDS = Func(
    F("search_key"), template="string_to_array(%(expressions)s || '', ' ')",
    output_field=SEARCH_WORDS.output_field,
)  # fmt: skip


def search(
    queryset: QuerySet[Beneficiary],
    query: str,
    *,
    in_one_commune: bool = False,
    categories: list[int] | None = None,
) -> QuerySet[Beneficiary]:
    """`queryset` (already scoped and filtered) narrowed to the names `query`
    may mean, best first. Two queries: the expansion, then the page.
    `in_one_commune`: the queryset holds one commune's people; they are read
    through the commune's index, whatever the words. `categories`: the
    queryset holds only these groups' people; with a common name (the share
    of people bearing every typed word at least LINKS_FIRST_SHARE) the ids are
    read from the groups' links, newest first (`_ids_by_links`): the planner
    would walk the register newest first, filtering every name, until CAP
    people of the group match (24,000 rows for "tran" among the elderly)."""
    key = search_key(query)
    tokens = [t for t in search_words(key) if t]
    if not tokens:
        return queryset.none()
    terms = expand(tokens)
    if not terms:
        return queryset.none()
    words = queryset.alias(words=UNINDEXED_WORDS if in_one_commune else SEARCH_WORDS)
    share = math.prod(term.share for term in terms)
    if categories and not in_one_commune and share >= LINKS_FIRST_SHARE:
        ids = partial(_ids_by_links, categories=categories)
    else:
        ids = _ids
    forgiving = Q()
    for term in terms:
        forgiving &= Q(words__overlap=list(term.words))
    parts = [ids(words.filter(forgiving)), _ids(queryset.filter(search_key=key).order_by())]
    # Every typed word as typed, unless that is already what `forgiving` asks.
    if all(term.exact for term in terms) and any(len(term.words) > 1 for term in terms):
        # One `@>` for the words with one spelling, `&&` for the others.
        single = [term.at(EXACT)[0] for term in terms if len(term.at(EXACT)) == 1]
        exact = Q(words__contains=single) if single else Q()
        for term in terms:
            if len(term.at(EXACT)) > 1:
                exact &= Q(words__overlap=term.at(EXACT))
        parts.append(ids(words.filter(exact)))
    sql = " UNION ".join(part for part, _ in parts)
    params = [p for _, part_params in parts for p in part_params]
    # The ids come from `queryset`, scoped and filtered: the page reads just
    # those rows, with the same joins and prefetches, and no filter again (a
    # category's EXISTS would otherwise be joined over all its links).
    page = queryset.model._default_manager.filter(pk__in=RawSQL(sql, params))  # noqa: S611
    page.query.select_related = queryset.query.select_related
    page._prefetch_related_lookups = queryset._prefetch_related_lookups
    return (
        page.alias(words=SEARCH_WORDS, last_word=_last_word(), first_word=_first_word())
        .annotate(rank=rank(terms))
        .order_by("rank", "-id")
    )


def collect_words() -> int:
    """Add the words of every key to NameWord, set-based (the generator's
    inserts skip the triggers that do it row by row). Returns the rows added."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO cases_nameword (word, letters)
               SELECT w, vn_word_letters(w)
                 FROM (SELECT DISTINCT unnest(string_to_array(search_key, ' ')) AS w
                         FROM cases_beneficiary) AS t
                WHERE w <> ''
               ON CONFLICT (word) DO NOTHING"""
        )
        return cursor.rowcount
