from socialwork.areas.models import AdministrativeUnit, CodeSet, Level
from socialwork.areas.selectors import (
    commune_search,
    legacy_commune_successors,
    portal_province,
    province_communes,
    unit_list,
)
from tests.factories import LeadershipUserFactory, UserFactory


def names(queryset):
    return [u.name for u in queryset]


def test_portal_province_is_the_configured_2025_province(loaded, settings):
    settings.PORTAL_PROVINCE_CODE = "15"
    province = portal_province()
    assert province.name == "Tỉnh Lào Cai"
    assert province.code_set == CodeSet.CURRENT


def test_province_communes_are_the_current_ones_only(loaded):
    communes = province_communes()
    assert communes.count() == 102
    assert {u.code_set for u in communes} == {CodeSet.CURRENT}


def test_commune_search_ignores_accents_and_case(loaded):
    assert names(commune_search(query="binh kien"))[0] == "Phường Bình Kiến"
    assert names(commune_search(query="BÌNH KIẾN"))[0] == "Phường Bình Kiến"


def test_commune_search_narrows_to_a_province(loaded):
    everywhere = commune_search(query="hoa hiep")
    in_dak_lak = commune_search(query="hoa hiep", province="66")
    assert {u.province.code for u in in_dak_lak} == {"66"}
    assert everywhere.count() >= in_dak_lak.count() > 0


def test_commune_search_forgives_a_typo(loaded):
    assert "Phường Bình Kiến" in names(commune_search(query="binh kein", province="66"))


def test_commune_search_finds_no_legacy_unit_and_nothing_for_blank(loaded):
    # "Xã Hòa Kiến" existed only before 2025.
    assert "Xã Hòa Kiến" not in names(commune_search(query="hoa kien"))
    assert not commune_search(query="  ").exists()


def test_unit_list_q_finds_dak_lak_without_accents(loaded):
    user = UserFactory()
    found = unit_list(actor=user, filters={"q": "dak lak", "level": Level.PROVINCE})
    assert names(found) == ["Tỉnh Đắk Lắk"]


def test_unit_list_filters_by_province_code(loaded):
    user = UserFactory()
    found = unit_list(actor=user, filters={"province": "66", "level": Level.COMMUNE})
    assert found.count() == 102


def test_unit_list_is_open_to_leadership_but_not_to_anonymous(loaded):
    from django.contrib.auth.models import AnonymousUser

    assert unit_list(actor=LeadershipUserFactory()).count() == 34 + 3321
    assert not unit_list(actor=AnonymousUser()).exists()


def test_legacy_commune_maps_to_its_single_successor(loaded):
    assert names(legacy_commune_successors(name="Xã Hòa Kiến")) == ["Phường Bình Kiến"]


def test_legacy_commune_name_without_prefix_and_accents(loaded):
    assert names(legacy_commune_successors(name="hoa kien", district_name="tuy hoa")) == [
        "Phường Bình Kiến"
    ]


def test_split_legacy_commune_gives_every_candidate(loaded):
    candidates = legacy_commune_successors(name="Phường Hòa Hiệp Bắc", province_code="66")
    assert names(candidates) == ["Phường Hòa Hiệp", "Phường Phú Yên"]


def test_ambiguous_legacy_name_is_narrowed_by_district_and_province(loaded):
    # "Phường 1" existed in dozens of towns.
    assert legacy_commune_successors(name="Phường 1").count() > 10
    narrowed = legacy_commune_successors(
        name="Phường 1", district_name="Thành phố Tuy Hòa", province_code="66"
    )
    assert names(narrowed) == ["Phường Tuy Hòa"]


def test_unknown_legacy_commune_has_no_successor(loaded):
    assert not legacy_commune_successors(name="Xã Không Có").exists()


def test_province_code_is_a_2025_code(loaded):
    # 54 was Phú Yên's old code; no 2025 province has it.
    assert AdministrativeUnit.objects.filter(code_set=CodeSet.LEGACY, code="54").exists()
    assert not legacy_commune_successors(name="Xã Hòa Kiến", province_code="54").exists()
