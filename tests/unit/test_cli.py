"""The command line as an operator meets it: one-line reasons, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
        "CONTENT_DIR": str(ROOT / "content"),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        **env,
    }
    return subprocess.run(
        args, cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=120, input=""
    )


def test_run_without_a_token_starts_the_playground(tmp_path: Path) -> None:
    result = run(tmp_path, sys.executable, "-m", "bot", "run")  # stdin closed: Ctrl-D at once
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == (
        "No DISCORD_TOKEN: starting the offline playground; see README to connect to Discord"
    )
    assert "Nexus playground" in result.stdout


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "nonsense"}, "nexus: DATABASE_URL: "),
        ({"NEXUS_TIMEZONE": "Nowhere/Land"}, "nexus: NEXUS_TIMEZONE: "),
        ({"CONTENT_DIR": "missing-folder"}, "nexus: CONTENT_DIR: "),
        (
            {"DATABASE_URL": "postgresql+asyncpg://nobody@127.0.0.1:1/none"},
            "nexus: database unreachable",
        ),
    ],
)
def test_bad_configuration_stops_with_one_line(
    tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    command = "migrate" if "postgresql" in env.get("DATABASE_URL", "") else "check"
    result = run(tmp_path, sys.executable, "-m", "bot", command, **env)
    assert result.returncode == 1
    assert result.stderr.startswith(expected)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_the_docker_entrypoint_runs_the_given_command_and_nothing_else(tmp_path: Path) -> None:
    # Migrating is `run`'s, `web`'s or compose's one-shot `migrate` service's job: an
    # entry point that migrated too would race them on a fresh database.
    result = run(tmp_path, "sh", str(ROOT / "docker" / "entrypoint.sh"), "migrate")
    assert result.returncode == 0, result.stderr
    assert "Database schema is up to date" in result.stdout
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"guild_settings", "alembic_version"} <= tables

    checked = run(tmp_path, "sh", str(ROOT / "docker" / "entrypoint.sh"), "check")
    assert checked.returncode == 0, checked.stderr
    assert "content OK" in checked.stdout
