from django.db import migrations


class Migration(migrations.Migration):
    """A case's worker works in the case's commune: tell the planner, which
    otherwise treats the two as independent and underestimates "my cases"."""

    dependencies = [("cases", "0004_referrals_hotline")]

    operations = [
        migrations.RunSQL(
            "CREATE STATISTICS cases_case_commune_worker (dependencies)"
            " ON commune_id, assigned_worker_id FROM cases_case",
            "DROP STATISTICS IF EXISTS cases_case_commune_worker",
        ),
    ]
