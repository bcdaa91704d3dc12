"""Many members at once: concurrent interactions through simcord's backend, and loop lag.

simcord's actor verbs run one at a time (each settles the bot before it returns) and refuse
to overlap, so they cannot make a crowd. `Crowd` builds the INTERACTION_CREATE payloads the
verbs build and emits them straight into the backend's gateway, without settling: the bot
handles them as concurrent tasks, as it handles real Discord traffic. The bot's answers are
seen in the backend's log of REST calls, stamped as they arrive: the interaction callback
(a message, a defer or autocomplete choices) is the first response; after a defer, the edit
of the original response (or a first follow-up) is the final reply.

`LoopLag` measures how late the event loop runs a task that sleeps 5 ms again and again:
everything that holds the loop (a parse, a synchronous call) shows up as its overshoot.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from simcord import interactions as simulated
from simcord.enums import InteractionType

from bench.harness import Timing
from bench.report import Goal, below, equal_to, ms, table

DEADLINE_S = 3.0  # Discord drops an interaction not acknowledged within 3 s
GIVE_UP_S = 30.0  # a member stops waiting for a final reply after this
DEFERRED = 5  # callback type: "thinking", the answer follows as an edit
DEADLINE = below(DEADLINE_S * 1000, f"every first response < {DEADLINE_S:g} s (Discord)")
NONE = equal_to(0, "0")


@dataclass
class _Pending:
    command: str
    emitted: float
    first: float | None = None
    final: float | None = None
    answered: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass(frozen=True)
class Outcome:
    command: str
    first_ms: float | None  # emitted until the callback (answer, defer or choices)
    final_ms: float | None  # emitted until the answer itself (the edit after a defer)

    @property
    def late(self) -> bool:
        """Not answered or deferred within Discord's deadline."""
        return self.first_ms is None or self.first_ms > DEADLINE_S * 1000


class _StampedLog(list[Any]):
    """The backend's REST log, telling `on_request` of each call as it is made."""

    def __init__(self, entries: Iterable[Any], on_request: Callable[[Any], None]) -> None:
        super().__init__(entries)
        self._on_request = on_request

    def append(self, entry: Any) -> None:
        self._on_request(entry)
        super().append(entry)


class Crowd:
    """Emits interactions without waiting for the bot to settle, and times their answers."""

    def __init__(self, env: Any) -> None:
        self._env = env
        self._backend = env.backend
        self._by_id: dict[int, _Pending] = {}
        self._by_token: dict[str, _Pending] = {}
        self._backend.http_requests = _StampedLog(self._backend.http_requests, self._seen)

    async def slash(self, member: Any, channel: Any, command: str, /, **options: Any) -> Outcome:
        root, leaf, nesting = self._command(command, member)
        built, resolved = simulated.build_options(
            member, command, leaf, options, channel_id=channel.id
        )
        data: dict[str, Any] = {
            "id": root["id"],
            "name": root["name"],
            "type": root.get("type", 1),
            "options": simulated.nest_options(root, nesting, built),
        }
        if resolved:
            data["resolved"] = resolved
        return await self._emit(
            f"/{command}", InteractionType.APPLICATION_COMMAND, member, channel, data
        )

    async def autocomplete(
        self, member: Any, channel: Any, name: str, option: str, typed: str
    ) -> Outcome:
        root, leaf, nesting = self._command(name, member)
        focused = next(o for o in leaf.get("options") or [] if o["name"] == option)
        typing = [{"name": option, "type": focused["type"], "value": typed, "focused": True}]
        data = {
            "id": root["id"],
            "name": root["name"],
            "type": root.get("type", 1),
            "options": simulated.nest_options(root, nesting, typing),
        }
        return await self._emit(
            f"/{name} autocomplete",
            InteractionType.APPLICATION_COMMAND_AUTOCOMPLETE,
            member,
            channel,
            data,
        )

    def _command(self, name: str, member: Any) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        parts = name.split()
        root = self._backend.find_command(parts[0], member.guild.id)
        if root is None:
            raise LookupError(f"no synced command /{parts[0]}")
        leaf, nesting = simulated.walk_to_subcommand(root, parts[1:])
        return root, leaf, nesting

    async def _emit(
        self, command: str, kind: int, member: Any, channel: Any, data: dict[str, Any]
    ) -> Outcome:
        record, payload = simulated.base_payload(
            self._backend,
            type=kind,
            channel_id=channel.id,
            guild_id=member.guild.id,
            user_id=member.id,
            data=data,
        )
        pending = _Pending(command, time.perf_counter())
        self._by_id[record.id] = self._by_token[record.token] = pending
        self._backend.emit("INTERACTION_CREATE", payload)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(pending.answered.wait(), GIVE_UP_S)
        del self._by_id[record.id], self._by_token[record.token]

        def ms(at: float | None) -> float | None:
            return None if at is None else (at - pending.emitted) * 1000

        return Outcome(command, ms(pending.first), ms(pending.final))

    def _seen(self, entry: Any) -> None:
        now = time.perf_counter()
        parts = entry.path.strip("/").split("/")
        if parts[0] == "interactions" and parts[-1] == "callback":
            pending = self._by_id.get(int(parts[1]))
            if pending is None or pending.first is not None:
                return
            pending.first = now
            if (entry.json or {}).get("type") != DEFERRED:
                self._finish(pending, now)
        elif parts[0] == "webhooks" and len(parts) >= 3:
            pending = self._by_token.get(parts[2])
            edit = entry.method == "PATCH" and parts[-1] == "@original"
            followup = entry.method == "POST" and len(parts) == 3
            if pending is not None and pending.first is not None and (edit or followup):
                self._finish(pending, now)

    @staticmethod
    def _finish(pending: _Pending, now: float) -> None:
        if pending.final is None:
            pending.final = now
            pending.answered.set()


class LoopLag:
    """How late the event loop wakes a task that asks to sleep 5 ms, while it is entered."""

    def __init__(self, interval: float = 0.005) -> None:
        self._interval = interval
        self._task: asyncio.Task[None] | None = None
        self.lags_ms: list[float] = []

    async def __aenter__(self) -> LoopLag:
        self._task = asyncio.create_task(self._watch())
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)

    async def _watch(self) -> None:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(self._interval)
            self.lags_ms.append((time.perf_counter() - asked - self._interval) * 1000)

    @property
    def largest_ms(self) -> float:
        return max(self.lags_ms, default=0.0)

    @property
    def timing(self) -> Timing:
        return Timing("event loop lag", self.lags_ms)


def timings(outcomes: list[Outcome]) -> list[tuple[str, Timing, Timing | None]]:
    """Per command: first-response and final-reply times of the answered interactions."""
    rows = []
    for command in dict.fromkeys(o.command for o in outcomes):
        mine = [o for o in outcomes if o.command == command]
        first = [o.first_ms for o in mine if o.first_ms is not None]
        final = [o.final_ms for o in mine if o.final_ms is not None]
        rows.append(
            (
                command,
                Timing(command, first),
                Timing(command, final) if final != first else None,
            )
        )
    return rows


def report_outcomes(title: str, outcomes: list[Outcome]) -> None:
    """Per command: first response and final reply (after a defer), ms."""
    rows = []
    for command, first, final in timings(outcomes):
        n = len(first.samples_ms)
        if n < 2:
            rows.append([command, str(n), *["too few answers"] * 6, DEADLINE.text, "-"])
            continue
        late = max(first.samples_ms)
        finals = ([ms(final.p50, 1), ms(final.p99, 1), ms(max(final.samples_ms), 0)]
                  if final else ["same"] * 3)  # fmt: skip
        rows.append([command, str(n), ms(first.p50, 1), ms(first.p99, 1), ms(late, 0), *finals,
                     DEADLINE.text, DEADLINE.verdict(late)])  # fmt: skip
    table(
        title,
        ["command", "n", "first p50 ms", "first p99 ms", "first max ms", "final p50 ms",
         "final p99 ms", "final max ms", "goal", "verdict"],
        rows,
    )  # fmt: skip


def whole(outcomes: list[Outcome]) -> list[list[str]]:
    late = sum(o.late for o in outcomes)
    unanswered = sum(o.final_ms is None for o in outcomes)
    return [
        [f"interactions not answered or deferred within {DEADLINE_S:g} s (of {len(outcomes)})",
         str(late), NONE.text, NONE.verdict(late)],
        ["interactions with no final reply at all", str(unanswered),
         "no target stated (0 expected)", "-"],
    ]  # fmt: skip


def lag_row(lag: LoopLag, goal: Goal) -> list[str]:
    timing = lag.timing
    return [
        f"event loop lag (5 ms sleeper, {len(timing.samples_ms):,} wake-ups), "
        "p50 / p99 / largest ms",
        f"{timing.p50:.1f} / {timing.p99:.1f} / {lag.largest_ms:.0f}",
        goal.text,
        goal.verdict(lag.largest_ms),
    ]
