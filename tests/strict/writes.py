"""Writes whose answer is lost, and the nonce that makes a message safe to send again.

Always on (`install`): Discord's `enforce_nonce`. A message POSTed with a `nonce` and
`enforce_nonce` that repeats the nonce of a message the same author created in the past few
minutes is not created again: Discord answers with the first one. simcord ignores both
fields, so without this rule no test could tell a post that is safe to send again from one
that is not. It changes nothing for a request with a fresh nonce (discord.py gives every
`send` a random one), so it is right for every test.

Opt-in (`applied_anyway`): Discord does the work of a POST, then the answer is a 5xx (or
never comes). discord.py retries 500/502/504/524 itself; what reaches the bot is the case
where those retries did not get an answer either, so the bot must find out what exists, or
send again in a way Discord recognises, before it reports a failure or tries once more. Not
always on: a test of something else would only see its setup fail.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fnmatch import fnmatch
from typing import Any

import pytest
from simcord.backend.errors import BackendError

from tests.strict.routing import wrap_dispatch

# Discord checks a nonce "for uniqueness in the past few minutes"; the shortest reading.
NONCE_WINDOW = timedelta(minutes=2)


@dataclass
class _Sent:
    channel_id: int
    message_id: int
    at: datetime
    payload: Any


def _message_channel(method: str, path: str) -> int | None:
    parts = path.strip("/").split("/")
    if method == "POST" and len(parts) == 3 and parts[0] == "channels" and parts[2] == "messages":
        return int(parts[1])
    return None


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    """A repeated nonce (with `enforce_nonce`) returns the message it first made."""
    sent: dict[str, _Sent] = {}

    def rule(call: Callable[[], Any], backend: Any, method: str, path: str, body: Any) -> Any:
        channel_id = _message_channel(method, path)
        enforced = isinstance(body, dict) and body.get("enforce_nonce") and body.get("nonce")
        if channel_id is None or not enforced:
            return call()
        nonce, now = str(body["nonce"]), backend.clock.now()
        first = sent.get(nonce)  # one author here: the bot
        if (
            first is not None
            and now - first.at <= NONCE_WINDOW
            and first.message_id in backend.messages.get(first.channel_id, {})
        ):
            return copy.deepcopy(first.payload)
        answer = call()
        if isinstance(answer, dict) and "id" in answer:
            sent[nonce] = _Sent(channel_id, int(answer["id"]), now, copy.deepcopy(answer))
        return answer

    wrap_dispatch(monkeypatch, rule)


@dataclass
class AppliedAnyway:
    """What Discord made for the POSTs whose answer the bot never saw."""

    results: list[Any] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


def applied_anyway(
    monkeypatch: pytest.MonkeyPatch,
    pattern: str = "*",
    *,
    method: str = "POST",
    status: int = 500,
    times: int = 1,
    when: Callable[[Any], bool] | None = None,
) -> AppliedAnyway:
    """The next `times` requests matching `method` and the path `pattern` (fnmatch, e.g.
    "/channels/*/messages") are carried out by Discord, then answered with `status`.

    `when` narrows it to bodies it accepts (e.g. only the message holding some text).
    """
    lost = AppliedAnyway()

    def rule(call: Callable[[], Any], backend: Any, verb: str, path: str, body: Any) -> Any:
        if (
            verb == method
            and fnmatch(path, pattern)
            and len(lost.results) < times
            and (when is None or when(body))
        ):
            lost.results.append(call())
            lost.paths.append(path)
            raise BackendError(status, 0, "Server Error (after the work was done)")
        return call()

    wrap_dispatch(monkeypatch, rule)
    return lost
