"""`python -m bot run` when Discord is out of reach: one line naming the cause, non-zero
exit, no traceback, and never the token."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import aiohttp
import pytest

from bot.connection_failures import describe_connection_failure

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "MTIzNDU2Nzg5.fake-nexus.token-never-shown"
# The real command line, with discord.py's API address pointed where the test wants it.
LAUNCH = (
    "import sys, discord.http as http; http.Route.BASE = sys.argv[1]; "
    "from bot.__main__ import main; sys.exit(main(['run']))"
)


def run_against(api_base: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environ = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "CONTENT_DIR": str(ROOT / "content"),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
        "DISCORD_TOKEN": TOKEN,
    }
    return subprocess.run(
        [sys.executable, "-c", LAUNCH, api_base],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_line_failure(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 1, result.stderr
    # Log lines may come before it (the operator's log); the reason is one line, last.
    assert "Traceback" not in result.stderr, result.stderr
    reasons = [line for line in result.stderr.splitlines() if line.startswith("nexus: ")]
    assert reasons == [result.stderr.strip().splitlines()[-1]], result.stderr
    for part in expected:
        assert part in reasons[0]
    assert TOKEN not in result.stdout + result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def discord_answering() -> Iterator[tuple[list[int], str]]:
    """A local stand-in for Discord's REST API that answers every call with one status."""
    status: list[int] = [401]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"message": "nope", "code": 0}).encode()
            self.send_response(status[0])
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield status, f"http://127.0.0.1:{server.server_address[1]}/api/v10"
    finally:
        server.shutdown()
        server.server_close()


def test_a_name_that_does_not_resolve_says_check_dns(tmp_path: Path) -> None:
    result = run_against("https://nexus-startup-check.invalid/api/v10", tmp_path)
    assert_one_line_failure(result, "did not resolve", "DNS")


def test_a_refused_connection_names_the_address(tmp_path: Path) -> None:
    port = _free_port()
    result = run_against(f"https://127.0.0.1:{port}/api/v10", tmp_path)
    assert_one_line_failure(result, f"127.0.0.1:{port}", "firewall")


def test_a_rejected_token_says_reset_it(
    tmp_path: Path, discord_answering: tuple[list[int], str]
) -> None:
    status, base = discord_answering
    status[0] = 401
    assert_one_line_failure(run_against(base, tmp_path), "DISCORD_TOKEN", "rejected")


def test_a_server_error_at_discord_says_retry_later(
    tmp_path: Path, discord_answering: tuple[list[int], str]
) -> None:
    status, base = discord_answering
    status[0] = 503
    assert_one_line_failure(run_against(base, tmp_path), "503", "retry later")


def test_a_timeout_is_named_as_one() -> None:
    reason = describe_connection_failure(TimeoutError())
    assert reason is not None and "timed out" in reason


def test_a_bug_is_not_mistaken_for_a_connection_problem() -> None:
    assert describe_connection_failure(KeyError("x")) is None
    assert describe_connection_failure(aiohttp.ClientPayloadError("x")) is not None
