"""Fixtures shared by every test: settings, databases on both backends, a simulated guild."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.app import NexusBot, create_bot
from bot.config import Settings
from bot.db.engine import Database
from bot.simulation import World, build_world
from bot.tree import expected_error_message
from tests.strict import install_all as install_strict_rules

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL = os.environ.get("NEXUS_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"]


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    base = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'nexus.db'}",
        content_dir=ROOT / "content",
        log_level="WARNING",
    )
    return replace(base, **overrides)


class FixedClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture(params=BACKENDS)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """An empty database on each backend; PostgreSQL gets a schema of its own per test."""
    if request.param == "sqlite":
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        yield db
        await db.dispose()
        return
    async with postgres_schema() as in_schema:
        db = Database(POSTGRES_URL or "", connect_args=in_schema)
        try:
            yield db
        finally:
            await db.dispose()


@asynccontextmanager
async def postgres_schema() -> AsyncIterator[dict[str, Any]]:
    """A schema of its own on the test server (skipped without one), dropped afterwards:
    yields the `connect_args` that put a connection in it."""
    if not POSTGRES_URL:
        pytest.skip("NEXUS_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES_URL)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield {"server_settings": {"search_path": schema}}
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture
async def migrated(database: Database) -> Database:
    await database.upgrade()
    return database


@pytest.fixture
def simcord_bot(settings: Settings) -> NexusBot:
    return create_bot(settings)


@pytest.fixture
async def simcord_env(
    simcord_bot: NexusBot, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Any]:
    """simcord's environment under the strict layer (tests/strict: Discord's rules that the
    simulation does not enforce), failing the test on bot errors that are bugs.

    Errors a member caused (validation, permissions, rate limits) are answered by the bot's
    one error handler and are not failures; anything else still fails the test.
    """
    from simcord import Env

    marker = request.node.get_closest_marker("simcord")
    options = dict(marker.kwargs) if marker else {}
    install_strict_rules(monkeypatch)
    env = Env(simcord_bot, check_errors=False, **options)
    await env.start()
    try:
        yield env
    finally:
        current = env.bot
        await env.shutdown()
        # simcord detaches the bot without closing it: close its connections while the
        # loop still runs (an aiosqlite thread collected after the loop closes fails).
        for bot in {simcord_bot, current}:
            await release(bot)
    bugs = [e for e in env.errors if expected_error_message(e) is None]
    if bugs and not request.node.get_closest_marker("allow_bot_errors"):
        raise ExceptionGroup("the bot raised unexpected errors", bugs)  # type: ignore[arg-type]


async def release(bot: Any) -> None:
    """Stop what a detached bot still holds: its scheduler (and a run under way: the
    real-time minute sweep can fire during a test) and its database connections."""
    await bot.stop_scheduled_work()
    await bot.db.dispose()


@pytest.fixture
def world(simcord_env: Any) -> World:
    return build_world(simcord_env)
