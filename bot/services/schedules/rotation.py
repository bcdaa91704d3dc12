"""Which takeaway comes next in a guild: a shuffled cycle stored in the database.

Every takeaway is posted once before any repeats; two consecutive posts are not from the
same topic when another topic is left in the cycle. The cycle survives restarts, and two
bot processes never hand out the same position (optimistic locking on a version number).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import TakeawayRotation
from bot.errors import NotFound
from bot.knowledge.model import Library, Takeaway

MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class RotationState:
    cycle: list[str]
    position: int
    cycle_number: int
    last_topic: str | None


def shuffled(ids: list[str], guild_id: int, cycle_number: int) -> list[str]:
    order = sorted(ids)
    random.Random(f"{guild_id}:{cycle_number}").shuffle(order)
    return order


def choose(
    state: RotationState, library: Library, guild_id: int, topic: str | None = None
) -> tuple[Takeaway, RotationState]:
    """The next takeaway (optionally of one topic) and the state after handing it out."""
    available = {t.id: t for t in library.takeaways}
    if not available:
        raise NotFound("There are no takeaways in the knowledge base yet.")
    consumed = state.cycle[: state.position]
    known = set(state.cycle)
    remaining = [i for i in state.cycle[state.position :] if i in available]
    if state.cycle:  # takeaways added to the content since this cycle began join it
        remaining += [i for i in sorted(available) if i not in known]
    cycle_number = state.cycle_number
    if not remaining:
        cycle_number += 1
        consumed, remaining = [], shuffled(list(available), guild_id, cycle_number)
    if topic is not None:
        of_topic = [i for i in remaining if available[i].topic == topic]
        if not of_topic:
            # Every takeaway of this topic was used this cycle: repeat one, cycle untouched.
            repeat = library.takeaways_of(topic)
            if not repeat:
                raise NotFound(f"Topic '{topic}' has no takeaways.")
            pick = repeat[state.position % len(repeat)]
            return pick, state
        chosen = of_topic[0]
    else:
        chosen = next(
            (i for i in remaining if available[i].topic != state.last_topic), remaining[0]
        )
    rest = [i for i in remaining if i != chosen]
    after = RotationState(
        cycle=[*consumed, chosen, *rest],
        position=len(consumed) + 1,
        cycle_number=cycle_number,
        last_topic=available[chosen].topic,
    )
    return available[chosen], after


class TakeawayRotationService:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], library: Callable[[], Library]
    ) -> None:
        self._sessions = sessions
        self.library = library

    async def next(self, guild_id: int, topic: str | None = None) -> Takeaway:
        """Hand out the next takeaway of the guild's cycle and remember it."""
        for _ in range(MAX_ATTEMPTS):
            async with self._sessions.begin() as session:
                row = await session.get(TakeawayRotation, guild_id)
                state = _state(row)
                takeaway, after = choose(state, self.library(), guild_id, topic)
                if after is state:
                    return takeaway
                if row is None:
                    session.add(_new_row(guild_id, after))
                    try:
                        await session.flush()
                    except IntegrityError:
                        continue  # another process created the row first: read it again
                    return takeaway
                changed = await session.execute(
                    update(TakeawayRotation)
                    .where(
                        TakeawayRotation.guild_id == guild_id,
                        TakeawayRotation.version == row.version,
                    )
                    .values(
                        cycle=json.dumps(after.cycle),
                        position=after.position,
                        cycle_number=after.cycle_number,
                        last_topic=after.last_topic,
                        version=row.version + 1,
                    )
                    .execution_options(synchronize_session=False)
                )
                if changed.rowcount == 1:  # type: ignore[attr-defined]
                    return takeaway
        raise RuntimeError("takeaway rotation kept changing under us")

    async def peek(self, guild_id: int) -> Takeaway:
        """What `next` would hand out, without handing it out."""
        async with self._sessions() as session:
            row = await session.get(TakeawayRotation, guild_id)
        takeaway, _ = choose(_state(row), self.library(), guild_id)
        return takeaway


def _state(row: TakeawayRotation | None) -> RotationState:
    if row is None:
        return RotationState([], 0, 0, None)
    return RotationState(json.loads(row.cycle), row.position, row.cycle_number, row.last_topic)


def _new_row(guild_id: int, state: RotationState) -> TakeawayRotation:
    return TakeawayRotation(
        guild_id=guild_id,
        cycle=json.dumps(state.cycle),
        position=state.position,
        cycle_number=state.cycle_number,
        last_topic=state.last_topic,
        version=0,
    )
