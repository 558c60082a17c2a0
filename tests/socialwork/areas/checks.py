"""Helpers shared by the areas tests."""

from django.db import connection

from socialwork.areas.models import AdministrativeUnit, CodeSet, Level


def table_checksum() -> tuple[int, int, str]:
    """(units, successions, md5 of every row): equal before and after means
    nothing changed."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT
              (SELECT count(*) FROM areas_administrativeunit),
              (SELECT count(*) FROM areas_unitsuccession),
              md5(
                (SELECT coalesce(string_agg(concat_ws('|', id, code_set, level, code, name,
                   division_type, search_name, parent_id, province_id, valid_from, valid_to),
                   ',' ORDER BY id), '') FROM areas_administrativeunit)
                || (SELECT coalesce(string_agg(concat_ws('|', id, predecessor_id, successor_id,
                   partial, effective), ',' ORDER BY id), '') FROM areas_unitsuccession)
              )
            """
        )
        return cursor.fetchone()


def unit(code_set: str, level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code_set=code_set, level=level, code=code)


def current_province(code: str) -> AdministrativeUnit:
    return unit(CodeSet.CURRENT, Level.PROVINCE, code)


def legacy_province(code: str) -> AdministrativeUnit:
    return unit(CodeSet.LEGACY, Level.PROVINCE, code)
