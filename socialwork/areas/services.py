"""Writes of the administrative map: the one loader of the official units.

`admin_units_load` reads a `UnitSource` (by default the `vietnam-provinces`
package) and makes the table match it in one transaction: units are matched by
(code set, level, code), created or updated in bulk, never one save() each.
The source is checked in full before anything is written, so a broken or
partial source leaves the table as it was.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TypedDict

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from socialwork.search import search_key

from .models import AdministrativeUnit, CodeSet, Level, UnitSuccession

CURRENT_FROM = datetime.date(2025, 7, 1)
LEGACY_TO = datetime.date(2025, 6, 30)
SUCCESSION_EFFECTIVE = CURRENT_FROM

# Official widths of the codes (NSO list): provinces 2 digits, districts 3,
# communes 5. The package gives integers.
CODE_WIDTH: dict[str, int] = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}

# What a complete source holds (DOMAIN.md §7.1). Fewer means a truncated source.
EXPECTED_COUNTS = {
    (CodeSet.CURRENT, Level.PROVINCE): 34,
    (CodeSet.CURRENT, Level.COMMUNE): 3321,
    (CodeSet.LEGACY, Level.PROVINCE): 63,
    (CodeSet.LEGACY, Level.DISTRICT): 696,
    (CodeSet.LEGACY, Level.COMMUNE): 10051,
}

UNIT_FIELDS = ["name", "division_type", "search_name", "parent_id", "province_id"]
UNIT_FIELDS += ["valid_from", "valid_to"]


class AdminUnitSourceError(ValueError):
    """The data source is broken or partial; nothing was written."""


@dataclass(frozen=True)
class SourceUnit:
    code: int
    name: str
    division_type: str
    # Code of the parent in the same code set (None for a province).
    parent_code: int | None = None


@dataclass(frozen=True)
class SourceSuccession:
    old_code: int
    new_code: int
    partial: bool


@dataclass
class UnitSource:
    """Plain data, so a test can hand the loader a broken copy."""

    provinces: list[SourceUnit]
    communes: list[SourceUnit]
    legacy_provinces: list[SourceUnit]
    legacy_districts: list[SourceUnit]
    legacy_communes: list[SourceUnit]
    province_successions: list[SourceSuccession]
    commune_successions: list[SourceSuccession]


@dataclass
class LevelStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LoadSummary:
    units: dict[tuple[str, str], LevelStats] = field(default_factory=dict)
    successions: LevelStats = field(default_factory=LevelStats)
    successions_deleted: int = 0
    # Conversion rows naming an old commune absent from the 2025-01 list
    # (dissolved earlier): skipped, not an error.
    successions_skipped: int = 0

    @property
    def changed(self) -> bool:
        stats = [*self.units.values(), self.successions]
        return self.successions_deleted > 0 or any(s.created or s.updated for s in stats)


def package_source() -> UnitSource:
    """The official units shipped in `vietnam-provinces` (2026.2+)."""
    # Imported here, not at module level: the conversion tables are large and
    # only the loader needs them.
    import json

    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH
    from vietnam_provinces import _province_conversion_2025 as province_conversion
    from vietnam_provinces import _ward_conversion_2025 as ward_conversion
    from vietnam_provinces.legacy import _lookup as legacy

    nested = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text("utf-8"))
    provinces = [SourceUnit(p["code"], p["name"], p["division_type"]) for p in nested]
    communes = [
        SourceUnit(w["code"], w["name"], w["division_type"], p["code"])
        for p in nested
        for w in p["wards"]
    ]
    return UnitSource(
        provinces=provinces,
        communes=communes,
        legacy_provinces=[
            SourceUnit(int(p.code), p.name, str(p.division_type))
            for p in legacy.PROVINCE_MAPPING.values()
        ],
        legacy_districts=[
            SourceUnit(int(d.code), d.name, str(d.division_type), int(d.province_code))
            for d in legacy.DISTRICT_MAPPING.values()
        ],
        legacy_communes=[
            SourceUnit(int(w.code), w.name, str(w.division_type), int(w.district_code))
            for w in legacy.WARD_MAPPING.values()
        ],
        province_successions=[
            SourceSuccession(old, new.code, len(entry.new_provinces) > 1)
            for old, entry in province_conversion.OLD_TO_NEW.items()
            for new in entry.new_provinces
        ],
        commune_successions=[
            SourceSuccession(old, new.code, entry.old_ward.is_partly_merged)
            for old, entry in ward_conversion.OLD_TO_NEW.items()
            for new in entry.new_wards
        ],
    )


def _padded(code: int, level: str) -> str:
    width = CODE_WIDTH[level]
    text = f"{int(code):0{width}d}"
    if int(code) < 0 or len(text) > width:
        raise AdminUnitSourceError(
            _("Mã %(code)s không hợp lệ cho cấp %(level)s.") % {"code": code, "level": level}
        )
    return text


def _check_source(source: UnitSource) -> None:
    """Refuse a source that would leave the map partial or inconsistent."""
    levels = {
        (CodeSet.CURRENT, Level.PROVINCE): (source.provinces, None),
        (CodeSet.CURRENT, Level.COMMUNE): (source.communes, source.provinces),
        (CodeSet.LEGACY, Level.PROVINCE): (source.legacy_provinces, None),
        (CodeSet.LEGACY, Level.DISTRICT): (source.legacy_districts, source.legacy_provinces),
        (CodeSet.LEGACY, Level.COMMUNE): (source.legacy_communes, source.legacy_districts),
    }
    for (code_set, level), (units, parents) in levels.items():
        label = f"{level} ({code_set})"
        expected = EXPECTED_COUNTS[(code_set, level)]
        if len(units) < expected:
            raise AdminUnitSourceError(
                _("Nguồn dữ liệu thiếu đơn vị: %(label)s có %(found)d, cần ít nhất %(expected)d.")
                % {"label": label, "found": len(units), "expected": expected}
            )
        duplicates = [code for code, n in Counter(u.code for u in units).items() if n > 1]
        if duplicates:
            raise AdminUnitSourceError(
                _("Nguồn dữ liệu có mã trùng ở %(label)s: %(codes)s.")
                % {"label": label, "codes": ", ".join(map(str, sorted(duplicates)[:5]))}
            )
        nameless = [u.code for u in units if not (u.name or "").strip()]
        if nameless:
            raise AdminUnitSourceError(
                _("Nguồn dữ liệu có đơn vị không tên ở %(label)s: mã %(codes)s.")
                % {"label": label, "codes": ", ".join(map(str, nameless[:5]))}
            )
        if parents is not None:
            parent_codes = {p.code for p in parents}
            orphans = [u.code for u in units if u.parent_code not in parent_codes]
            if orphans:
                raise AdminUnitSourceError(
                    _("Đơn vị cha không tồn tại (%(label)s): mã %(codes)s.")
                    % {"label": label, "codes": ", ".join(map(str, orphans[:5]))}
                )
    for successions, targets in (
        (source.province_successions, source.provinces),
        (source.commune_successions, source.communes),
    ):
        target_codes = {t.code for t in targets}
        missing = sorted({s.new_code for s in successions if s.new_code not in target_codes})
        if missing:
            raise AdminUnitSourceError(
                _("Bảng chuyển đổi trỏ tới đơn vị mới không tồn tại: mã %(codes)s.")
                % {"codes": ", ".join(map(str, missing[:5]))}
            )
    if not source.province_successions or not source.commune_successions:
        raise AdminUnitSourceError(_("Nguồn dữ liệu thiếu bảng chuyển đổi cũ → mới."))


class _Validity(TypedDict):
    code_set: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


def _parents(units: list[SourceUnit]) -> dict[int, int]:
    """Code → parent's code; `_check_source` found a parent for every unit of a lower level."""
    return {u.code: u.parent_code for u in units if u.parent_code is not None}


class _Loader:
    """Keeps the id of every unit by (code set, level, code) while levels load."""

    def __init__(self, summary: LoadSummary) -> None:
        self.summary = summary
        self.ids: dict[tuple[str, str, str], int] = {}
        self.existing: dict[tuple[str, str, str], dict] = {}
        for row in AdministrativeUnit.objects.values(
            "id", "code_set", "level", "code", *UNIT_FIELDS
        ):
            key = (row["code_set"], row["level"], row["code"])
            self.existing[key] = row
            self.ids[key] = row["id"]

    def load_level(
        self,
        *,
        code_set: str,
        level: str,
        units: list[SourceUnit],
        parent_level: str | None,
        province_of: dict[int, int] | None,
        valid_from: datetime.date | None,
        valid_to: datetime.date | None,
    ) -> None:
        """`province_of` maps a unit's code to its province's code (None: the unit is one)."""
        stats = self.summary.units.setdefault((code_set, level), LevelStats())
        to_create: list[AdministrativeUnit] = []
        to_update: list[AdministrativeUnit] = []
        for unit in units:
            code = _padded(unit.code, level)
            wanted = {
                "name": unit.name.strip(),
                "division_type": unit.division_type,
                "search_name": search_key(unit.name),
                "parent_id": None,
                # A province's province is itself: set once its id is known.
                "province_id": self.ids.get((code_set, level, code)),
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
            if parent_level is not None:
                # `_check_source` refused units of a lower level without a parent.
                assert unit.parent_code is not None
                wanted["parent_id"] = self.ids[
                    (code_set, parent_level, _padded(unit.parent_code, parent_level))
                ]
            if province_of is not None:
                province_code = _padded(province_of[unit.code], Level.PROVINCE)
                wanted["province_id"] = self.ids[(code_set, Level.PROVINCE, province_code)]
            row = self.existing.get((code_set, level, code))
            if row is None:
                to_create.append(
                    AdministrativeUnit(code=code, code_set=code_set, level=level, **wanted)
                )
            elif any(row[name] != value for name, value in wanted.items()):
                to_update.append(AdministrativeUnit(id=row["id"], **wanted))
            else:
                stats.unchanged += 1
        created = AdministrativeUnit.objects.bulk_create(to_create, batch_size=2000)
        for made in created:
            self.ids[(code_set, level, made.code)] = made.id
        if to_update:
            AdministrativeUnit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=1000)
        if level == Level.PROVINCE:
            # New provinces learn their own id as their province.
            AdministrativeUnit.objects.filter(
                id__in=[u.id for u in created], province__isnull=True
            ).update(province_id=F("id"))
        stats.created += len(created)
        stats.updated += len(to_update)

    def load_successions(self, wanted: dict[tuple[int, int], bool]) -> None:
        stats = self.summary.successions
        existing = {
            (s["predecessor_id"], s["successor_id"]): s
            for s in UnitSuccession.objects.values(
                "id", "predecessor_id", "successor_id", "partial", "effective"
            )
        }
        to_create, to_update = [], []
        for (old_id, new_id), partial in wanted.items():
            row = existing.get((old_id, new_id))
            if row is None:
                to_create.append(
                    UnitSuccession(
                        predecessor_id=old_id,
                        successor_id=new_id,
                        partial=partial,
                        effective=SUCCESSION_EFFECTIVE,
                    )
                )
            elif row["partial"] != partial or row["effective"] != SUCCESSION_EFFECTIVE:
                to_update.append(
                    UnitSuccession(id=row["id"], partial=partial, effective=SUCCESSION_EFFECTIVE)
                )
            else:
                stats.unchanged += 1
        UnitSuccession.objects.bulk_create(to_create, batch_size=2000)
        UnitSuccession.objects.bulk_update(to_update, ["partial", "effective"], batch_size=1000)
        # Every succession row comes from this loader: one the source no longer
        # names is stale.
        stale = [row["id"] for key, row in existing.items() if key not in wanted]
        if stale:
            UnitSuccession.objects.filter(id__in=stale).delete()
        stats.created += len(to_create)
        stats.updated += len(to_update)
        self.summary.successions_deleted += len(stale)


@transaction.atomic
def admin_units_load(*, source: UnitSource | None = None) -> LoadSummary:
    """Make the table match the official lists; a second run changes nothing.

    Raises AdminUnitSourceError (and writes nothing) when the source is broken."""
    if source is None:
        source = package_source()
    _check_source(source)
    # Two loaders at once (scripts/run and an admin) would race on the same
    # codes: the second waits. Readers are not blocked.
    with connection.cursor() as cursor:
        cursor.execute(
            f"LOCK TABLE {AdministrativeUnit._meta.db_table} IN SHARE ROW EXCLUSIVE MODE"  # noqa: S608
        )
    summary = LoadSummary()
    loader = _Loader(summary)
    current: _Validity = {"code_set": CodeSet.CURRENT, "valid_from": CURRENT_FROM, "valid_to": None}
    legacy: _Validity = {"code_set": CodeSet.LEGACY, "valid_from": None, "valid_to": LEGACY_TO}
    district_province = _parents(source.legacy_districts)

    loader.load_level(
        level=Level.PROVINCE, units=source.provinces, parent_level=None, province_of=None, **current
    )
    loader.load_level(
        level=Level.COMMUNE,
        units=source.communes,
        parent_level=Level.PROVINCE,
        province_of=_parents(source.communes),
        **current,
    )
    loader.load_level(
        level=Level.PROVINCE,
        units=source.legacy_provinces,
        parent_level=None,
        province_of=None,
        **legacy,
    )
    loader.load_level(
        level=Level.DISTRICT,
        units=source.legacy_districts,
        parent_level=Level.PROVINCE,
        province_of=district_province,
        **legacy,
    )
    loader.load_level(
        level=Level.COMMUNE,
        units=source.legacy_communes,
        parent_level=Level.DISTRICT,
        province_of={
            code: district_province[district]
            for code, district in _parents(source.legacy_communes).items()
        },
        **legacy,
    )
    loader.load_successions(_successions(source, loader.ids, summary))
    if summary.changed:
        # Fresh statistics, or the planner takes the just-filled tables for
        # empty and nests loops over thousands of rows (seconds per lookup).
        with connection.cursor() as cursor:
            cursor.execute(
                f"ANALYZE {AdministrativeUnit._meta.db_table}, {UnitSuccession._meta.db_table}"  # noqa: S608
            )
    return summary


def _successions(
    source: UnitSource, ids: dict[tuple[str, str, str], int], summary: LoadSummary
) -> dict[tuple[int, int], bool]:
    """(old id, new id) → partial, for provinces, communes and, through their
    communes, districts."""

    def unit_id(code_set: str, level: str, code: int) -> int | None:
        return ids.get((code_set, level, _padded(code, level)))

    def loaded_id(code_set: str, level: str, code: int) -> int:
        # Every new unit and old district was loaded (`_check_source` checked the targets).
        return ids[(code_set, level, _padded(code, level))]

    wanted: dict[tuple[int, int], bool] = {}
    for s in source.province_successions:
        old = unit_id(CodeSet.LEGACY, Level.PROVINCE, s.old_code)
        if old is None:
            summary.successions_skipped += 1
            continue
        wanted[(old, loaded_id(CodeSet.CURRENT, Level.PROVINCE, s.new_code))] = s.partial
    commune_district = _parents(source.legacy_communes)
    district_successors: dict[int, set[int]] = defaultdict(set)
    for s in source.commune_successions:
        old = unit_id(CodeSet.LEGACY, Level.COMMUNE, s.old_code)
        if old is None:
            summary.successions_skipped += 1
            continue
        new = loaded_id(CodeSet.CURRENT, Level.COMMUNE, s.new_code)
        wanted[(old, new)] = s.partial
        district_successors[commune_district[s.old_code]].add(new)
    # An old district lives on in the new communes its communes went to; it
    # went wholly into one only when there is a single one.
    for district_code, successors in district_successors.items():
        district = loaded_id(CodeSet.LEGACY, Level.DISTRICT, district_code)
        for new in successors:
            wanted[(district, new)] = len(successors) > 1
    return wanted
