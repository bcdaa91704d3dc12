"""The command-sync ledger remembers a tree per application and scope, on both backends."""

from __future__ import annotations

from bot.db.engine import Database
from bot.services.command_sync import CommandSyncLedger
from tests.conftest import FixedClock

APP, OTHER_APP = 1_456_074_443_980_800_000, 2**53 - 1


async def test_a_synced_tree_is_remembered_for_its_application_and_scope_only(
    migrated: Database, clock: FixedClock
) -> None:
    ledger = CommandSyncLedger(migrated.sessions, clock)
    assert await ledger.needs_sync(APP, "global", "hash-1")

    await ledger.record_sync(APP, "global", "hash-1")

    assert not await ledger.needs_sync(APP, "global", "hash-1")
    assert await ledger.needs_sync(APP, "global", "hash-2")
    assert await ledger.needs_sync(APP, "guild:5", "hash-1")
    assert await ledger.needs_sync(OTHER_APP, "global", "hash-1")


async def test_a_new_sync_of_the_same_application_and_scope_replaces_the_last(
    migrated: Database, clock: FixedClock
) -> None:
    ledger = CommandSyncLedger(migrated.sessions, clock)
    await ledger.record_sync(APP, "global", "hash-1")
    await ledger.record_sync(OTHER_APP, "global", "hash-1")
    await ledger.record_sync(APP, "global", "hash-2")

    assert not await ledger.needs_sync(APP, "global", "hash-2")
    assert await ledger.needs_sync(APP, "global", "hash-1")
    assert not await ledger.needs_sync(OTHER_APP, "global", "hash-1")
