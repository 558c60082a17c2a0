"""Small-count suppression: a pure function, tested without a database. That
its patterns resist an attacker is the auditor's job (test_disclosure_audit)."""

from socialwork.indicators.suppression import suppress_table


def hidden(table) -> set:
    return {k for k, row in suppress_table(table).items() if row.value_hidden}


def test_no_small_cells_hides_nothing():
    assert hidden({"a": (0, None), "b": (5, None), "c": (12, None)}) == set()


def test_two_small_cells_that_can_trade_hide_each_other():
    # 3 + 1: either could be 0 (the other 4) without leaving 1–4: no third cell.
    assert hidden({"a": (3, None), "b": (1, None), "c": (40, None)}) == {"a", "b"}


def test_two_small_cells_that_cannot_trade_take_a_third():
    # 2 + 3 = 5: with b known to hold 1–4, a would be 1–4 too. The cheapest
    # shown cell joins them: the empty commune, which loses nothing.
    table = {"a": (2, None), "b": (3, None), "c": (0, None), "d": (9, None)}
    assert hidden(table) == {"a", "b", "c"}


def test_one_small_cell_hides_the_cheapest_other_cell_zero_first():
    assert hidden({"a": (2, None), "b": (0, None), "c": (9, None), "d": (30, None)}) == {"a", "b"}
    assert hidden({"a": (2, None), "c": (9, None), "d": (30, None)}) == {"a", "c"}


def test_boundaries_one_and_four_hidden_five_shown():
    # 1 + 4 cannot trade (0 + 5 or 5 + 0 would leave 1–4): the empty d joins.
    assert hidden({"a": (1, None), "b": (4, None), "c": (5, None), "d": (0, None)}) == {
        "a",
        "b",
        "d",
    }
    assert hidden({"a": (1, None), "b": (3, None), "c": (5, None)}) == {"a", "b"}


def test_a_rate_is_hidden_whole_with_either_part():
    table = suppress_table({"a": (2, 10), "b": (6, 3), "c": (20, 40), "d": (30, 50)})
    assert table["a"].numerator_hidden and table["a"].denominator_hidden
    assert table["b"].numerator_hidden and table["b"].denominator_hidden
    assert not table["c"].value_hidden and not table["d"].value_hidden


def test_the_whole_everyone_served_row_gets_a_partner_with_room():
    # 3 of 3 served; b's 0 of 0 can take all three (3 of 3) in another table.
    assert hidden({"a": (3, 3), "b": (0, 0), "c": (40, 50)}) == {"a", "b"}


def test_a_lone_commune_cannot_be_protected_and_is_hidden():
    assert hidden({"a": (3, 3)}) == {"a"}


def test_same_column_same_pattern():
    table = {f"c{i}": (i % 7, 10 + i) for i in range(30)}
    assert hidden(table) == hidden(dict(reversed(list(table.items()))))


def test_counts_have_no_denominator_flag():
    row = suppress_table({"a": (2, None), "b": (8, None)})["a"]
    assert row.numerator_hidden and not row.denominator_hidden and row.value_hidden
