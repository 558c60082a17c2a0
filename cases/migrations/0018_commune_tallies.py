"""Per-commune counts of the register and the open cases, kept by
statement-level triggers (one grouped INSERT per statement, with its
transition tables: a bulk import adds one row per commune, not per person),
and counted once for the rows already there."""

import django.db.models.deletion
from django.db import migrations, models

TRIGGERS = """
CREATE FUNCTION cases_tally_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO cases_communetally (commune_id, people, open_cases)
    SELECT commune_id, count(*), 0 FROM new_rows
     WHERE merged_into_id IS NULL GROUP BY commune_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO cases_communetally (commune_id, people, open_cases)
    SELECT commune_id, -count(*), 0 FROM old_rows
     WHERE merged_into_id IS NULL GROUP BY commune_id;
  ELSE
    INSERT INTO cases_communetally (commune_id, people, open_cases)
    SELECT commune_id, sum(n), 0 FROM (
        SELECT commune_id, 1 AS n FROM new_rows WHERE merged_into_id IS NULL
        UNION ALL
        SELECT commune_id, -1 FROM old_rows WHERE merged_into_id IS NULL
    ) AS changed GROUP BY commune_id HAVING sum(n) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION cases_tally_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO cases_communetally (commune_id, people, open_cases)
    SELECT commune_id, 0, count(*) FROM new_rows
     WHERE status <> 'closed' GROUP BY commune_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO cases_communetally (commune_id, people, open_cases)
    SELECT commune_id, 0, -count(*) FROM old_rows
     WHERE status <> 'closed' GROUP BY commune_id;
  ELSE
    INSERT INTO cases_communetally (commune_id, people, open_cases)
    SELECT commune_id, 0, sum(n) FROM (
        SELECT commune_id, 1 AS n FROM new_rows WHERE status <> 'closed'
        UNION ALL
        SELECT commune_id, -1 FROM old_rows WHERE status <> 'closed'
    ) AS changed GROUP BY commune_id HAVING sum(n) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER cases_tally_people_insert AFTER INSERT ON cases_beneficiary
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_tally_people();
CREATE TRIGGER cases_tally_people_update AFTER UPDATE ON cases_beneficiary
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cases_tally_people();
CREATE TRIGGER cases_tally_people_delete AFTER DELETE ON cases_beneficiary
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_tally_people();
CREATE TRIGGER cases_tally_cases_insert AFTER INSERT ON cases_case
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_tally_cases();
CREATE TRIGGER cases_tally_cases_update AFTER UPDATE ON cases_case
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cases_tally_cases();
CREATE TRIGGER cases_tally_cases_delete AFTER DELETE ON cases_case
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_tally_cases();
"""
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
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("people", models.IntegerField(default=0)),
                ("open_cases", models.IntegerField(default=0)),
                ("commune", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="areas.administrativeunit")),
            ],
        ),
        migrations.RunSQL(TRIGGERS, UNTRIGGERS),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
