"""The forgiving name search: every typo class, the word table, the plan."""

import unicodedata

import pytest
from django.db import connection, transaction

from cases import name_search, selectors
from cases.models import Beneficiary, NameWord
from socialwork.search import search_words, word_letters
from tests.cases.factories import BeneficiaryFactory
from tests.cases.test_selectors import search_as

pytestmark = pytest.mark.django_db

NAMES = [
    "Nguyễn Thị Thu Hà",
    "Đặng Văn Đức",
    "Đặng Văn Phúc",
    "Lê Quang Vinh",
    "Lê Vĩnh",
    "Lê Văn Vinh Hùng",
    "Trần Văn Vinh",
    "Vinh Thị Lan",
    "Trần Thị Bích",
    "Nguyễn Văn Nam",
    "Y Bih Niê",
    "H'Hen Niê Kdăm",
    "Hờ A Páo",
    "Giàng Thị Mỷ",
    "Phạm Minh Tuấn",
]


@pytest.fixture
def register(commune_a):
    return {name: BeneficiaryFactory(full_name=name, commune=commune_a) for name in NAMES}


def top(department, query: str, n: int = 3) -> list[str]:
    return [b.full_name for b in search_as(department, query)[:n]]


@pytest.mark.parametrize(
    "query,meant",
    [
        # The first letter wrong, dropped or added.
        ("nguyen thi thu ja", "Nguyễn Thị Thu Hà"),
        ("dang van fuc", "Đặng Văn Phúc"),
        ("guyen van nam", "Nguyễn Văn Nam"),
        ("tran thi vich", "Trần Thị Bích"),
        # A letter in the middle or at the end.
        ("pham minh tuan", "Phạm Minh Tuấn"),
        ("pham mihn tuan", "Phạm Minh Tuấn"),
        ("pham minh tua", "Phạm Minh Tuấn"),
        ("dang van dux", "Đặng Văn Đức"),
        # Two letters swapped, in a long and a short word.
        ("ngyuen van nam", "Nguyễn Văn Nam"),
        ("nguyen van nma", "Nguyễn Văn Nam"),
        ("tarn thi bich", "Trần Thị Bích"),
        # Words run together.
        ("nguyenvan nam", "Nguyễn Văn Nam"),
        ("tranthi bich", "Trần Thị Bích"),
        # Ê Đê and H'Mông names, with and without the apostrophe.
        ("y bih nie", "Y Bih Niê"),
        ("Y Bih Niê", "Y Bih Niê"),
        ("hhen nie", "H'Hen Niê Kdăm"),
        ("h'hen nie kdam", "H'Hen Niê Kdăm"),
        ("ho a pao", "Hờ A Páo"),
        ("Hờ A Páo", "Hờ A Páo"),
        ("giang thi my", "Giàng Thị Mỷ"),
        # Sound-alike spelling (telex-free "f" for "ph").
        ("fam minh tuan", "Phạm Minh Tuấn"),
        # Accents, capitals, đ as d, combining accents (NFD), stray spaces.
        ("dang van duc", "Đặng Văn Đức"),
        ("ĐẶNG VĂN ĐỨC", "Đặng Văn Đức"),
        (unicodedata.normalize("NFD", "Đặng Văn Đức"), "Đặng Văn Đức"),
        ("  Phạm   Minh Tuấn ", "Phạm Minh Tuấn"),
        # A doubled letter, a neighbouring key.
        ("phamm minh tuan", "Phạm Minh Tuấn"),
        ("pham minh tuab", "Phạm Minh Tuấn"),
        ("trab thi bich", "Trần Thị Bích"),
    ],
)
def test_a_typo_anywhere_finds_the_person_first(department, register, query, meant):
    assert top(department, query, 1) == [meant], top(department, query, 5)


def test_a_skipped_middle_name_ranks_right_after_the_exact_name(department, register):
    found = top(department, "le vinh", 4)
    # "Lê Vĩnh" is exactly what was typed; "Lê Quang Vinh" holds every typed
    # word with the given name last; "Lê Văn Vinh Hùng" has them too, but
    # "vinh" is not its given name.
    assert found[:3] == ["Lê Vĩnh", "Lê Quang Vinh", "Lê Văn Vinh Hùng"]


def test_the_given_name_alone_ranks_given_names_first(department, register):
    found = top(department, "vinh", 10)
    # Given name Vinh (shortest first), then Vinh as a middle or family name.
    assert found[0] == "Lê Vĩnh"
    assert set(found[1:3]) == {"Lê Quang Vinh", "Trần Văn Vinh"}
    assert set(found[3:5]) == {"Lê Văn Vinh Hùng", "Vinh Thị Lan"}


def test_a_word_like_no_name_word_is_left_out(department, register):
    assert top(department, "pham qqqqqq tuan", 1) == ["Phạm Minh Tuấn"]
    assert top(department, "qqqqqq", 1) == []


def test_expansion_lists_candidates_with_their_cost(register):
    terms = name_search.expand(["ja", "fuc", "ngyuen"])
    ja, fuc, ngyuen = terms
    assert ja.words["ha"] == name_search.CLOSE
    assert fuc.words["phuc"] == name_search.CLOSE  # sound-alike
    assert fuc.words["duc"] == name_search.CLOSE  # one edit
    assert ngyuen.words["nguyen"] == name_search.CLOSE  # swapped: same letters
    [tran, thi] = name_search.expand(["tranthi"])
    assert (tran.words, thi.words) == ({"tran": 0}, {"thi": 0})


def test_the_word_table_follows_the_register(commune_a):
    person = BeneficiaryFactory(full_name="Ksor H'Bia", commune=commune_a)
    assert NameWord.objects.filter(word__in=["ksor", "h'bia"]).count() == 2
    assert NameWord.objects.get(word="h'bia").letters == word_letters("h'bia")
    Beneficiary.objects.filter(pk=person.pk).update(full_name="Ksor H'Zuin")
    assert NameWord.objects.filter(word="h'zuin").exists()
    # Bulk inserts add theirs in one statement.
    Beneficiary.objects.bulk_create(
        Beneficiary(full_name=f"Rơ Chăm Xu{n}", commune=commune_a) for n in range(3)
    )
    assert NameWord.objects.filter(word__startswith="xu").count() == 3


def test_letters_match_their_sql_twin(commune_a):
    words = ["nguyen", "h'hen", "a", "ksor", "y"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT vn_word_letters(w) FROM unnest(%s::text[]) AS w", [words])
        assert [row[0] for row in cursor.fetchall()] == [word_letters(w) for w in words]
        cursor.execute("SELECT string_to_array(vn_search_key(%s), ' ')", ["Hờ  A Páo"])
        assert cursor.fetchone()[0] == search_words("ho a pao")


def test_two_queries_and_the_page_whatever_its_size(
    department, register, django_assert_num_queries
):
    for size in (1, 5):
        # The expansion, the page, its categories.
        with django_assert_num_queries(3):
            list(search_as(department, "nguyen thi thu ja")[:size])


def test_the_people_are_found_through_the_word_index(department, register, commune_a):
    Beneficiary.objects.bulk_create(
        Beneficiary(full_name=f"Lê Thị Mẫu {n}", commune=commune_a) for n in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_beneficiary")
    for query in ("dang van fuc", "nguyen thi"):
        queryset = search_as(department, query)[:25]
        sql, params = queryset.query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            # On a small table walking the primary key backwards wins; with
            # plain index scans off the word condition must be an index
            # condition, which shows the index matches the query's expression.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            text = "\n".join(row[0] for row in cursor.fetchall())
        assert "Bitmap Index Scan on cases_benef_search_words" in text, text


# --- Within a category: a common name walks the group's links ----------------------------


@pytest.fixture
def in_a_group(register):
    from tests.cases.factories import BeneficiaryCategoryFactory

    for name in ("Trần Văn Vinh", "Trần Thị Bích", "Lê Vĩnh", "Đặng Văn Đức"):
        BeneficiaryCategoryFactory(beneficiary=register[name])  # ND20-5.5a
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_beneficiary")  # the word index's statistics
    return "ND20-5.5a"


def _page(department, filters, captured=None):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        names = [b.full_name for b in selectors.beneficiary_list(actor=department, filters=filters)]
    if captured is not None:
        captured.extend(q["sql"] for q in queries)
    return names


def test_the_share_of_a_word_comes_from_the_index_statistics(in_a_group):
    tran, niê = name_search.expand(["tran", "nie"])
    # The two Trần, and Tuấn (a close spelling): the share of their candidates.
    assert tran.share == pytest.approx(3 / len(NAMES), abs=0.02)
    assert 0 < niê.share < tran.share


def test_a_common_name_in_a_group_is_read_from_the_groups_links(department, in_a_group,
                                                              monkeypatch):  # fmt: skip
    filters = {"q": "tran", "category": in_a_group}
    sql = []
    walked = _page(department, filters, sql)
    assert any("cases_beneficiarycategory l WHERE l.category_id" in q for q in sql), sql
    assert set(walked[:2]) == {"Trần Thị Bích", "Trần Văn Vinh"}
    # The same people, in the same order, as the register walked newest first.
    monkeypatch.setattr(name_search, "LINKS_FIRST_SHARE", 2.0)
    sql.clear()
    assert _page(department, filters, sql) == walked
    assert not any("cases_beneficiarycategory l WHERE" in q for q in sql)


def test_a_rare_name_in_a_group_is_read_from_the_word_index(department, in_a_group):
    sql = []
    assert _page(department, {"q": "dang van duc", "category": in_a_group}, sql)[0] == (
        "Đặng Văn Đức"
    )
    assert not any("cases_beneficiarycategory l WHERE" in q for q in sql)


def test_a_group_with_sub_groups_walks_all_their_links(department, register, monkeypatch):
    from cases.models import Category
    from tests.cases.factories import BeneficiaryCategoryFactory

    parent = Category.objects.filter(active=True).exclude(parent=None).first().parent
    child = Category.objects.filter(parent=parent).first()
    BeneficiaryCategoryFactory(beneficiary=register["Trần Văn Vinh"], category=child)
    BeneficiaryCategoryFactory(beneficiary=register["Trần Thị Bích"], category=parent)
    monkeypatch.setattr(name_search, "LINKS_FIRST_SHARE", 0.0)
    sql = []
    names = _page(department, {"q": "tran", "category": parent.code}, sql)
    assert set(names) == {"Trần Văn Vinh", "Trần Thị Bích"}
    assert any("l.category_id = ANY(" in q for q in sql)


def test_category_and_name_queries_do_not_grow_with_the_page(
    department, in_a_group, django_assert_num_queries
):
    for size in (1, 5):
        # The category, its group, the expansion, the page, its categories.
        with django_assert_num_queries(5):
            list(
                selectors.beneficiary_list(
                    actor=department, filters={"q": "tran", "category": in_a_group}
                )[:size]
            )
