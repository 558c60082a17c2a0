"""The per-commune counts kept by the database (cases.tallies): every way a
person or a case enters, leaves or moves changes them, in the same statement;
compaction and rebuild keep the sums."""

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import Beneficiary, Case, CaseStatus, ClosureReason, CommuneTally
from cases.tallies import Tally, commune_tallies, tallies_compact, tallies_rebuild
from socialwork.demo.bulk import row_triggers_skipped
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


def live(*communes) -> dict[int, Tally]:
    """What a COUNT over the register and the cases says."""
    result = {}
    for commune in communes:
        people = Beneficiary.objects.active().filter(commune=commune).count()
        open_cases = Case.objects.filter(commune=commune).exclude(status=CaseStatus.CLOSED).count()
        result[commune.pk] = Tally(people, open_cases)
    return result


def tallied(*communes) -> dict[int, Tally]:
    found = commune_tallies([c.pk for c in communes])
    return {c.pk: found.get(c.pk, Tally()) for c in communes}


def test_people_added_one_by_one_and_in_bulk_are_counted(commune_a, commune_b):
    BeneficiaryFactory(commune=commune_a)
    Beneficiary.objects.bulk_create(
        [BeneficiaryFactory.build(commune=commune_b) for _ in range(5)]
        + [BeneficiaryFactory.build(commune=commune_a) for _ in range(2)]
    )
    assert tallied(commune_a, commune_b) == {commune_a.pk: Tally(3, 0), commune_b.pk: Tally(5, 0)}
    assert tallied(commune_a, commune_b) == live(commune_a, commune_b)


def test_a_bulk_insert_adds_one_change_row_per_commune(commune_a, commune_b):
    before = CommuneTally.objects.count()
    Beneficiary.objects.bulk_create(
        [BeneficiaryFactory.build(commune=commune_a) for _ in range(20)]
        + [BeneficiaryFactory.build(commune=commune_b) for _ in range(10)]
    )
    assert CommuneTally.objects.count() - before == 2


def test_a_merged_duplicate_a_move_and_a_deletion_change_the_counts(commune_a, commune_b):
    kept, duplicate, moving, leaving = BeneficiaryFactory.create_batch(4, commune=commune_a)
    duplicate.merged_into = kept
    duplicate.save()
    Beneficiary.objects.filter(pk=moving.pk).update(commune=commune_b)
    leaving.delete()
    assert tallied(commune_a, commune_b) == {commune_a.pk: Tally(1, 0), commune_b.pk: Tally(1, 0)}
    # Undoing a merge counts the person again.
    Beneficiary.objects.filter(pk=duplicate.pk).update(merged_into=None)
    assert tallied(commune_a) == live(commune_a) == {commune_a.pk: Tally(2, 0)}


def test_an_update_that_changes_no_count_adds_no_row(commune_a):
    person = BeneficiaryFactory(commune=commune_a)
    CaseFactory(beneficiary=person)
    before = CommuneTally.objects.count()
    person.address = "Thôn 3"
    person.save()
    Case.objects.filter(beneficiary=person).update(status=CaseStatus.ASSESSMENT)
    assert CommuneTally.objects.count() == before


def test_cases_opened_closed_reopened_moved_and_deleted(commune_a, commune_b):
    person = BeneficiaryFactory(commune=commune_a)
    first, second, third = CaseFactory.create_batch(3, beneficiary=person)
    assert first.commune == commune_a
    assert tallied(commune_a) == {commune_a.pk: Tally(1, 3)}
    first.status = CaseStatus.CLOSED
    first.closed_on = timezone.localdate()
    first.closure_reason = ClosureReason.GOALS_MET
    first.save()
    assert tallied(commune_a) == {commune_a.pk: Tally(1, 2)}
    Case.objects.filter(pk=first.pk).update(  # reopened
        status=CaseStatus.MONITORING, closed_on=None, closure_reason=""
    )
    Case.objects.filter(pk=second.pk).update(commune=commune_b)  # handed over
    third.delete()
    assert tallied(commune_a, commune_b) == {commune_a.pk: Tally(1, 1), commune_b.pk: Tally(0, 1)}
    assert tallied(commune_a, commune_b) == live(commune_a, commune_b)


def test_deleting_a_person_takes_their_open_cases_off_the_count(commune_a):
    person = BeneficiaryFactory(commune=commune_a)
    CaseFactory.create_batch(2, beneficiary=person)
    Case.objects.filter(beneficiary=person).delete()
    person.delete()
    assert tallied(commune_a) == {commune_a.pk: Tally(0, 0)}


def test_compaction_folds_the_rows_and_keeps_the_sums(commune_a, commune_b):
    people = [BeneficiaryFactory(commune=commune_a) for _ in range(6)]
    CaseFactory(beneficiary=people[0])
    BeneficiaryFactory(commune=commune_b).delete()  # commune b nets to nothing
    before = tallied(commune_a, commune_b)
    assert CommuneTally.objects.filter(commune=commune_a).count() >= 7
    left = tallies_compact()
    assert left == CommuneTally.objects.count() == 1
    assert tallied(commune_a, commune_b) == before == live(commune_a, commune_b)
    # Changes after a compaction add to it.
    BeneficiaryFactory(commune=commune_a)
    assert tallied(commune_a) == live(commune_a) == {commune_a.pk: Tally(7, 1)}


def test_a_load_that_skipped_triggers_is_counted_by_the_rebuild(commune_a):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        if cursor.fetchone()[0] != "on":
            pytest.skip("only a superuser can skip triggers (the generator's case)")
    BeneficiaryFactory(commune=commune_a)
    with row_triggers_skipped():
        Beneficiary.objects.bulk_create(
            [BeneficiaryFactory.build(commune=commune_a) for _ in range(3)]
        )
    assert tallied(commune_a) == {commune_a.pk: Tally(1, 0)}  # the load is not seen
    tallies_rebuild()
    assert tallied(commune_a) == live(commune_a) == {commune_a.pk: Tally(4, 0)}
    assert CommuneTally.objects.count() == 1
