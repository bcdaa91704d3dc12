"""Persistent buttons: their state lives in the custom id, so they work after a restart."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.tree import answer_error


class PersistentButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"nexus:(?!)"):
    """A button routed by its custom id; errors go through the bot's one error handler.

    Subclasses declare `template=` (a regex with named groups), build themselves from the
    groups in `from_match`, and act in `handle`.
    """

    def __init__(
        self,
        custom_id: str,
        label: str,
        *,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        disabled: bool = False,
        row: int | None = None,
    ) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            custom_id=custom_id, label=label[:80], style=style, disabled=disabled
        )
        super().__init__(button, row=row)

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        raise NotImplementedError

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        assert isinstance(item, discord.ui.Button)
        return cls.from_match(match, item.label or "")

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self.handle(interaction)
        except Exception as error:  # the same handler as commands: friendly or a ref
            await answer_error(interaction, error)
