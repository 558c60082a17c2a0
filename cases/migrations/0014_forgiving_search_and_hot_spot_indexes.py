"""The forgiving name search (a table of name words, filled by triggers, and
the key's word array indexed), and the indexes of the province-size hot spots.

fuzzystrmatch (levenshtein) ships with PostgreSQL, the machine's 15 and the
embedded 18 alike."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.conf import settings
from django.contrib.postgres.operations import CreateExtension
from django.db import migrations, models

from socialwork.search import SQL_CREATE_LETTERS, SQL_DROP_LETTERS

# Statement-level, with the transition table: a bulk import or COPY adds its
# words in one INSERT … SELECT DISTINCT, not one per person. (A column list
# cannot go with a transition table, so every UPDATE looks; the words of a
# batch are found in the unique index, which is cheap.)
COLLECT = """
CREATE FUNCTION cases_nameword_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cases_nameword (word, letters)
  SELECT w, vn_word_letters(w)
    FROM (SELECT DISTINCT unnest(string_to_array(search_key, ' ')) AS w FROM changed) AS words
   WHERE w <> ''
  ON CONFLICT (word) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_nameword_on_insert AFTER INSERT ON cases_beneficiary
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cases_nameword_collect();
CREATE TRIGGER cases_nameword_on_update AFTER UPDATE ON cases_beneficiary
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION cases_nameword_collect();
"""
UNCOLLECT = """
DROP TRIGGER IF EXISTS cases_nameword_on_insert ON cases_beneficiary;
DROP TRIGGER IF EXISTS cases_nameword_on_update ON cases_beneficiary;
DROP FUNCTION IF EXISTS cases_nameword_collect();
"""
# The same, set-based, for the rows already there (and for the generator,
# whose inserts skip triggers: cases.name_search.collect_words).
BACKFILL = """
INSERT INTO cases_nameword (word, letters)
SELECT w, vn_word_letters(w)
  FROM (SELECT DISTINCT unnest(string_to_array(search_key, ' ')) AS w FROM cases_beneficiary) AS t
 WHERE w <> ''
ON CONFLICT (word) DO NOTHING;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('areas', '0002_unit_search_name_index'),
        ('cases', '0013_signed_files'),
        ('facilities', '0003_admissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateExtension("fuzzystrmatch"),
        migrations.RunSQL(SQL_CREATE_LETTERS, SQL_DROP_LETTERS),
        migrations.CreateModel(
            name='NameWord',
            fields=[
                ('word', models.TextField(primary_key=True, serialize=False)),
                ('letters', models.TextField(db_index=True)),
            ],
        ),
        migrations.AddIndex(
            model_name='beneficiary',
            index=django.contrib.postgres.indexes.GinIndex(models.Func(models.F('search_key'), models.Value(' '), function='string_to_array', output_field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField())), name='cases_benef_search_words'),
        ),
        migrations.AddIndex(
            model_name='beneficiary',
            index=models.Index(fields=['search_key'], name='cases_benef_search_key'),
        ),
        migrations.AddIndex(
            model_name='beneficiary',
            index=models.Index(fields=['commune', '-id'], name='cases_benef_commune_id'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('status', 'closed'), _negated=True), fields=['next_deadline', 'id'], name='cases_case_open_due'),
        ),
        migrations.AddIndex(
            model_name='referral',
            index=models.Index(fields=['sender', '-id'], name='cases_referral_sender_id'),
        ),
        migrations.AddIndex(
            model_name='referral',
            index=models.Index(fields=['-sent_at', '-id'], name='cases_referral_sent'),
        ),
        migrations.RunSQL(COLLECT, UNCOLLECT),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        # Statistics of the new expression index (how common each word is), which
        # the planner needs to choose between the index and walking the ids.
        migrations.RunSQL("ANALYZE cases_beneficiary", migrations.RunSQL.noop),
    ]
