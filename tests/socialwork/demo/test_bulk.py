"""COPY of plain tuples for the demo seeders (socialwork.demo.bulk)."""

import datetime

from django.db import connection

from cases.models import Beneficiary, Household
from socialwork.demo.bulk import (
    copy_rows,
    indexes_built_after,
    no_insert_history,
    reserve_ids,
    row_triggers_skipped,
)

AWKWARD = "Thôn 1\tngõ 2\\3\nBuôn Ko Sơr\r"


def _setting(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


def _indexes(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = %s", [table])
        return cursor.fetchone()[0]


def test_rows_keep_awkward_text_and_other_columns_get_their_defaults(commune_a):
    ids = reserve_ids(Household, 2)
    copied = copy_rows(
        Household,
        ("id", "commune_id", "code", "address"),
        [(ids[0], commune_a.pk, "HGD-1", AWKWARD), (ids[1], commune_a.pk, "HGD-2", "")],
    )
    assert copied == 2
    first = Household.objects.get(pk=ids[0])
    assert (first.address, first.version, first.head_id) == (AWKWARD, 1, None)
    assert first.created_at is not None
    assert Household.objects.get(pk=ids[1]).address == ""


def test_nulls_booleans_and_dates_go_in_as_given(commune_a):
    copy_rows(
        Beneficiary,
        ("full_name", "identified", "birth_date", "birth_year", "cccd", "commune_id"),
        [
            ("Nguyễn Văn Đức", True, datetime.date(1950, 3, 4), 1950, "066050000001", commune_a.pk),
            ("", False, None, None, None, commune_a.pk),
        ],
    )
    people = Beneficiary.objects.order_by("id").values_list(
        "full_name", "identified", "birth_date", "birth_year", "cccd", "search_key"
    )
    assert list(people) == [
        ("Nguyễn Văn Đức", True, datetime.date(1950, 3, 4), 1950, "066050000001", "nguyen van duc"),
        ("", False, None, None, None, ""),
    ]


def test_reserved_ids_are_not_handed_out_again(commune_a):
    ids = reserve_ids(Household, 3)
    copy_rows(Household, ("id", "commune_id"), [(i, commune_a.pk) for i in ids])
    later = Household.objects.create(commune=commune_a)
    assert ids == list(range(ids[0], ids[0] + 3))
    assert later.pk > ids[-1]


def test_history_is_written_unless_skipped(commune_a):
    copy_rows(Household, ("commune_id", "code"), [(commune_a.pk, "tracked")])
    with no_insert_history("cases.Household:insert_insert"):
        copy_rows(Household, ("commune_id", "code"), [(commune_a.pk, "skipped")])
    events = Household.pgh_event_model.objects.values_list("code", flat=True)
    assert list(events) == ["tracked"]


def test_row_triggers_skipped_nests_and_restores_the_mode(commune_a):
    with row_triggers_skipped():
        with row_triggers_skipped():
            copy_rows(Household, ("commune_id", "code"), [(commune_a.pk, "no history")])
        assert _setting("session_replication_role") == "replica"
    assert _setting("session_replication_role") == "origin"
    assert not Household.pgh_event_model.objects.exists()


def test_plain_indexes_are_built_again_after_the_rows(commune_a):
    before = _indexes("cases_servicedelivery")
    with indexes_built_after(["cases_servicedelivery"]):
        during = _indexes("cases_servicedelivery")
    assert during == 2  # the primary key and the unique client_uuid stay
    assert _indexes("cases_servicedelivery") == before > during
