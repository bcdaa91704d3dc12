"""Checks shared by cogs."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord

from bot.errors import RateLimited
from bot.tree import COUNTED_WRITE, UserFacingCheckFailure

if TYPE_CHECKING:
    from bot.app import NexusBot


def nexus(interaction: discord.Interaction) -> NexusBot:
    return cast("NexusBot", interaction.client)


def count_write(interaction: discord.Interaction) -> None:
    """Count one write against the member's rate limit, refusing when it is exhausted.

    The hit is noted on the interaction: when the command then answers with an error (the
    tree's one handler, `answer_error`), the write did not happen and is given back."""
    try:
        instant = nexus(interaction).services.rate_limits.hit(interaction.user.id)
    except RateLimited as error:
        raise UserFacingCheckFailure(str(error)) from error
    interaction.extras[COUNTED_WRITE] = instant


async def writes(interaction: discord.Interaction) -> bool:
    """`@app_commands.check(writes)`: the command always writes, so it is rate-limited."""
    count_write(interaction)
    return True
