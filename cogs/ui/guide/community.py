"""A topic's approved community notes under its embed, each with a Helpful button."""

from __future__ import annotations

from typing import Any

import discord

from cogs.ui.checks import nexus
from cogs.ui.guide.buttons import HelpfulButton
from cogs.ui.guide.cards import community_embed
from cogs.ui.limits import EMBED_TOTAL

MAX_COMPONENTS = 25


async def with_community(
    interaction: discord.Interaction[Any], slug: str, embed: discord.Embed, view: discord.ui.View
) -> list[discord.Embed]:
    """The topic's embed and, when this server approved notes for it, "From the community"
    (most helpful first, within what the message's 6,000 characters leave); the Helpful
    buttons join `view`."""
    if interaction.guild_id is None:
        return [embed]
    notes = await nexus(interaction).services.guide.for_topic(interaction.guild_id, slug)
    room = MAX_COMPONENTS - len(view.children)
    notes = notes[: max(room, 0)]
    community = community_embed(notes, EMBED_TOTAL - len(embed))
    if community is None:
        return [embed]
    for note in notes:
        view.add_item(HelpfulButton(note.id, note.title))
    return [embed, community]
