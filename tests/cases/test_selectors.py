import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import Http404
from django.test import RequestFactory

from cases import selectors
from cases.models import Beneficiary
from socialwork.accounts.models import AccessLog
from tests.cases.factories import BeneficiaryCategoryFactory, BeneficiaryFactory


def search_as(actor, query):
    """What the people list (page and API) finds for `query`: its filter runs
    the search, last, over the people `actor` may see."""
    request = RequestFactory().get("/")
    request.user = actor
    return selectors.beneficiary_list(actor=actor, filters={"q": query}, request=request)


@pytest.fixture
def people(commune_a, commune_b):
    return {
        "duc": BeneficiaryFactory(full_name="Nguyễn Văn Đức", commune=commune_a,
                                  cccd="066058000111", phone="0905111222"),
        "hen": BeneficiaryFactory(full_name="H'Hen Niê", commune=commune_a),
        "ngong": BeneficiaryFactory(full_name="Y Ngông Niê Kdăm", commune=commune_a),
        "other": BeneficiaryFactory(full_name="Trần Thị Bích", commune=commune_a),
        "far": BeneficiaryFactory(full_name="Nguyễn Văn Đức", commune=commune_b),
    }  # fmt: skip


def _names(queryset):
    return [b.full_name for b in queryset]


@pytest.mark.parametrize("query", ["nguyen van duc", "Nguyễn Văn Đức", "nguyen văn đuc", "duc"])
def test_accent_free_search_finds_the_same_person(collaborator_a, people, query):
    found = search_as(collaborator_a, query)
    assert _names(found)[0] == "Nguyễn Văn Đức"
    assert people["far"] not in found  # another commune


def test_typo_ranks_by_similarity(department, people):
    found = list(search_as(department, "nguyen van dcu"))
    assert {b.pk for b in found[:2]} == {people["duc"].pk, people["far"].pk}


@pytest.mark.parametrize("query", ["H’Hen Niê", "hʼhen nie", "H'Hen", "niê kdăm y ngông"])
def test_ede_and_mnong_names_with_any_apostrophe_and_word_order(department, people, query):
    found = _names(search_as(department, query))
    assert found and found[0] in ("H'Hen Niê", "Y Ngông Niê Kdăm")


def test_search_by_cccd_and_phone(department, people):
    assert _names(search_as(department, "066058000111")) == ["Nguyễn Văn Đức"]
    assert list(search_as(department, "+84 905 111 222")) == [people["duc"]]


def test_name_search_uses_the_word_index(department, people, commune_a):
    # Enough rows and fresh statistics that the planner costs paths as it would
    # on a real register.
    Beneficiary.objects.bulk_create(
        Beneficiary(full_name=f"Lê Thị Mẫu {n}", birth_year=1950 + n % 60, commune=commune_a)
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_beneficiary")
    queryset = search_as(department, "nguyen van duc")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # A full scan of another btree index is the seq scan's stand-in on a
        # small table (GIN costs look high there); bitmap scans, which need an
        # index condition, stay allowed.
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "cases_benef_search_words" in plan, plan


def test_duplicates_narrow_by_commune_and_year_then_rank(collaborator_a, commune_a, people):
    found = selectors.beneficiary_duplicates(
        actor=collaborator_a, full_name="Nguyen Van Duc", birth_year=1960, commune=commune_a
    )
    assert list(found) == [people["duc"]]
    none = selectors.beneficiary_duplicates(
        actor=collaborator_a, full_name="Nguyen Van Duc", birth_year=1999, commune=commune_a
    )
    assert list(none) == []


def test_duplicates_by_cccd_whatever_the_name(collaborator_a, commune_a, people):
    found = selectors.beneficiary_duplicates(
        actor=collaborator_a, full_name="Ai Đó", birth_year=1999, commune=commune_a,
        cccd="066058000111",
    )  # fmt: skip
    assert list(found) == [people["duc"]]


def test_get_other_commune_is_404_and_logged(collaborator_a, people):
    with pytest.raises(Http404):
        selectors.beneficiary_get(actor=collaborator_a, beneficiary_id=people["far"].pk)
    assert AccessLog.objects.filter(
        action="denied", object_id=str(people["far"].pk), user=collaborator_a
    ).exists()


def test_leadership_gets_permission_denied(leadership, people):
    with pytest.raises(PermissionDenied):
        selectors.beneficiary_get(actor=leadership, beneficiary_id=people["duc"].pk)


def test_facility_staff_see_nobody_for_now(facility_user, people):
    assert not selectors.beneficiary_list(actor=facility_user).exists()


def test_list_filters_by_category_including_sub_categories(department, people):
    BeneficiaryCategoryFactory(beneficiary=people["hen"])  # ND20-5.5a, under ND20-5.5
    found = selectors.beneficiary_list(actor=department, filters={"category": "ND20-5.5"})
    assert list(found) == [people["hen"]]


def test_sensitive_category_filter_refused_without_the_right(collaborator_a, people):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        selectors.beneficiary_list(actor=collaborator_a, filters={"category": "YT-HIV"})


def test_merged_record_resolves_to_the_kept_one(department, people):
    people["other"].merged_into = people["hen"]
    people["other"].save()
    got = selectors.beneficiary_get(actor=department, beneficiary_id=people["other"].pk)
    assert got == people["hen"]
    assert people["other"] not in selectors.beneficiary_list(actor=department)


def test_every_typed_word_found_ranks_before_close_spellings(department, commune_a):
    bich = BeneficiaryFactory(full_name="Trần Thị Bích", commune=commune_a)
    longer = BeneficiaryFactory(full_name="Trần Thị Bích Ngọc", commune=commune_a)
    binh = BeneficiaryFactory(full_name="Trần Thị Bính", commune=commune_a)  # one letter off
    found = list(search_as(department, "tran thi bich"))
    # The names holding every word first, the exact one first; a name one
    # letter off after them (it may be what the user meant).
    assert found == [bich, longer, binh]
    # The start of a word is enough ("tran thi b").
    assert bich in search_as(department, "tran thi b")
    # A first letter dropped from every word is a typo too.
    assert search_as(department, "ran hi ich")[0] == bich


def test_a_typo_falls_back_to_similar_names_with_all_words_but_one(department, people):
    found = list(search_as(department, "ngyuen van duc"))
    assert {b.pk for b in found[:2]} == {people["duc"].pk, people["far"].pk}
    assert people["other"] not in found


def test_search_applies_after_the_other_filters(department, people, commune_b):
    # Everybody named "Nguyễn Văn Đức" in commune B, not the exact match elsewhere.
    found = selectors.beneficiary_list(
        actor=department, filters={"q": "nguyen van duc", "commune": commune_b.pk}
    )
    assert list(found) == [people["far"]]


def test_name_search_runs_three_queries_whatever_the_page_size(
    department, people, django_assert_num_queries
):
    for size in (1, 5):
        # Anyone with every word? Then the page, then its categories.
        with django_assert_num_queries(3):
            list(search_as(department, "nguyen van duc")[:size])
