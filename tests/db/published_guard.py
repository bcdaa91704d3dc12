"""A guard that makes a forgotten `bump_published` fail a test: every transaction that a
service (code under bot/) commits with a write to a table the web reads must also write
`published_versions`, or the hub would answer a kept page that no longer holds.

Load it as a pytest plugin (`pytest -p tests.db.published_guard ...`) to walk the whole
suite's writes; tests/db/test_published_bumps.py installs it for its own writes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import greenlet  # type: ignore[import-untyped]
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

# Tables a hub page reads (bot/web/routes): a write to any of them changes a page.
PUBLISHED_TABLES = frozenset(
    {
        "qa_threads",
        "qa_messages",
        "web_guilds",
        "web_channels",
        "member_privacy",
        "api_requests",
        "api_request_events",
        "api_contracts",
        "guild_settings",
        "guide_notes",
    }
)
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE
)
_DDL = re.compile(r"^\s*(?:CREATE|ALTER|DROP)\b", re.IGNORECASE)
_BOT = str(Path(__file__).resolve().parents[2] / "bot") + "/"
_EXEMPT = (_BOT + "db/",)


def _frames() -> Iterator[FrameType]:
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        yield frame
        frame = frame.f_back
    parent = greenlet.getcurrent().parent
    # SQLAlchemy's async layer runs the driver in a child greenlet: the service that awaits
    # the write is suspended in the parent.
    frame = parent.gr_frame if parent is not None else None
    while frame is not None:
        yield frame
        frame = frame.f_back


def _from_bot() -> str | None:
    for frame in _frames():
        name = frame.f_code.co_filename
        if name.startswith(_BOT) and not name.startswith(_EXEMPT):
            return f"{name.removeprefix(_BOT)}:{frame.f_lineno} {frame.f_code.co_name}"
    return None


class PublishedGuard:
    def __init__(self) -> None:
        self.missed: list[str] = []

    def after_execute(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        info = conn.info
        if _DDL.match(statement):
            info["guard_ddl"] = True
            return
        found = _WRITE.match(statement)
        if found is None:
            return
        table = found.group(1).lower()
        if table == "published_versions":
            info["guard_bumped"] = True
        elif table in PUBLISHED_TABLES and "guard_write" not in info and cursor.rowcount != 0:
            where = _from_bot()
            if where is not None:
                info["guard_write"] = f"{table} written by {where}"

    def commit(self, conn: Any) -> None:
        info = conn.info
        write = info.get("guard_write")
        if write and not info.get("guard_bumped") and not info.get("guard_ddl"):
            self.missed.append(write)
        self.reset(conn)

    @staticmethod
    def reset(conn: Any) -> None:
        for key in ("guard_write", "guard_bumped", "guard_ddl"):
            conn.info.pop(key, None)

    def install(self) -> None:
        event.listen(Engine, "after_cursor_execute", self.after_execute)
        event.listen(Engine, "commit", self.commit)
        event.listen(Engine, "rollback", self.reset)

    def remove(self) -> None:
        event.remove(Engine, "after_cursor_execute", self.after_execute)
        event.remove(Engine, "commit", self.commit)
        event.remove(Engine, "rollback", self.reset)


@pytest.fixture(autouse=True)
def published_guard() -> Iterator[PublishedGuard]:
    guard = PublishedGuard()
    guard.install()
    try:
        yield guard
    finally:
        guard.remove()
    assert not guard.missed, "writes to published tables without bump_published: " + "; ".join(
        sorted(set(guard.missed))
    )
