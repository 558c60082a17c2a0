"""Real servers on 127.0.0.1 for what lies outside the portal: an SMTP server
(aiosmtpd) and a brandname-SMS gateway (http.server in a thread). The portal
talks to them over real sockets, as it talks to the provider's."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- SMTP -----------------------------------------------------------------------


@dataclass
class Mailbox:
    """What the SMTP server received; `refuse` makes it answer 550 to every recipient."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def smtp_server():
    """Yield (mailbox, port) of a real SMTP server on 127.0.0.1."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


# --- SMS gateway -------------------------------------------------------------------


@dataclass
class Gateway:
    """A brandname-SMS provider's HTTP API. `mode`: "ok" (200, accepted),
    "error" (HTTP 500), "refuse" (200 with success false) or "hang" (answers
    after `hang_seconds`, past the portal's timeout)."""

    port: int = 0
    mode: str = "ok"
    hang_seconds: float = 3.0
    received: list[dict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sms/send"

    def accepted(self) -> list[dict]:
        with self.lock:
            return [r for r in self.received if r["_answer"] == "ok"]


def _handler(gateway: Gateway):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            mode = gateway.mode
            with gateway.lock:
                gateway.received.append({**body, "_path": self.path, "_answer": mode})
            if mode == "hang":
                time.sleep(gateway.hang_seconds)
            if mode == "error":
                self._answer(500, {"error": "internal"})
            elif mode == "refuse":
                self._answer(200, {"success": False, "code": "99"})
            else:
                self._answer(200, {"success": True, "id": len(gateway.received)})

        def _answer(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        def log_message(self, format, *args):  # noqa: A002
            pass  # quiet: pytest shows what matters

    return Handler


@contextlib.contextmanager
def sms_gateway():
    """Yield a Gateway served on 127.0.0.1 from a thread."""
    gateway = Gateway()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gateway))
    server.daemon_threads = True
    gateway.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
