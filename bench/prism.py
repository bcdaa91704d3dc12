"""Prism (`@stoplight/prism-cli`, the usual OpenAPI mock server) serving the same exported
document, for the API mock's comparison. It comes from the npm registry, installed by the
bench into a cache outside the repository; without npm (or the registry) the comparison is
skipped and the report says why.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

PACKAGE = "@stoplight/prism-cli@5"
HOME = Path.home() / ".cache" / "nexus-bench" / "prism"
BINARY = HOME / "node_modules" / ".bin" / "prism"
READY_SECONDS = 60


def install() -> str | None:
    """None once Prism is installed, else why it could not be."""
    if BINARY.exists():
        return None
    if shutil.which("npm") is None:
        return "npm not found (Debian's package: `sudo apt-get install npm`)"
    HOME.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(HOME), PACKAGE],
            capture_output=True,
            text=True,
            timeout=600,
        )
    except subprocess.TimeoutExpired:
        return f"`npm install {PACKAGE}` took over 10 minutes"
    if done.returncode != 0 or not BINARY.exists():
        return f"`npm install {PACKAGE}` failed: {done.stderr.strip()[-200:]}"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status < 500)
    except OSError:
        return False


@asynccontextmanager
async def serving(document: Path, probe_path: str) -> AsyncIterator[str]:
    """Prism mocking `document` on 127.0.0.1; yields its base URL once `probe_path` answers."""
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        str(BINARY), "mock", "--host", "127.0.0.1", "--port", str(port), str(document),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(READY_SECONDS * 4):
            if await asyncio.to_thread(_answers, base + probe_path):
                break
            await asyncio.sleep(0.25)
        else:
            raise RuntimeError(f"Prism did not answer within {READY_SECONDS} s")
        yield base
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=10)
