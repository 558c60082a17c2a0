"""Per-commune counts of the register and the open cases, kept by
statement-level triggers (one grouped INSERT per statement, with its
transition tables: a bulk import adds one row per commune, not per person),
and counted once for the rows already there."""

import django.db.models.deletion
from django.db import migrations, models


def _tally_function(name: str, counted: str, people: str, cases: str) -> str:
    """A trigger function adding the statement's change to the counts: `counted`
    says which rows count, `people` and `cases` place n in its column."""
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO cases_communetally (commune_id, people, open_cases)
    SELECT commune_id, {people.format(n="count(*)")}, {cases.format(n="count(*)")} FROM new_rows
     WHERE {counted} GROUP BY commune_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO cases_communetally (commune_id, people, open_cases)
    SELECT commune_id, {people.format(n="-count(*)")}, {cases.format(n="-count(*)")} FROM old_rows
     WHERE {counted} GROUP BY commune_id;
  ELSE
    INSERT INTO cases_communetally (commune_id, people, open_cases)
    SELECT commune_id, {people.format(n="sum(n)")}, {cases.format(n="sum(n)")} FROM (
        SELECT commune_id, 1 AS n FROM new_rows WHERE {counted}
        UNION ALL
        SELECT commune_id, -1 FROM old_rows WHERE {counted}
    ) AS changed GROUP BY commune_id HAVING sum(n) <> 0;
  END IF;
  RETURN NULL;
END $$;
"""


def _triggers(table: str, function: str) -> str:
    return "".join(
        f"CREATE TRIGGER {function}_{event.lower()} AFTER {event} ON {table}\n"
        f"  REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {function}();\n"
        for event, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        )
    )


TRIGGERS = (
    _tally_function("cases_tally_people", "merged_into_id IS NULL", "{n}", "0")
    + _tally_function("cases_tally_cases", "status <> 'closed'", "0", "{n}")
    + _triggers("cases_beneficiary", "cases_tally_people")
    + _triggers("cases_case", "cases_tally_cases")
)
UNTRIGGERS = """
DROP TRIGGER IF EXISTS cases_tally_people_insert ON cases_beneficiary;
DROP TRIGGER IF EXISTS cases_tally_people_update ON cases_beneficiary;
DROP TRIGGER IF EXISTS cases_tally_people_delete ON cases_beneficiary;
DROP TRIGGER IF EXISTS cases_tally_cases_insert ON cases_case;
DROP TRIGGER IF EXISTS cases_tally_cases_update ON cases_case;
DROP TRIGGER IF EXISTS cases_tally_cases_delete ON cases_case;
DROP FUNCTION IF EXISTS cases_tally_people();
DROP FUNCTION IF EXISTS cases_tally_cases();
"""
# The rows already there (as cases.tallies.REBUILD, frozen here).
BACKFILL = """
INSERT INTO cases_communetally (commune_id, people, open_cases)
SELECT commune_id, sum(people), sum(open_cases) FROM (
    SELECT commune_id, count(*) AS people, 0 AS open_cases
      FROM cases_beneficiary WHERE merged_into_id IS NULL GROUP BY commune_id
    UNION ALL
    SELECT commune_id, 0, count(*) FROM cases_case WHERE status <> 'closed' GROUP BY commune_id
) AS counted GROUP BY commune_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0002_unit_search_name_index"),
        ("cases", "0017_search_and_count_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="CommuneTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("people", models.IntegerField(default=0)),
                ("open_cases", models.IntegerField(default=0)),
                (
                    "commune",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="areas.administrativeunit",
                    ),
                ),
            ],
        ),
        migrations.RunSQL(TRIGGERS, UNTRIGGERS),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
