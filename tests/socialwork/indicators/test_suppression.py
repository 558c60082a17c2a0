"""Small-count suppression: a pure function, tested without a database."""

from socialwork.indicators.suppression import suppress_column, suppress_table


def test_no_small_cells_hides_nothing():
    assert suppress_column({"a": 0, "b": 5, "c": 12}) == set()


def test_two_small_cells_hide_each_other():
    # Two hidden cells: the total minus the visible ones gives only their sum.
    assert suppress_column({"a": 3, "b": 1, "c": 40}) == {"a", "b"}


def test_one_small_cell_hides_the_smallest_other_non_zero():
    # 2 alone would be total − (0 + 9 + 30): hide 9 too, not the zero.
    assert suppress_column({"a": 2, "b": 0, "c": 9, "d": 30}) == {"a", "c"}


def test_one_small_cell_among_zeros_hides_a_zero():
    assert suppress_column({"a": 4, "b": 0, "c": 0}) == {"a", "b"}


def test_boundaries_one_and_four_hidden_five_shown():
    assert suppress_column({"a": 1, "b": 4, "c": 5, "d": 0}) == {"a", "b"}


def test_none_is_neither_hidden_nor_used():
    assert suppress_column({"a": None, "b": 2, "c": 7}) == {"b", "c"}


def test_table_hides_the_rate_with_either_part():
    table = suppress_table({"a": (2, 10), "b": (6, 3), "c": (20, 40), "d": (30, 50)})
    assert table["a"].numerator_hidden and table["a"].value_hidden
    assert table["b"].denominator_hidden and table["b"].value_hidden
    # Secondary suppression: numerator column hides b's 6 (smallest other),
    # denominator column hides a's 10 (smallest other).
    assert table["b"].numerator_hidden
    assert table["a"].denominator_hidden
    assert not table["c"].value_hidden and not table["d"].value_hidden


def test_no_hidden_cell_can_be_derived_from_the_total():
    columns = [{"a": 2, "b": 7, "c": 11}, {"a": 1, "b": 0}, {"a": 3, "b": 4, "c": 9}]
    for column in columns:
        hidden = suppress_column(column)
        assert len(hidden) != 1
