"""Nudge subjects: the identity under which each nudge is registered once, and what a
subject asks delivery to do after posting (archive the thread, refresh an API card)."""

from __future__ import annotations

HELPERS = "qa-helpers"  # qa-helpers:<thread>
MARK = "qa-mark"  # qa-mark:<thread>
ARCHIVE = "qa-archive"  # qa-archive:<thread>:<quiet since, unix seconds>
STALE = "api-stale"  # api-stale:<request id>:<revision>
RELEASE = "api-release"  # api-release:<request id>:<revision>
READY = "api-ready"  # api-ready:<event id>


def subject(kind: str, *parts: int) -> str:
    return ":".join([kind, *(str(p) for p in parts)])


def kind_of(name: str | None) -> str:
    return (name or "").split(":", 1)[0]


def archives_thread(name: str | None) -> bool:
    return kind_of(name) == ARCHIVE


def released_request_id(name: str | None) -> int | None:
    """The API request whose claim this nudge announces was released, if it is one."""
    if kind_of(name) != RELEASE:
        return None
    return int((name or "").split(":")[1])
