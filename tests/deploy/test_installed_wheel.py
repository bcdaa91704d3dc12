"""What users install: the wheel in a fresh virtual environment, run from a folder that holds
only the content, with nothing of the checkout on the path and no `.env`."""

from __future__ import annotations

import asyncio
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db.models import Base
from tests.conftest import POSTGRES_URL, ROOT
from tests.deploy.installed import (
    InstalledNexus,
    build_and_install,
    must_succeed,
    operator_environment,
    run,
    start,
)

SQLITE_URL = "sqlite+aiosqlite:///data/nexus.db"  # relative: resolved in the deploy folder
HEALTH_DEADLINE_S = 30.0
STOP_DEADLINE_S = 10.0
ALL_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"
MIGRATE_DEADLINE_S = 120.0


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InstalledNexus]:
    """Built and installed once for the module: it is the slow part."""
    installed = build_and_install(tmp_path_factory.mktemp("wheel"))
    assert not installed.venv.is_relative_to(ROOT), "the venv must live outside the checkout"
    yield installed
    # ~170 MB that pytest would keep for its last three runs; the wheel and the logs stay.
    shutil.rmtree(installed.venv, ignore_errors=True)


@pytest.fixture
def deploy_dir(tmp_path: Path) -> Path:
    """An operator's folder: a copy of the content and nothing else (no .env, no sources)."""
    folder = tmp_path / "deploy"
    folder.mkdir()
    shutil.copytree(ROOT / "content", folder / "content")
    return folder


def expected_heads() -> list[str]:
    return sorted(ScriptDirectory(str(ROOT / "migrations")).get_heads())


def model_tables() -> set[str]:
    return set(Base.metadata.tables)


def test_the_installed_bot_is_the_wheel_not_the_checkout(
    installed: InstalledNexus, deploy_dir: Path
) -> None:
    probe = (
        "import bot, cogs, migrations\n"
        "from bot.db.engine import migrations_dir\n"
        "for where in (bot.__file__, cogs.__file__, migrations.__file__, migrations_dir()):\n"
        "    print(where)\n"
    )
    result = must_succeed(
        run([installed.python, "-c", probe], cwd=deploy_dir, env=operator_environment(installed))
    )

    for line in result.stdout.splitlines():
        location = Path(line).resolve()
        assert location.is_relative_to(installed.site_packages.resolve()), result.stdout
        assert not location.is_relative_to(ROOT), result.stdout


def test_check_passes_on_the_shipped_content(installed: InstalledNexus, deploy_dir: Path) -> None:
    result = must_succeed(
        run(
            [installed.python, "-m", "bot", "check"],
            cwd=deploy_dir,
            env=operator_environment(installed),
        )
    )

    assert "content OK" in result.stdout, result.stdout


def test_migrate_on_sqlite_builds_the_schema_at_the_head(
    installed: InstalledNexus, deploy_dir: Path
) -> None:
    env = operator_environment(installed, DATABASE_URL=SQLITE_URL)

    must_succeed(run([installed.python, "-m", "bot", "migrate"], cwd=deploy_dir, env=env))

    database = deploy_dir / "data" / "nexus.db"
    assert database.is_file(), "the relative DATABASE_URL should land in the deploy folder"
    with sqlite3.connect(database) as conn:
        versions = sorted(row[0] for row in conn.execute("SELECT version_num FROM alembic_version"))
        tables = {row[0] for row in conn.execute(ALL_TABLES)}
    assert versions == expected_heads()
    assert model_tables() <= tables, sorted(model_tables() - tables)


async def _create_database(name: str) -> None:
    await _as_admin(f'CREATE DATABASE "{name}"')


async def _drop_database(name: str) -> None:
    # FORCE: a migrator killed by a failing test may still hold a connection.
    await _as_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _as_admin(statement: str) -> None:
    assert POSTGRES_URL is not None
    # CREATE and DROP DATABASE refuse to run inside a transaction block.
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await admin.dispose()


def _versions_and_tables(connection: Connection) -> tuple[list[str], set[str]]:
    rows = connection.execute(text("SELECT version_num FROM alembic_version"))
    return sorted(row[0] for row in rows), set(inspect(connection).get_table_names())


async def _schema_of(url: str) -> tuple[list[str], set[str]]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(_versions_and_tables)
    finally:
        await engine.dispose()


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    """A database of its own (not a schema: a user's DATABASE_URL names a database)."""
    if not POSTGRES_URL:
        pytest.skip("NEXUS_TEST_POSTGRES_URL is not set: the PostgreSQL migrate test is skipped")
    name = f"nexus_wheel_{uuid.uuid4().hex}"
    asyncio.run(_create_database(name))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_drop_database(name))


@pytest.mark.postgres
# Decided here, not only in the fixture: the module-scoped install would otherwise run first.
@pytest.mark.skipif(not POSTGRES_URL, reason="NEXUS_TEST_POSTGRES_URL is not set")
def test_two_migrates_at_once_on_postgres_both_succeed_and_leave_one_head(
    installed: InstalledNexus, deploy_dir: Path, fresh_postgres_url: str, tmp_path: Path
) -> None:
    env = operator_environment(installed, DATABASE_URL=fresh_postgres_url)
    command: list[str | Path] = [installed.python, "-m", "bot", "migrate"]

    # Started together, as compose's services or two replicas would be.
    migrators = [
        start(command, cwd=deploy_dir, env=env, logs=tmp_path, name=f"migrate-{n}") for n in (1, 2)
    ]
    try:
        for migrator in migrators:
            try:
                migrator.process.wait(timeout=MIGRATE_DEADLINE_S)
            except subprocess.TimeoutExpired:
                pytest.fail(f"no exit after {MIGRATE_DEADLINE_S:.0f} s" + migrator.explain())
    finally:
        for migrator in migrators:
            if migrator.process.poll() is None:
                migrator.process.kill()
                migrator.process.wait()

    for migrator in migrators:
        assert migrator.process.returncode == 0, migrator.explain()
    versions, tables = asyncio.run(_schema_of(fresh_postgres_url))
    assert versions == expected_heads(), "\n".join(m.explain() for m in migrators)
    assert len(versions) == 1, versions
    assert model_tables() <= tables, sorted(model_tables() - tables)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _health_status(url: str) -> int | str:
    """The status code, or why there was none yet (not listening, still starting)."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError) as error:
        return str(error)


def test_web_answers_healthz_then_stops_on_sigterm(
    installed: InstalledNexus, deploy_dir: Path, tmp_path: Path
) -> None:
    port = _free_port()
    env = operator_environment(
        installed, DATABASE_URL=SQLITE_URL, NEXUS_WEB_HOST="127.0.0.1", NEXUS_WEB_PORT=str(port)
    )
    hub = start(
        [installed.python, "-m", "bot", "web"], cwd=deploy_dir, env=env, logs=tmp_path, name="web"
    )
    try:
        deadline = time.monotonic() + HEALTH_DEADLINE_S
        status = _health_status(f"http://127.0.0.1:{port}/healthz")
        while status != 200 and time.monotonic() < deadline:
            assert hub.process.poll() is None, "the hub exited before answering" + hub.explain()
            time.sleep(0.25)
            status = _health_status(f"http://127.0.0.1:{port}/healthz")
        assert status == 200, f"/healthz gave {status!r} after {HEALTH_DEADLINE_S:.0f} s" + (
            hub.explain()
        )

        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=STOP_DEADLINE_S)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {STOP_DEADLINE_S:.0f} s after SIGTERM" + hub.explain())
        # 0 when it handled the signal and shut down cleanly; -SIGTERM if it died of it.
        assert hub.process.returncode in (0, -signal.SIGTERM), hub.explain()
    finally:
        if hub.process.poll() is None:
            hub.process.kill()
            hub.process.wait()
