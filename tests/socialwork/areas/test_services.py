import dataclasses
import datetime

import pytest

from socialwork.areas.models import AdministrativeUnit, CodeSet, Level, UnitSuccession
from socialwork.areas.services import (
    AdminUnitSourceError,
    SourceSuccession,
    SourceUnit,
    admin_units_load,
    package_source,
)
from tests.socialwork.areas.checks import current_province, legacy_province, table_checksum, unit


def count(code_set, level):
    return AdministrativeUnit.objects.filter(code_set=code_set, level=level).count()


def test_load_counts_every_level_of_both_maps(loaded):
    assert count(CodeSet.CURRENT, Level.PROVINCE) == 34
    assert count(CodeSet.CURRENT, Level.COMMUNE) == 3321
    assert count(CodeSet.CURRENT, Level.DISTRICT) == 0
    assert count(CodeSet.LEGACY, Level.PROVINCE) == 63
    assert count(CodeSet.LEGACY, Level.DISTRICT) == 696
    assert count(CodeSet.LEGACY, Level.COMMUNE) == 10051
    assert loaded.units[(CodeSet.LEGACY, Level.COMMUNE)].created == 10051


def test_first_load_is_set_based(loaded):
    # ~14,000 units and ~15,000 successions: a fixed handful of bulk statements.
    assert loaded.query_count < 50


def test_province_66_is_dak_lak_and_its_own_province(loaded):
    dak_lak = current_province("66")
    assert dak_lak.name == "Tỉnh Đắk Lắk"
    assert dak_lak.division_type == "tỉnh"
    assert dak_lak.search_name == "tinh dak lak"
    assert dak_lak.province_id == dak_lak.id
    assert dak_lak.parent_id is None
    assert dak_lak.valid_from == datetime.date(2025, 7, 1)
    assert dak_lak.valid_to is None
    assert AdministrativeUnit.objects.filter(parent=dak_lak, level=Level.COMMUNE).count() == 102


def test_codes_are_zero_padded(loaded):
    assert current_province("01").name == "Thành phố Hà Nội"
    ba_dinh = unit(CodeSet.CURRENT, Level.COMMUNE, "00004")
    assert ba_dinh.name == "Phường Ba Đình"
    assert ba_dinh.parent.code == "01"
    assert unit(CodeSet.LEGACY, Level.DISTRICT, "001").name == "Quận Ba Đình"


def test_legacy_commune_hangs_under_its_district_and_province(loaded):
    hoa_kien = unit(CodeSet.LEGACY, Level.COMMUNE, "22042")
    assert hoa_kien.name == "Xã Hòa Kiến"
    assert hoa_kien.parent.level == Level.DISTRICT
    assert hoa_kien.parent.name == "Thành phố Tuy Hoà"
    assert hoa_kien.province == legacy_province("54")
    assert hoa_kien.parent.parent == legacy_province("54")
    assert hoa_kien.valid_to == datetime.date(2025, 6, 30)
    assert hoa_kien.valid_from is None


def test_old_phu_yen_commune_maps_to_its_new_commune(loaded):
    hoa_kien = unit(CodeSet.LEGACY, Level.COMMUNE, "22042")
    succession = UnitSuccession.objects.get(predecessor=hoa_kien)
    assert succession.successor.name == "Phường Bình Kiến"
    assert succession.successor.province == current_province("66")
    assert succession.partial is False
    assert succession.effective == datetime.date(2025, 7, 1)


def test_phu_yen_became_part_of_dak_lak(loaded):
    assert list(legacy_province("54").successors.all()) == [current_province("66")]
    assert set(current_province("66").predecessors.values_list("name", flat=True)) == {
        "Tỉnh Phú Yên",
        "Tỉnh Đắk Lắk",
    }


def test_a_split_commune_has_partial_successions(loaded):
    hoa_hiep_bac = unit(CodeSet.LEGACY, Level.COMMUNE, "22246")
    rows = UnitSuccession.objects.filter(predecessor=hoa_hiep_bac)
    assert {(r.successor.name, r.partial) for r in rows} == {
        ("Phường Phú Yên", True),
        ("Phường Hòa Hiệp", True),
    }
    assert UnitSuccession.objects.filter(partial=True).count() > 1000


def test_tien_giang_split_over_two_provinces_is_partial(loaded):
    rows = UnitSuccession.objects.filter(predecessor=legacy_province("82"))
    assert {(r.successor.code, r.partial) for r in rows} == {("80", True), ("82", True)}


def test_old_district_maps_through_its_communes(loaded):
    tuy_hoa = unit(CodeSet.LEGACY, Level.DISTRICT, "555")
    assert tuy_hoa.name == "Thành phố Tuy Hoà"
    successors = set(tuy_hoa.successors.values_list("name", flat=True))
    assert {"Phường Tuy Hòa", "Phường Bình Kiến"} <= successors
    assert all(UnitSuccession.objects.filter(predecessor=tuy_hoa).values_list("partial", flat=True))


def test_old_and_new_province_15_coexist(loaded):
    assert current_province("15").name == "Tỉnh Lào Cai"
    assert legacy_province("15").name == "Tỉnh Yên Bái"
    assert list(legacy_province("15").successors.all()) == [current_province("15")]
    assert list(legacy_province("10").successors.all()) == [current_province("15")]


def test_second_run_changes_nothing(loaded):
    before = table_checksum()

    summary = admin_units_load()

    assert table_checksum() == before
    assert not summary.changed
    assert summary.units[(CodeSet.CURRENT, Level.COMMUNE)].unchanged == 3321
    assert summary.successions.created == 0


def test_second_run_is_a_few_queries(loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        admin_units_load()


def test_rerun_updates_a_renamed_unit_in_place(loaded):
    dak_lak = current_province("66")
    source = package_source()
    source.provinces = [
        dataclasses.replace(p, name="Thành phố Đắk Lắk") if p.code == 66 else p
        for p in source.provinces
    ]

    summary = admin_units_load(source=source)

    dak_lak.refresh_from_db()
    assert dak_lak.name == "Thành phố Đắk Lắk"
    assert dak_lak.search_name == "thanh pho dak lak"
    assert summary.units[(CodeSet.CURRENT, Level.PROVINCE)].updated == 1
    assert summary.units[(CodeSet.CURRENT, Level.PROVINCE)].unchanged == 33
    assert summary.units[(CodeSet.CURRENT, Level.COMMUNE)].updated == 0


def test_rerun_drops_a_succession_the_source_no_longer_names(loaded):
    source = package_source()
    source.commune_successions = [s for s in source.commune_successions if s.old_code != 22042]

    summary = admin_units_load(source=source)

    assert summary.successions_deleted == 1
    assert not UnitSuccession.objects.filter(predecessor__code="22042").exists()
    # Its district still went to Bình Kiến through its other communes.
    assert unit(CodeSet.LEGACY, Level.DISTRICT, "555").successors.filter(code="22045").exists()


def _without(items, code):
    return [i for i in items if i.code != code]


BROKEN_SOURCES = {
    "a province missing": lambda s: dataclasses.replace(s, provinces=_without(s.provinces, 66)),
    "communes missing": lambda s: dataclasses.replace(s, communes=s.communes[:3000]),
    "legacy districts missing": lambda s: dataclasses.replace(
        s, legacy_districts=s.legacy_districts[:-1]
    ),
    "a commune whose province does not exist": lambda s: dataclasses.replace(
        s, communes=[*s.communes, SourceUnit(99999, "Xã Ma", "xã", 99)]
    ),
    "a legacy commune whose district does not exist": lambda s: dataclasses.replace(
        s, legacy_communes=[*s.legacy_communes, SourceUnit(99999, "Xã Ma", "xã", 999)]
    ),
    "a duplicate code": lambda s: dataclasses.replace(s, provinces=[*s.provinces, s.provinces[0]]),
    "a nameless unit": lambda s: dataclasses.replace(
        s, provinces=[*s.provinces[1:], dataclasses.replace(s.provinces[0], name=" ")]
    ),
    "a succession to a commune that does not exist": lambda s: dataclasses.replace(
        s, commune_successions=[*s.commune_successions, SourceSuccession(22042, 99999, False)]
    ),
    "no conversion table": lambda s: dataclasses.replace(s, commune_successions=[]),
    # Passes the checks, then fails half-way through the writes: the
    # transaction must undo the levels already written.
    "a legacy commune code too wide, found mid-load": lambda s: dataclasses.replace(
        s,
        legacy_communes=[
            *s.legacy_communes,
            SourceUnit(123456, "Xã Ma", "xã", s.legacy_districts[0].code),
        ],
    ),
}


@pytest.mark.parametrize("breakage", BROKEN_SOURCES.values(), ids=BROKEN_SOURCES.keys())
def test_broken_source_fails_and_leaves_the_table_as_it_was(loaded, breakage):
    source = package_source()
    # Something to change, so a partial write would show in the checksum.
    source.provinces = [
        dataclasses.replace(p, name=p.name + " (sửa)") if p.code == 1 else p
        for p in source.provinces
    ]
    before = table_checksum()

    with pytest.raises(AdminUnitSourceError):
        admin_units_load(source=breakage(source))

    assert table_checksum() == before
    assert current_province("01").name == "Thành phố Hà Nội"
