"""The disclosure audit (tests/disclosure.py): an integer-programming attacker
who knows the rule, run on what the portal publishes (API values and commune
pages) and on the suppression method's patterns for generated provinces. The
three attacks reported in issue 13 undo the old rule and not the current one."""

import datetime
import os
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialwork.indicators.models import IndicatorValue, PeriodKind
from tests.disclosure import (
    Publication,
    audit,
    card_bands,
    current_publication,
    hidden_ranges,
    legacy_forced_small,
    legacy_publication,
    legacy_suppress_table,
    portal_publication,
    truth_of,
)
from tests.factories import CommuneFactory

from .factories import ComputationRunFactory, IndicatorTargetFactory, IndicatorValueFactory

CI = os.environ.get("CI") == "true"
YEAR = 2026


# --- The three reported attacks, as tables -----------------------------------------

# TGXH-966a 2026: province numerator 12, every shown commune 0, 12 hidden.
TGXH = {f"x{i:02d}": (1, 20 + i) for i in range(12)} | {f"z{i:02d}": (0, 8 + i) for i in range(18)}
# KPI-12H October: 4/4 in the province, 4 hidden cells per column.
KPI12H = {f"x{i}": (1, 1) for i in range(4)} | {f"z{i:02d}": (0, 0) for i in range(12)}
# A commune whose card said "on track, expected 90" beside its hidden rate: a
# serves 3 of 3; three small denominators in the column (b, e too) tell the
# attacker, under the old rule, that its denominator is at most 4.
BADGE = {"a": (3, 3), "b": (0, 2), "e": (0, 4), "c": (40, 50), "d": (60, 80)}


@pytest.mark.parametrize("table", [TGXH, KPI12H], ids=["TGXH-966a", "KPI-12H"])
def test_the_old_rule_is_undone_and_the_current_one_holds(table):
    old = audit(legacy_publication(table), truth_of(table))
    # Every small cell is pinned: each hidden commune holds exactly 1.
    assert not old.ok
    assert {(f.low, f.high) for f in old.disclosed} == {(1, 1)}
    assert len(old.disclosed) == sum(1 <= v <= 4 for row in table.values() for v in row)
    new = audit(current_publication(table), truth_of(table))
    assert new.ok, new.explain()
    # The auditor is sound: every hidden cell's true value lies in the range
    # it derives (each cell with its own role), the denominators hidden too.
    ranges = hidden_ranges(current_publication(table), truth_of(table))
    assert {p for _k, p in ranges} == {0, 1}
    for (key, part), (low, high) in ranges.items():
        assert low <= truth_of(table)[key][part] and (
            high is None or truth_of(table)[key][part] <= high
        )


def test_the_badge_of_a_hidden_rate_undoes_the_old_rule():
    truth = truth_of(BADGE)
    # The old rule already gives the three small denominators away (three
    # hidden cells in a column are all small); a's numerator could still be 0.
    plain = audit(legacy_publication(BADGE), truth)
    assert {f.cell for f in plain.disclosed} == {("a", 1), ("b", 1), ("e", 1)}
    # With "on track, expected 90" it is ≥ 90% of at most 4: everyone served.
    old = audit(legacy_publication(BADGE, badges={"a": Decimal(90)}), truth)
    assert {f.cell for f in old.disclosed} - {f.cell for f in plain.disclosed} == {("a", 0)}
    assert next(f for f in old.disclosed if f.cell == ("a", 0)).low == 1
    new = audit(current_publication(BADGE), truth)
    assert new.ok, new.explain()


def test_the_auditor_finds_a_cell_the_totals_give_away():
    # One hidden cell in a column: the total minus the others is its value.
    publication = Publication(rows={"a": (None,), "b": (9,), "c": (30,)}, totals=(42,))
    result = audit(publication, {"a": (3,), "b": (9,), "c": (30,)})
    assert [(f.low, f.high) for f in result.disclosed] == [(3, 3)]
    # A small cell left visible is disclosed by definition.
    shown = Publication(rows={"a": (3,), "b": (9,)}, totals=(12,))
    assert not audit(shown, {"a": (3,), "b": (9,)}).ok


def test_a_badge_gives_integer_bounds():
    # ≥ 90% of a denominator of 1–4 (forced small): as reals the numerator
    # could be 0.9; as a count it is 1 to 4, and so disclosed.
    publication = Publication(
        rows={"a": (None, None), "c": (None, None), "d": (60, 80)},
        totals=(73, 103),
        ordered={"a": True, "c": True, "d": True},
        bands={"a": [(90.0, float("inf"))]},
        forced_small={("a", 1)},
    )
    result = audit(publication, {"a": (3, 3), "c": (10, 20), "d": (60, 80)})
    finding = next(f for f in result.findings if f.cell == ("a", 0))
    assert (finding.low, finding.high) == (1, 4) and not finding.protected


# --- Generated small provinces ---------------------------------------------------------

counts = st.one_of(st.integers(0, 6), st.integers(0, 60))


not_small = st.one_of(st.just(0), st.integers(5, 80))


# Adversarial small provinces: 1 to 8 communes with counts mostly 0–6, plus
# one commune with nothing small (a province of only small communes cannot be
# protected while its total is published: with 1 and 4 the total 5 and the
# rule pin both).
@st.composite
def rate_tables(draw):
    rows = {}
    for i in range(draw(st.integers(1, 8))):
        den = draw(counts)
        rows[f"c{i}"] = (draw(st.integers(0, den)), den)
    den = draw(not_small)
    num = draw(st.one_of(st.just(0), st.integers(5, max(den, 5)))) if den else 0
    rows["big"] = (min(num, den), den)
    return rows


@st.composite
def count_tables(draw):
    rows = {f"c{i}": (draw(counts), None) for i in range(draw(st.integers(1, 8)))}
    return rows | {"big": (draw(not_small), None)}


@pytest.mark.property
@settings(
    max_examples=60,
    derandomize=CI,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(table=st.one_of(rate_tables(), count_tables()))
def test_generated_provinces_pass_the_audit(table):
    result = audit(current_publication(table), truth_of(table))
    assert result.ok, f"{table}: {result.explain()}"


@pytest.mark.property
@settings(max_examples=40, derandomize=CI, deadline=None)
@given(table=rate_tables())
def test_generated_provinces_with_official_denominators_pass_the_audit(table):
    # An official province denominator is no sum of the communes': the
    # denominator total is not published as such; numerators still add up.
    publication = current_publication(table)
    publication.totals = (publication.totals[0], None)
    assert audit(publication, truth_of(table)).ok


# --- What the portal publishes ----------------------------------------------------------


def _period_rows(province, communes, code, table, *, kind=PeriodKind.YEAR, month=None):
    start = datetime.date(YEAR, month or 1, 1)
    end = (
        datetime.date(YEAR, 12, 31)
        if kind == PeriodKind.YEAR
        else (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    )
    run = ComputationRunFactory(period_kind=kind, period_start=start, period_end=end)
    dates = {"period_kind": kind, "period_start": start, "period_end": end, "run": run}
    total_num = total_den = 0
    for commune, (num, den) in zip(communes, table.values(), strict=True):
        value = None if den is None else (Decimal(100) * num / den if den else None)
        IndicatorValueFactory(
            code=code, unit=commune, numerator=num, denominator=den, value=value, **dates
        )
        total_num += num
        total_den += den or 0
    IndicatorValueFactory(
        code=code,
        unit=province,
        numerator=total_num,
        denominator=None if den is None else total_den,
        value=None if den is None or not total_den else Decimal(100) * total_num / total_den,
        **dates,
    )
    return start.strftime("%Y") if kind == PeriodKind.YEAR else start.strftime("%Y-%m")


def _truth(code, period_key):
    kind = PeriodKind.YEAR if len(period_key) == 4 else PeriodKind.MONTH
    rows = IndicatorValue.objects.filter(
        code=code, breakdown="", period_kind=kind, unit__level="commune"
    )
    return {
        r.unit_id: (r.numerator,) if r.denominator is None else (r.numerator, r.denominator)
        for r in rows
    }


def _communes(province, n):
    return [CommuneFactory(parent=province, name=f"Xã Kiểm Thử {i:02d}") for i in range(n)]


# A demo-like province: 24 communes, most counts large, a handful small, a few empty.
DEMO = {
    "CTXH-05": [
        (n, d)
        for n, d in zip(
            [2, 40, 3, 35, 61, 0, 1, 44, 52, 38, 4, 29, 0, 47, 33, 58, 2, 41, 36, 0, 55, 39, 3, 30],
            [4, 73, 9, 64, 90, 2, 3, 80, 71, 70, 4, 55, 0, 81, 62, 88, 5, 77, 60, 1, 95, 66, 6, 58],
            strict=True,
        )
    ],
    "TGXH-966a": [(n, 12 + 3 * (i % 5)) for i, n in enumerate([0] * 20 + [1, 1, 2, 1])],
    "KPI-12H": [
        (n, d)
        for n, d in zip(
            [0, 3, 0, 6, 0, 0, 2, 0, 9, 0, 0, 1, 0, 0, 5, 0, 0, 0, 4, 0, 0, 7, 0, 0],
            [0, 4, 0, 7, 1, 0, 2, 0, 10, 0, 0, 1, 0, 0, 5, 0, 2, 0, 4, 0, 0, 8, 0, 0],
            strict=True,
        )
    ],
    "NET-BENEFICIARIES": [
        (n, None)
        for n in [
            120,
            3,
            88,
            0,
            57,
            140,
            1,
            96,
            75,
            2,
            130,
            64,
            0,
            99,
            4,
            81,
            77,
            150,
            66,
            93,
            5,
            71,
            0,
            1,
        ]
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(DEMO))
def test_the_portal_publication_of_a_demo_like_province_passes(client, province, leadership, code):
    communes = _communes(province, 24)
    period = _period_rows(province, communes, code, dict(enumerate(DEMO[code])))
    client.force_login(leadership)
    publication = portal_publication(client, code=code, period=period, province_id=province.pk)
    result = audit(publication, _truth(code, period))
    assert result.ok, result.explain()
    assert any(None in row for row in publication.rows.values())  # something was hidden
    # The indicator page hides exactly the cells the API hides.
    page = client.get(reverse("indicators:indicator", args=[code]) + f"?period={period}")
    shown = {c.unit.pk for c, _v in page.context["communes"] if not c.value_hidden}
    assert shown == {k for k, row in publication.rows.items() if None not in row}


@pytest.mark.django_db
def test_the_category_breakdowns_the_api_publishes_pass(client, province, leadership):
    # NET-BENEFICIARIES by category, commune by commune: each category's
    # column is suppressed (and audited) with the province's category total.
    communes = _communes(province, 12)
    period = _period_rows(
        province, communes, "NET-BENEFICIARIES", dict(enumerate(DEMO["NET-BENEFICIARIES"][:12]))
    )
    run = IndicatorValue.objects.filter(code="NET-BENEFICIARIES").first().run
    dates = {
        "period_kind": PeriodKind.YEAR,
        "period_start": datetime.date(YEAR, 1, 1),
        "period_end": datetime.date(YEAR, 12, 31),
        "run": run,
    }
    hiv = [0, 2, 0, 0, 7, 1, 0, 0, 3, 0, 12, 0]
    for commune, count in zip(communes, hiv, strict=True):
        IndicatorValueFactory(
            code="NET-BENEFICIARIES",
            breakdown="YT-HIV",
            unit=commune,
            numerator=count,
            denominator=None,
            value=count,
            **dates,
        )
    IndicatorValueFactory(
        code="NET-BENEFICIARIES",
        breakdown="YT-HIV",
        unit=province,
        numerator=sum(hiv),
        denominator=None,
        value=sum(hiv),
        **dates,
    )
    client.force_login(leadership)
    publication = portal_publication(
        client,
        code="NET-BENEFICIARIES",
        period=period,
        province_id=province.pk,
        breakdown="YT-HIV",
    )
    truth = {c.pk: (n,) for c, n in zip(communes, hiv, strict=True)}
    assert publication.totals == (sum(hiv),)
    # 2, 1 and 3 can trade among themselves (2 → 0 and 1 → 3): no fourth cell.
    hidden = {k for k, row in publication.rows.items() if row == (None,)}
    assert hidden == {c.pk for c, n in zip(communes, hiv, strict=True) if 1 <= n <= 4}
    result = audit(publication, truth)
    assert result.ok, result.explain()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "table", "month"),
    [("TGXH-966a", TGXH, None), ("KPI-12H", KPI12H, 10)],
    ids=["TGXH-966a-2026", "KPI-12H-October"],
)
def test_the_reported_attacks_fail_on_the_portal(client, province, leadership, code, table, month):
    communes = _communes(province, len(table))
    kind = PeriodKind.MONTH if month else PeriodKind.YEAR
    period = _period_rows(province, communes, code, table, kind=kind, month=month)
    client.force_login(leadership)
    publication = portal_publication(client, code=code, period=period, province_id=province.pk)
    result = audit(publication, _truth(code, period))
    assert result.ok, result.explain()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "table"), [("TGXH-966a", TGXH), ("KPI-12H", KPI12H)], ids=["TGXH-966a", "KPI-12H"]
)
def test_the_old_rule_put_back_into_the_portal_is_undone(
    client, province, leadership, monkeypatch, code, table
):
    # The same reader and auditor on the old rule's pages: every small cell pinned.
    monkeypatch.setattr("socialwork.indicators.selectors.suppress_table", legacy_suppress_table)
    period = _period_rows(province, _communes(province, len(table)), code, table)
    client.force_login(leadership)
    publication = portal_publication(client, code=code, period=period, province_id=province.pk)
    publication.forced_small = legacy_forced_small(publication)
    result = audit(publication, _truth(code, period))
    assert result.disclosed and {(f.low, f.high) for f in result.disclosed} == {(1, 1)}


@pytest.mark.django_db
def test_a_hidden_commune_card_shows_no_badge_or_bar(client, province, leadership):
    communes = _communes(province, len(BADGE))
    IndicatorTargetFactory(code="CTXH-05", unit=province, year=2025, value=Decimal(60))
    IndicatorTargetFactory(code="CTXH-05", unit=province, year=2030, value=Decimal(90))
    period = _period_rows(province, communes, "CTXH-05", BADGE)
    client.force_login(leadership)
    hidden_page = client.get(reverse("indicators:commune", args=[communes[0].pk]) + "?period=2026")
    assert "Ẩn để bảo vệ số nhỏ" in hidden_page.content.decode()
    assert card_bands(hidden_page.content.decode(), "CTXH-05", YEAR) == []
    # The reader is not blind: a shown commune's card gives its badge and bar.
    shown_page = client.get(reverse("indicators:commune", args=[communes[4].pk]) + "?period=2026")
    bands = card_bands(shown_page.content.decode(), "CTXH-05", YEAR)
    assert len(bands) == 2 and all(lo <= 75 <= hi for lo, hi in bands)
    publication = portal_publication(client, code="CTXH-05", period=period, province_id=province.pk)
    assert publication.bands == {}
    assert audit(publication, _truth("CTXH-05", period)).ok
