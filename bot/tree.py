"""The command tree's one error handler: expected errors become a short ephemeral answer."""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands

from bot.errors import NexusError
from cogs.ui.acknowledge import answer_privately

log = logging.getLogger(__name__)


# `interaction.extras` key: the instant of the write `count_write` counted for it.
COUNTED_WRITE = "nexus_counted_write"


class UserFacingCheckFailure(app_commands.CheckFailure):
    """A check failed for a reason the member should read as it is (e.g. rate limited)."""


def expected_error_message(error: BaseException) -> str | None:
    """The message for an error a member caused, or None when it is a bug."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, (NexusError, UserFacingCheckFailure)):
        return str(error)
    if isinstance(error, app_commands.MissingPermissions):
        return f"You need the {_permission_names(error.missing_permissions)} permission to do that."
    if isinstance(error, app_commands.BotMissingPermissions):
        names = _permission_names(error.missing_permissions)
        return f"I'm missing the {names} permission here; ask a server admin to grant it."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works inside a server."
    if isinstance(error, discord.RateLimited):  # longer than the bot's max_ratelimit_timeout
        return f"Discord asks me to wait {error.retry_after:.0f} s here: try again after that."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {max(1, round(error.retry_after))} seconds."
    if isinstance(error, app_commands.TransformerError):
        if isinstance(error.__cause__, NexusError):  # a transformer's own refusal, e.g. blank text
            return str(error.__cause__)
        return f"'{discord.utils.escape_markdown(str(error.value))[:100]}' is not a valid value."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    return None


def _permission_names(permissions: list[str]) -> str:
    return " and ".join(
        f"**{name.replace('_', ' ').replace('guild', 'server').title()}**" for name in permissions
    )


async def reply_ephemeral(interaction: discord.Interaction, content: str) -> None:
    """Answer only the member, whether or not the interaction was already acknowledged
    (a thinking placeholder is replaced, or removed when everyone could see it)."""
    try:
        await answer_privately(interaction, content)
    except discord.HTTPException:
        log.warning("could not deliver an error reply for interaction %s", interaction.id)


async def report_unexpected(interaction: discord.Interaction, error: BaseException) -> None:
    ref = secrets.token_hex(3).upper()
    log.error("unexpected error (ref %s) in %s", ref, _describe(interaction), exc_info=error)
    await reply_ephemeral(
        interaction, f"Something went wrong (ref {ref}). A mentor can look it up."
    )


def _describe(interaction: discord.Interaction) -> str:
    command = interaction.command
    return f"/{command.qualified_name}" if command else f"interaction {interaction.type.name}"


class NexusTree(app_commands.CommandTree[discord.Client]):
    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        await answer_error(interaction, error)


async def answer_error(interaction: discord.Interaction, error: BaseException) -> None:
    """The one handler of commands and components: a short answer, a ref for bugs."""
    _give_back_write(interaction)
    message = expected_error_message(error)
    if message is None:
        await report_unexpected(interaction, error)
    else:
        await reply_ephemeral(interaction, message)


def _give_back_write(interaction: discord.Interaction) -> None:
    """A command that answered with an error wrote nothing: its write no longer counts
    (so a member fixing a typo is not rate-limited for the attempts)."""
    instant = interaction.extras.pop(COUNTED_WRITE, None)
    if instant is not None:  # set only by `count_write`, on a NexusBot's interaction
        interaction.client.services.rate_limits.give_back(  # type: ignore[attr-defined]
            interaction.user.id, instant
        )
