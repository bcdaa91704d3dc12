"""Discord's behaviour where the simulation differs, reproduced at simcord's HTTP layer.

simcord routes every REST call through `simcord.http.router.dispatch`; these helpers wrap it
for one test (through `monkeypatch`) to add a rule real Discord enforces or a fault it has.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from fnmatch import fnmatch
from typing import Any

import pytest
from simcord.backend.errors import BackendError

from tests.strict.routing import wrap_dispatch

_wrap = wrap_dispatch


def enforce_thread_moderation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Locking a thread and deleting one need Manage Threads, even for its creator.

    (Discord's "Modify Channel" and "Delete/Close Channel" for threads; simcord asks for
    Manage Channels instead.)
    """

    def rule(call: Callable[[], Any], backend: Any, method: str, path: str, body: Any) -> Any:
        parts = path.strip("/").split("/")
        if method in ("PATCH", "DELETE") and len(parts) == 2 and parts[0] == "channels":
            channel = backend.get_channel(int(parts[1]))
            locking = method == "PATCH" and isinstance(body, dict) and body.get("locked")
            if channel.is_thread and (method == "DELETE" or locking):
                backend.require_permissions(
                    channel.guild_id, backend.bot_user.id, channel.id, "manage_threads"
                )
        return call()

    _wrap(monkeypatch, rule)


def lose_the_answer(
    monkeypatch: pytest.MonkeyPatch, method: str, pattern: str, *, status: int = 500, times: int = 1
) -> list[Any]:
    """Discord does the work, then the answer is lost: a 5xx (or a timeout) after the fact.

    Returns the list of results Discord produced but the bot never saw.
    """
    done: list[Any] = []

    def rule(call: Callable[[], Any], backend: Any, verb: str, path: str, body: Any) -> Any:
        if verb == method and fnmatch(path, pattern) and len(done) < times:
            done.append(call())
            raise BackendError(status, 0, "Server Error (after the work was done)")
        return call()

    _wrap(monkeypatch, rule)
    return done


def network_latency(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every REST call yields to the event loop first, as a real request does.

    simcord answers within the same step, so without this two tasks never interleave
    between one request and the next.
    """
    from simcord.http.client import FakeHTTPClient

    real = FakeHTTPClient.request

    async def request(self: Any, *args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(0)
        return await real(self, *args, **kwargs)

    monkeypatch.setattr(FakeHTTPClient, "request", request)
