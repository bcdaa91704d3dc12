"""Posting in an archived thread opens it again, and the bot hears of it only later.

Discord: sending a message in an archived thread that is not locked unarchives it (Discord
archives a quiet thread by itself after its auto-archive duration, and discord.py then
drops it from its cache). The THREAD_UPDATE saying so is a gateway event: it comes after the
REST answer, so code that goes on right after the send must not count on the cache.
simcord leaves the thread archived; this rule opens it and announces it on the next turn
of the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from tests.strict.routing import wrap_dispatch


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    def rule(call: Callable[[], Any], backend: Any, method: str, path: str, body: Any) -> Any:
        parts = path.strip("/").split("/")
        if not (method == "POST" and len(parts) == 3 and parts[::2] == ["channels", "messages"]):
            return call()
        channel = backend.channels.get(int(parts[1]))
        meta = getattr(channel, "thread_metadata", None)
        answer = call()
        if meta is not None and meta.archived and not meta.locked:
            meta.archived = False
            asyncio.get_running_loop().call_soon(backend.announce_channel_update, channel.id)
        return answer

    wrap_dispatch(monkeypatch, rule)
