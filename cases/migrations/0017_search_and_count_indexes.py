from django.db import migrations, models


class Migration(migrations.Migration):
    """Indexes for issue 19: a group's people newest first (a common name
    within a category), each commune's unmerged people counted from the index
    alone (coverage), and the exact search key with the id (the newest bearers
    of a common exact name read in order)."""

    dependencies = [
        ("cases", "0016_separation_signed_on_paper_waits_for_its_number"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="beneficiarycategory",
            index=models.Index(
                fields=["category", "beneficiary"], name="cases_benefcat_category_person"
            ),
        ),
        migrations.AddIndex(
            model_name="beneficiary",
            index=models.Index(
                fields=["commune"], include=["merged_into"], name="cases_benef_active_commune"
            ),
        ),
        migrations.RemoveIndex(
            model_name="beneficiary",
            name="cases_benef_search_key",
        ),
        migrations.AddIndex(
            model_name="beneficiary",
            index=models.Index(fields=["search_key", "id"], name="cases_benef_search_key"),
        ),
    ]
