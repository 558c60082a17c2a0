"""Communes ranked by progress, worst first (socialwork/indicators/ranking.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from socialwork.indicators import services
from socialwork.indicators.periods import year_period
from socialwork.indicators.ranking import _progress, commune_ranking

pytestmark = pytest.mark.django_db
YEAR = "?period=2025"


@pytest.mark.parametrize(
    ("value", "expected", "higher", "share"),
    [
        (Decimal(30), Decimal(60), True, Decimal("50.0")),
        (Decimal(90), Decimal(60), True, Decimal("150.0")),  # capped
        (Decimal(10), Decimal(5), False, Decimal("50.0")),  # twice what should remain
        (Decimal(0), Decimal(5), False, Decimal("150.0")),
    ],
)
def test_progress_against_the_expected_value(value, expected, higher, share):
    assert _progress(value, expected, higher) == share


def test_the_leader_reads_the_ranking_worst_first_and_opens_the_worst(
    client, small_province, leadership, django_assert_max_num_queries
):
    services.indicators_compute(period=year_period(2025))
    client.force_login(leadership)
    home = client.get(reverse("home")).content.decode()
    assert reverse("indicators:ranking") in home
    with django_assert_max_num_queries(30):
        response = client.get(reverse("indicators:ranking") + YEAR)
    assert response.status_code == 200
    rows = response.context["rows"]
    scores = [r.score for r in rows if r.score is not None]
    assert scores and scores == sorted(scores)
    assert {r.unit.pk for r in rows} >= {small_province[k].pk for k in ("a", "b", "c")}
    worst = rows[0]
    # CTXH-01 is 0% in commune b (DOMAIN notes in the conftest): the worst there.
    assert worst.unit == small_province["b"]
    page = response.content.decode()
    link = reverse("indicators:commune", args=[worst.unit.pk])
    assert link in page
    assert client.get(link + YEAR).status_code == 200


def test_a_hidden_cell_takes_no_part_in_the_score(small_province, leadership):
    from socialwork.indicators import selectors

    services.indicators_compute(period=year_period(2025))
    rows, indicators = commune_ranking(actor=leadership, period=year_period(2025))
    for indicator in indicators:
        cells = selectors.commune_breakdown(
            actor=leadership, indicator=indicator, period=year_period(2025)
        )
        hidden = {c.unit.pk for c in cells if c.value_hidden}
        for row in rows:
            if row.unit.pk in hidden:
                assert indicator.code not in row.progress


def test_commune_roles_go_to_their_own_commune(client, small_province):
    from tests.factories import CommuneOfficialFactory

    client.force_login(CommuneOfficialFactory(area=small_province["a"]))
    response = client.get(reverse("indicators:ranking"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("indicators:commune", args=[small_province["a"].pk]))
