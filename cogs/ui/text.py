"""Free-text options: one rule, applied where discord.py reads the option.

Every free-text `str` option of a command is annotated `Line` or `Block` (or a
`VisibleText` of its own, for a length limit Discord should enforce), so the rule of
`bot/services/text_rules.py` runs before the command's body: the value is tidied, and a
value that shows nothing (only spaces, zero-width or other invisible characters) is
refused with an ephemeral message naming the option, so nothing is stored or posted. This
holds for optional options too: a member who typed something invisible meant something,
and is told, instead of the command quietly doing less. `tests/e2e/test_text_options.py`
walks the command tree and fails for a `str` option without it.

Services keep their own checks: the web, modals and the scheduler reach them without a
slash command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

import discord
from discord import app_commands

from bot.errors import ValidationError
from bot.services.text_rules import tidy_block, tidy_line


class VisibleText(app_commands.Transformer[discord.Client]):
    """A `str` option tidied by `tidy` and refused when it shows nothing.

    `min_length`/`max_length` go to Discord as the option's limits, as with
    `app_commands.Range[str, ...]`, which this replaces.
    """

    def __init__(
        self,
        tidy: Callable[[str], str],
        *,
        min_length: int | None = None,
        max_length: int | None = None,
    ) -> None:
        self._tidy = tidy
        self._min_length = min_length
        self._max_length = max_length

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def min_value(self) -> int | None:
        return self._min_length

    @property
    def max_value(self) -> int | None:
        return self._max_length

    async def transform(
        self, interaction: discord.Interaction[discord.Client], value: Any, /
    ) -> str:
        text = self._tidy(str(value))
        if not text:
            raise ValidationError(blank_option_message(typed_as(interaction, value)))
        return text


def typed_as(interaction: discord.Interaction[Any], value: object) -> list[str]:
    """The names of the options the member gave exactly `value` (the transformer is told
    the value, not which option it came from)."""
    return [name for name, given in interaction.namespace if given == value]


def blank_option_message(names: list[str]) -> str:
    if not names:
        return "That text can't be empty: what you typed shows nothing."
    options = " and ".join(f"`{name}`" for name in names)
    return (
        f"{options} can't be empty: what you typed shows nothing "
        "(only spaces or invisible characters)."
    )


# One line: titles, names, times, paths, search words. Runs of spaces become one.
Line: TypeAlias = app_commands.Transform[str, VisibleText(tidy_line)]
# Several lines kept: questions, details, notes, JSON examples, reminder and announcement text.
Block: TypeAlias = app_commands.Transform[str, VisibleText(tidy_block)]


def block_up_to(max_length: int) -> VisibleText:
    """A `Block` that Discord also holds to 1..`max_length` characters as it is typed."""
    return VisibleText(tidy_block, min_length=1, max_length=max_length)
