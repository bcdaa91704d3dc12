"""A member who left the server, as a bot without the Server Members intent sees it.

Discord sends GUILD_MEMBER_REMOVE only to bots with the privileged Server Members intent,
which Nexus does not ask for: a departure changes nothing the bot is told, its cache may
still hold the member (from an interaction or a message), and the only way to know is to
ask: Get Guild Member then answers 404 Unknown Member (code 10007). simcord removes a member
with `Backend.remove_member`, filters the event by intent as Discord does, and answers that
404; `leaves` makes that happen and checks the bot indeed heard nothing.

Nothing here is always on: simcord already answers a departed member's GET with Discord's
404, and only a test knows who leaves.
"""

from __future__ import annotations

from typing import Any

UNKNOWN_MEMBER = 10007


def leaves(env: Any, guild_id: int, user_id: int) -> None:
    """`user_id` leaves the guild while the bot keeps whatever it had cached of them."""
    bot = env.bot
    assert not bot.intents.members, "a bot with the members intent is told who leaves"
    env.backend.remove_member(guild_id, user_id)
