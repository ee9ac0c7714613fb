"""What the api tests share: a real receiver of notifications."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest


class Receiver:
    """A real HTTP server that answers with the next status of ``answers`` and keeps what it got."""

    def __init__(self, answers: list[int]) -> None:
        self.answers, self.received = answers, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/werkroute"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    """A receiver on 127.0.0.1, and internal receivers allowed (production refuses them)."""
    settings.WERKROUTE_NOTIFY_ALLOW_PRIVATE = True
    found = Receiver([])
    yield found
    found.server.shutdown()
