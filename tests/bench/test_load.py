"""Load: mixed collaborator, staff and API traffic against gunicorn on the
generated province, from a bounded asyncio client (aiohttp) in this process.

    BENCH_PEOPLE=1000000 TEST_DATABASE_NAME=<a generated database> \\
        .venv/bin/python -m pytest tests/bench/test_load.py --reuse-db -s

Prints req/s, p50/p95/p99, errors, the load generator's own CPU share (it
shares the two cores with the server), the in-process throughput of the same
requests (Django's test client, one process) and the ratio of HTTP to
in-process throughput on the same cores. Targets at 1M on two cores: 20 users,
p95 <= 300 ms, >= 60 req/s, no errors, ratio >= 0.7. Asserted: no errors only.
BENCH_LOAD_USERS and BENCH_LOAD_SECONDS change the load (20 users, 20 s).
"""

from __future__ import annotations

import asyncio
import os
import resource
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from cases.models import Beneficiary
from socialwork.accounts.models import User
from socialwork.areas.selectors import portal_province
from tests.bench.conftest import against, report
from tests.factories import CollaboratorUserFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=False)
USERS = int(os.environ.get("BENCH_LOAD_USERS", "20"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "20"))
WORKERS = 3
ROOT = Path(__file__).resolve().parents[2]

# The mix: what a collaborator's phone, a department desk and the app ask most.
MIX = [
    ("collaborator", "/"),
    ("collaborator", "/cases/people/"),
    ("collaborator", "/cases/work/"),
    ("collaborator", "/cases/people/?q=nguyen+van"),
    ("staff", "/cases/work/list/"),
    ("staff", "/cases/people/?q=tran+thi"),
    ("staff", "/cases/people/"),
    ("staff", "/api/v1/beneficiaries/"),
    ("staff", "/api/v1/beneficiaries/?q=dang+van+fuc"),
    ("staff", "/api/v1/cases/"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def sessions(bench_province, django_db_blocker):
    """Committed users and sessions, which the server's processes can see."""
    with django_db_blocker.unblock():
        commune = Beneficiary.objects.values("commune").order_by("commune").first()["commune"]
        users = {
            "staff": UserFactory(
                username=f"load-staff-{uuid.uuid4().hex[:8]}",
                area=portal_province(),
                can_view_sensitive=True,
            ),
            "collaborator": CollaboratorUserFactory(
                username=f"load-ctv-{uuid.uuid4().hex[:8]}", area_id=commune
            ),
        }
        cookies = {}
        clients = {}
        for role, user in users.items():
            client = Client()
            client.force_login(user)
            clients[role] = client
            cookies[role] = {
                settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value
            }
        yield {"cookies": cookies, "clients": clients}
        # Not deleted: the access log keeps who read what (a protected reference).
        User.objects.filter(pk__in=[user.pk for user in users.values()]).update(is_active=False)


@pytest.fixture(scope="module")
def server(sessions):
    port = _free_port()
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "socialwork.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    }  # fmt: skip
    process = subprocess.Popen(  # noqa: S603 (our own server)
        [sys.executable, "-m", "gunicorn", "socialwork.wsgi:application", "--workers",
         str(WORKERS), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=30)


async def _run(base: str, cookies: dict, users: int, seconds: float):
    import aiohttp

    latencies: list[float] = []
    errors: list[str] = []
    stop = time.monotonic() + seconds

    async def user(n: int):
        role_sessions = {}
        for role, jar in cookies.items():
            role_sessions[role] = aiohttp.ClientSession(
                cookies=jar, headers={"Accept-Encoding": "gzip"}
            )
        try:
            i = n
            while time.monotonic() < stop:
                role, path = MIX[i % len(MIX)]
                i += 1
                started = time.monotonic()
                try:
                    async with role_sessions[role].get(
                        base + path, allow_redirects=False
                    ) as response:
                        await response.read()
                        if response.status != 200:
                            errors.append(f"{response.status} {path}")
                except aiohttp.ClientError as exc:
                    errors.append(f"{type(exc).__name__} {path}")
                latencies.append(time.monotonic() - started)
        finally:
            for session in role_sessions.values():
                await session.close()

    await asyncio.gather(*(user(n) for n in range(users)))
    return latencies, errors


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def test_mixed_load_over_http(sessions, server):
    asyncio.run(_run(server, sessions["cookies"], 2, 2))  # warm the workers
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.monotonic()
    latencies, errors = asyncio.run(_run(server, sessions["cookies"], USERS, SECONDS))
    wall = time.monotonic() - wall
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    # In-process: the same requests through Django's test client, one process. After the
    # HTTP run: they write access-log rows inside this test's transaction, whose chain lock
    # (accounts 0004) would hold every server process's logging until the test ends.
    clients = sessions["clients"]
    for role, path in MIX:
        clients[role].get(path)  # warm
    started = time.monotonic()
    done = 0
    while time.monotonic() - started < min(SECONDS, 10) or done < len(MIX):
        role, path = MIX[done % len(MIX)]
        assert clients[role].get(path).status_code == 200, path
        done += 1
    in_process = done / (time.monotonic() - started)
    cores = os.cpu_count() or 1
    rps = len(latencies) / wall
    report(
        f"load {USERS} users, {WORKERS} gunicorn workers, {cores} cores",
        requests=len(latencies),
        throughput=against(rps, 60, "req/s", at_least=True),
        p50_ms=round(_percentile(latencies, 50) * 1000),
        p95=against(_percentile(latencies, 95) * 1000, 300),
        p99_ms=round(_percentile(latencies, 99) * 1000),
        errors=against(len(errors), 0, "errors"),
        generator_cpu=f"{cpu / wall / cores:.0%} of the machine",
        in_process_req_per_s=round(in_process, 1),
        http_to_in_process=against(
            rps / (in_process * min(cores, WORKERS)),
            0.7,
            "x in-process on every core",
            at_least=True,
        ),
        load_average=f"{os.getloadavg()[0]:.1f} (the machine is shared)",
    )
    assert not errors, errors[:20]
