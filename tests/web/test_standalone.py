"""`python -m bot web`: the hub alone, without Discord, from DATABASE_URL and CONTENT_DIR."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.conftest import ROOT


def test_python_m_bot_web_serves_the_hub_without_discord(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "CONTENT_DIR": str(ROOT / "content"),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'web.db'}",
        "NEXUS_WEB_PORT": "0",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DISCORD_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "web"], cwd=tmp_path, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    assert process.stdout is not None
    try:
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert found, line
        with urllib.request.urlopen(found.group(0) + "/healthz", timeout=10) as health:
            assert health.read() == b'{"database": "ok"}'
        with urllib.request.urlopen(found.group(0) + "/topics/docker", timeout=10) as page:
            assert "<h1>Docker" in page.read().decode()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert process.returncode == 0
