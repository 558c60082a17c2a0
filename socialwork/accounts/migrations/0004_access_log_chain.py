"""The access log becomes a hash chain: each row stores the digest of its
content and of the row before it, written by a BEFORE INSERT trigger under one
advisory lock (so concurrent writers keep one line). Rows already there are
chained once, in id order, with the append-only trigger set aside for that."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

DIGEST = r"""
CREATE OR REPLACE FUNCTION accesslog_digest(
    prev text, id bigint, user_id bigint, action text, object_type text, object_id text,
    person_id bigint, commune_id bigint, row_count bigint, path text, ip text, detail text,
    created_at timestamptz
) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT encode(sha256(convert_to(concat_ws(E'\x1f',
    prev, id::text, COALESCE(user_id::text, ''), action, object_type, object_id,
    COALESCE(person_id::text, ''), COALESCE(commune_id::text, ''), COALESCE(row_count::text, ''),
    path, COALESCE(ip, ''), detail,
    to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')
), 'UTF8')), 'hex')
$$;
"""

BACKFILL = r"""
ALTER TABLE accounts_accesslog DISABLE TRIGGER USER;
DO $$
DECLARE r record; prev text := '';
BEGIN
    FOR r IN SELECT * FROM accounts_accesslog ORDER BY id LOOP
        UPDATE accounts_accesslog SET prev_hash = prev, row_hash = accesslog_digest(
            prev, r.id, r.user_id, r.action, r.object_type, r.object_id, r.person_id,
            r.commune_id, r.row_count, r.path, host(r.ip_address), r.detail, r.created_at)
        WHERE id = r.id RETURNING row_hash INTO prev;
    END LOOP;
END $$;
ALTER TABLE accounts_accesslog ENABLE TRIGGER USER;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_roles_clerk_data_protection_position'),
        ('areas', '0002_unit_search_name_index'),
    ]

    operations = [
        migrations.RunSQL(DIGEST, "DROP FUNCTION IF EXISTS accesslog_digest"),
        migrations.AddField(
            model_name='accesslog',
            name='commune',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='areas.administrativeunit'),
        ),
        migrations.AddField(
            model_name='accesslog',
            name='person_id',
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='accesslog',
            name='prev_hash',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='accesslog',
            name='row_count',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='accesslog',
            name='row_hash',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name='accesslog',
            name='action',
            field=models.CharField(choices=[('view', 'Xem'), ('list', 'Xem danh sách'), ('export', 'Xuất dữ liệu'), ('denied', 'Bị từ chối'), ('admin', 'Thao tác quản trị')], max_length=10),
        ),
        migrations.AddIndex(
            model_name='accesslog',
            index=models.Index(fields=['person_id', '-created_at'], name='accounts_log_person'),
        ),
        migrations.AddIndex(
            model_name='accesslog',
            index=models.Index(fields=['user', '-created_at'], name='accounts_log_user'),
        ),
        migrations.AddIndex(
            model_name='accesslog',
            index=models.Index(fields=['commune', '-created_at'], name='accounts_log_commune'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='accesslog',
            trigger=pgtrigger.compiler.Trigger(name='accesslog_chain', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nPERFORM pg_advisory_xact_lock(1095520071);\nNEW.id := nextval(pg_get_serial_sequence('accounts_accesslog', 'id'));\nNEW.prev_hash := COALESCE(\n    (SELECT row_hash FROM accounts_accesslog ORDER BY id DESC LIMIT 1), '');\nNEW.row_hash := accesslog_digest(\n    NEW.prev_hash, NEW.id, NEW.user_id, NEW.action, NEW.object_type, NEW.object_id,\n    NEW.person_id, NEW.commune_id, NEW.row_count, NEW.path, host(NEW.ip_address),\n    NEW.detail, NEW.created_at);\nRETURN NEW;\n", hash='f4d2f1ac38095776400850c0cb6ae8d6ce6ad1c7', operation='INSERT', pgid='pgtrigger_accesslog_chain_d2200', table='accounts_accesslog', when='BEFORE')),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
