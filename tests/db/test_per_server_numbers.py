"""Migration 0016 numbers the rows already stored per server, in id order, and loses nothing.

Before it, members typed the global primary keys: a server's first takeaway schedule could
be #6. The keys stay for the foreign keys (ledger slots, Interested members), which must
survive the migration both ways.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import TextClause, bindparam, text

from bot.db.engine import Database
from bot.db.types import UTCDateTime

BEFORE = "0015_qa_catch_up"
OTHER_GUILD, GUILD = 2, 1
ALICE, BOB, MENTOR = 10, 11, 12
# (id, guild, kind, created_by): interleaved across guilds, kinds and members on purpose.
SCHEDULES = [
    (1, OTHER_GUILD, "takeaway", MENTOR),
    (2, GUILD, "announcement", MENTOR),
    (3, GUILD, "reminder", ALICE),
    (4, GUILD, "nudge", 0),
    (5, GUILD, "reminder", BOB),
    (6, GUILD, "takeaway", MENTOR),
    (7, GUILD, "reminder", ALICE),
    (8, OTHER_GUILD, "takeaway", MENTOR),
    (9, GUILD, "takeaway", MENTOR),
]
SESSIONS = [(1, OTHER_GUILD), (2, GUILD), (3, OTHER_GUILD), (4, GUILD)]
AT = datetime(2026, 1, 2, 9, tzinfo=UTC)


def _at(sql: str) -> TextClause:
    return text(sql).bindparams(bindparam("at", type_=UTCDateTime()))


async def _store_rows_of_0015(db: Database) -> None:
    async with db.engine.begin() as conn:
        for row_id, guild_id, kind, created_by in SCHEDULES:
            await conn.execute(
                _at(
                    "INSERT INTO schedules (id, guild_id, kind, channel_id, timezone, paused,"
                    " consecutive_failures, created_by, created_at)"
                    " VALUES (:id, :guild, :kind, 5, 'UTC', false, 0, :by, :at)"
                ),
                {"id": row_id, "guild": guild_id, "kind": kind, "by": created_by,
                 "at": AT},
            )  # fmt: skip
        await conn.execute(
            _at(
                "INSERT INTO schedule_slots (id, schedule_id, slot_at, status, attempts,"
                " claimed_at) VALUES (1, 6, :at, 'posted', 1, :at)"
            ),
            {"at": AT},
        )
        for row_id, guild_id in SESSIONS:
            await conn.execute(
                _at(
                    "INSERT INTO study_sessions (id, guild_id, event_id, title, post_channel_id,"
                    " starts_at, ends_at, timezone, status, repeat_attempts, created_by,"
                    " created_at) VALUES (:id, :guild, :event, 'Redis', 5, :at, :at, 'UTC',"
                    " 'scheduled', 0, :by, :at)"
                ),
                {"id": row_id, "guild": guild_id, "event": 100 + row_id, "by": MENTOR,
                 "at": AT},
            )  # fmt: skip
        await conn.execute(
            _at(
                "INSERT INTO session_interest (session_id, user_id, added_at)"
                " VALUES (4, :alice, :at)"
            ),
            {"alice": ALICE, "at": AT},
        )


async def _rows(db: Database, sql: str) -> list[tuple[object, ...]]:
    async with db.engine.connect() as conn:
        return [tuple(row) for row in (await conn.execute(text(sql))).all()]


async def test_stored_rows_are_numbered_per_server_in_id_order(migrated: Database) -> None:
    await migrated.downgrade(BEFORE)
    await _store_rows_of_0015(migrated)

    await migrated.upgrade()

    schedules = await _rows(migrated, "SELECT id, number FROM schedules ORDER BY id")
    assert schedules == [
        (1, 1),  # the other server's first takeaway schedule
        (2, 1),  # this server's first announcement
        (3, 1),  # alice's first reminder
        (4, 0),  # a nudge: nobody types its number
        (5, 1),  # bob's first reminder
        (6, 1),  # this server's first takeaway schedule, not #6
        (7, 2),  # alice's second reminder
        (8, 2),
        (9, 2),
    ]
    sessions = await _rows(migrated, "SELECT id, number FROM study_sessions ORDER BY id")
    assert sessions == [(1, 1), (2, 1), (3, 2), (4, 2)]
    counters = await _rows(
        migrated, "SELECT guild_id, scope, last_number FROM guild_numbers ORDER BY guild_id, scope"
    )
    assert counters == [
        (GUILD, "announcement", 1),
        (GUILD, f"reminder:{ALICE}", 2),
        (GUILD, f"reminder:{BOB}", 1),
        (GUILD, "session", 2),
        (GUILD, "takeaway", 2),
        (OTHER_GUILD, "session", 2),
        (OTHER_GUILD, "takeaway", 2),
    ]
    # What hangs off the primary keys is untouched.
    assert await _rows(migrated, "SELECT schedule_id FROM schedule_slots") == [(6,)]
    assert await _rows(migrated, "SELECT session_id FROM session_interest") == [(4,)]


async def test_the_downgrade_keeps_every_row(migrated: Database) -> None:
    await migrated.downgrade(BEFORE)
    await _store_rows_of_0015(migrated)
    await migrated.upgrade()

    await migrated.downgrade(BEFORE)

    assert len(await _rows(migrated, "SELECT id FROM schedules")) == len(SCHEDULES)
    assert await _rows(migrated, "SELECT schedule_id FROM schedule_slots") == [(6,)]
    assert await _rows(migrated, "SELECT session_id FROM session_interest") == [(4,)]
