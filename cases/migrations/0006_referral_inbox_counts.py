from django.db import migrations, models


class Migration(migrations.Migration):
    """The inbox index carries each referral's status and answer deadline, so
    the network overview counts a unit's open and overdue referrals from the
    index alone instead of reading them from the table."""

    dependencies = [("cases", "0005_case_commune_worker_statistics")]

    operations = [
        migrations.RemoveIndex(model_name="referral", name="cases_referral_inbox"),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                models.F("to_facility"),
                models.F("priority"),
                models.OrderBy(models.F("sent_at"), descending=True),
                condition=models.Q(
                    status__in=["sent", "received", "accepted", "in_service", "declined"]
                ),
                include=("status", "response_due_at"),
                name="cases_referral_inbox",
            ),
        ),
    ]
