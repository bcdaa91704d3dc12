"""Answering inside Discord's 3-second deadline: acknowledge first, then work, then answer.

Discord drops an interaction that is not acknowledged within 3 s of wall-clock time (10062),
and database writes or Discord calls can take longer. Every command that writes or calls
Discord before it answers starts with `acknowledge`, which defers with "thinking"; `answer`
then replaces that placeholder with `edit_original_response` (a follow-up replacing it is
deprecated behaviour), and anything after the first answer is a follow-up.

The state lives in `interaction.extras`, so the error handler answers the same way.
"""

from __future__ import annotations

import contextlib
from typing import Any

import discord

PLACEHOLDER = "nexus_placeholder"  # "ephemeral" | "public" while the thinking placeholder shows
ANSWERED = "nexus_answered"


async def acknowledge(interaction: discord.Interaction[Any], *, ephemeral: bool = True) -> None:
    """Defer with a thinking placeholder, before any database write or call to Discord."""
    if interaction.response.is_done():
        return
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    interaction.extras[PLACEHOLDER] = "ephemeral" if ephemeral else "public"


def placeholder_showing(interaction: discord.Interaction[Any]) -> bool:
    return PLACEHOLDER in interaction.extras and ANSWERED not in interaction.extras


async def answer(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    embeds: list[discord.Embed] | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
    ephemeral: bool = True,
    allowed_mentions: discord.AllowedMentions | None = None,
) -> None:
    """The command's answer: the first response, the placeholder replaced, or a follow-up.

    After a thinking defer the placeholder's visibility was fixed by `acknowledge`;
    `ephemeral` only matters when the interaction was not acknowledged yet or for follow-ups.
    """
    mentions = allowed_mentions or discord.AllowedMentions.none()
    every = embeds if embeds is not None else ([embed] if embed is not None else [])
    if not interaction.response.is_done():
        await interaction.response.send_message(
            content,
            embeds=every or discord.utils.MISSING,
            view=view or discord.utils.MISSING,
            file=file or discord.utils.MISSING,
            ephemeral=ephemeral,
            allowed_mentions=mentions,
        )
    elif placeholder_showing(interaction):
        await interaction.edit_original_response(
            content=content,
            embeds=every,
            view=view,
            attachments=[file] if file else discord.utils.MISSING,
            allowed_mentions=mentions,
        )
    else:
        await interaction.followup.send(
            content or discord.utils.MISSING,
            embeds=every or discord.utils.MISSING,
            view=view or discord.utils.MISSING,
            file=file or discord.utils.MISSING,
            ephemeral=ephemeral,
            allowed_mentions=mentions,
        )
    interaction.extras[ANSWERED] = True


async def answer_privately(interaction: discord.Interaction[Any], content: str) -> None:
    """An answer only the member sees, even when the placeholder is public (e.g. an error).

    A public placeholder is removed rather than turned into a message everyone reads.
    """
    if placeholder_showing(interaction) and interaction.extras[PLACEHOLDER] == "public":
        with contextlib.suppress(discord.HTTPException):  # already gone: the follow-up still goes
            await interaction.delete_original_response()
        interaction.extras[ANSWERED] = True
        await interaction.followup.send(content, ephemeral=True)
        return
    await answer(interaction, content, ephemeral=True)
