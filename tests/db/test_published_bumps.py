"""The guard of tests/db/published_guard.py: a service write to a published table without
`bump_published` in its transaction is caught; with the bump, it passes."""

from __future__ import annotations

import pytest

from bot.db.engine import Database
from bot.services.publishing import privacy
from bot.services.publishing.versions import guild_version
from tests.conftest import FixedClock
from tests.db.published_guard import PublishedGuard


async def test_a_service_write_bumps_and_the_guard_sees_it(
    migrated: Database, clock: FixedClock
) -> None:
    guard = PublishedGuard()
    guard.install()
    try:
        await privacy.MemberPrivacyService(migrated.sessions, clock).make_public(1, 2, "Alice")
    finally:
        guard.remove()
    assert guard.missed == []
    async with migrated.sessions() as session:
        assert await guild_version(session, 1) == 1


async def test_the_guard_catches_a_forgotten_bump(
    migrated: Database, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def forgotten(_session: object, _guild_id: int) -> None:
        return None  # a service that forgot to bump, as a new write might

    monkeypatch.setattr(privacy, "bump_published", forgotten)
    guard = PublishedGuard()
    guard.install()
    try:
        await privacy.MemberPrivacyService(migrated.sessions, clock).make_public(1, 2, "Alice")
    finally:
        guard.remove()
    assert (
        guard.missed
        and "member_privacy written by services/publishing/privacy.py" in (guard.missed[0])
    )
