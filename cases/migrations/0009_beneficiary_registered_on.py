"""Beneficiary.registered_on: the date a person entered the register.

Indicators counted people from their row's insert time (created_at), so an
imported register had no history. Existing rows are backfilled with their
created_at's date in Vietnam's time zone (the best date the portal holds);
the department can correct it per person, or re-import with the column.
The history triggers are off while the backfill runs (removed above it and
re-created below), so it writes no history event per person.
"""

import cases.models.beneficiaries
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


BACKFILL = """
UPDATE cases_beneficiary
   SET registered_on = (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
UPDATE cases_beneficiaryevent
   SET registered_on = (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_referral_inbox_in_list_order"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="beneficiary",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="beneficiary",
            name="update_update",
        ),
        migrations.AddField(
            model_name="beneficiary",
            name="registered_on",
            field=models.DateField(
                default=cases.models.beneficiaries._today,
                help_text="Ngày người này được đưa vào sổ đăng ký (được phát hiện, xác định). Các chỉ tiêu tính người này từ ngày này; nhóm đối tượng không ghi “từ ngày” cũng tính từ ngày này.",
                verbose_name="ngày đăng ký",
            ),
        ),
        migrations.AddField(
            model_name="beneficiaryevent",
            name="registered_on",
            field=models.DateField(
                default=cases.models.beneficiaries._today,
                help_text="Ngày người này được đưa vào sổ đăng ký (được phát hiện, xác định). Các chỉ tiêu tính người này từ ngày này; nhóm đối tượng không ghi “từ ngày” cũng tính từ ngày này.",
                verbose_name="ngày đăng ký",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="beneficiarycategory",
            name="since",
            field=models.DateField(
                blank=True,
                help_text="Để trống: tính từ ngày đăng ký của người này. Một người chỉ được tính vào nhóm từ ngày muộn hơn trong hai ngày: ngày đăng ký và ngày này.",
                null=True,
                verbose_name="từ ngày",
            ),
        ),
        migrations.AlterField(
            model_name="beneficiarycategory",
            name="until",
            field=models.DateField(
                blank=True,
                help_text="Ngày cuối cùng còn thuộc nhóm.",
                null=True,
                verbose_name="đến ngày",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="beneficiary",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "cases_beneficiaryevent" ("address", "birth_date", "birth_year", "cccd", "client_uuid", "commune_id", "created_at", "created_by_id", "disability_level", "education", "ethnicity_id", "full_name", "health_notes", "household_id", "id", "identified", "marital_status", "merged_into_id", "occupation", "old_id_number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "registered_on", "relation_to_head", "sex", "updated_at", "version") VALUES (NEW."address", NEW."birth_date", NEW."birth_year", NEW."cccd", NEW."client_uuid", NEW."commune_id", NEW."created_at", NEW."created_by_id", NEW."disability_level", NEW."education", NEW."ethnicity_id", NEW."full_name", NEW."health_notes", NEW."household_id", NEW."id", NEW."identified", NEW."marital_status", NEW."merged_into_id", NEW."occupation", NEW."old_id_number", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."phone", NEW."registered_on", NEW."relation_to_head", NEW."sex", NEW."updated_at", NEW."version"); RETURN NULL;',
                    hash="25e1b343217c8afd99d3540dbf393897b1517435",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_1d675",
                    table="cases_beneficiary",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="beneficiary",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."address" IS DISTINCT FROM (NEW."address") OR OLD."birth_date" IS DISTINCT FROM (NEW."birth_date") OR OLD."birth_year" IS DISTINCT FROM (NEW."birth_year") OR OLD."cccd" IS DISTINCT FROM (NEW."cccd") OR OLD."client_uuid" IS DISTINCT FROM (NEW."client_uuid") OR OLD."commune_id" IS DISTINCT FROM (NEW."commune_id") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."created_by_id" IS DISTINCT FROM (NEW."created_by_id") OR OLD."disability_level" IS DISTINCT FROM (NEW."disability_level") OR OLD."education" IS DISTINCT FROM (NEW."education") OR OLD."ethnicity_id" IS DISTINCT FROM (NEW."ethnicity_id") OR OLD."full_name" IS DISTINCT FROM (NEW."full_name") OR OLD."health_notes" IS DISTINCT FROM (NEW."health_notes") OR OLD."household_id" IS DISTINCT FROM (NEW."household_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."identified" IS DISTINCT FROM (NEW."identified") OR OLD."marital_status" IS DISTINCT FROM (NEW."marital_status") OR OLD."merged_into_id" IS DISTINCT FROM (NEW."merged_into_id") OR OLD."occupation" IS DISTINCT FROM (NEW."occupation") OR OLD."old_id_number" IS DISTINCT FROM (NEW."old_id_number") OR OLD."phone" IS DISTINCT FROM (NEW."phone") OR OLD."registered_on" IS DISTINCT FROM (NEW."registered_on") OR OLD."relation_to_head" IS DISTINCT FROM (NEW."relation_to_head") OR OLD."sex" IS DISTINCT FROM (NEW."sex") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at") OR OLD."version" IS DISTINCT FROM (NEW."version"))',
                    func='INSERT INTO "cases_beneficiaryevent" ("address", "birth_date", "birth_year", "cccd", "client_uuid", "commune_id", "created_at", "created_by_id", "disability_level", "education", "ethnicity_id", "full_name", "health_notes", "household_id", "id", "identified", "marital_status", "merged_into_id", "occupation", "old_id_number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "registered_on", "relation_to_head", "sex", "updated_at", "version") VALUES (NEW."address", NEW."birth_date", NEW."birth_year", NEW."cccd", NEW."client_uuid", NEW."commune_id", NEW."created_at", NEW."created_by_id", NEW."disability_level", NEW."education", NEW."ethnicity_id", NEW."full_name", NEW."health_notes", NEW."household_id", NEW."id", NEW."identified", NEW."marital_status", NEW."merged_into_id", NEW."occupation", NEW."old_id_number", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."registered_on", NEW."relation_to_head", NEW."sex", NEW."updated_at", NEW."version"); RETURN NULL;',
                    hash="e38cf78254068c9b5f2d9144bef41a90c6e67871",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_49a88",
                    table="cases_beneficiary",
                    when="AFTER",
                ),
            ),
        ),
    ]
