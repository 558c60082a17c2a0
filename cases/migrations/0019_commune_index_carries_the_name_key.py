"""A commune's index carries the name key: a search within a commune is matched on
the index alone."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('areas', '0002_unit_search_name_index'),
        ('cases', '0018_commune_tallies'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='beneficiary',
            name='cases_benef_commune_id',
        ),
        migrations.AddIndex(
            model_name='beneficiary',
            index=models.Index(fields=['commune', '-id'], include=('merged_into', 'search_key'), name='cases_benef_commune_id_words'),
        ),
    ]
