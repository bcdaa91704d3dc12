"""Request threads on Discord: opening one with its card, posting changes, the card's buttons."""

from __future__ import annotations

import logging
import re
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, Self

import discord

from bot.services.api.contract import ContractChange
from bot.services.api.model import (
    Actor,
    ApiRequest,
    RequestChange,
    ThreadDelivery,
    ThreadRef,
    ThreadUnavailable,
)
from bot.services.api.status import ApiStatus
from cogs.ui.api.cards import (
    ThreadState,
    card_embed,
    change_line,
    notified,
    opening_line,
    requester_only,
    stateless,
    thread_name,
)
from cogs.ui.api.contracts import contract_message
from cogs.ui.checks import count_write, nexus
from cogs.ui.components import PersistentButton
from cogs.ui.mentions import pinging
from cogs.ui.outcomes import find_made_thread, outcome_unknown, send_once

if TYPE_CHECKING:
    from discord.interactions import InteractionChannel

log = logging.getLogger(__name__)
# A week without messages before Discord archives a request thread (sending unarchives it).
AUTO_ARCHIVE_MINUTES: Final = 10080


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    """The member acting: their roles and whether they may manage threads where they act."""
    member = interaction.user
    roles = member.roles if isinstance(member, discord.Member) else []
    return Actor(
        user_id=member.id,
        role_ids=frozenset(role.id for role in roles),
        manages_threads=interaction.permissions.manage_threads,
    )


def _why_discord_refused(
    error: discord.HTTPException | TimeoutError, channel: discord.TextChannel
) -> str:
    if isinstance(error, TimeoutError):
        return "Discord did not answer in time while opening the thread."
    if isinstance(error, discord.Forbidden):
        return (
            f"I'm not allowed to open threads in {channel.mention} (Discord said 403): a server "
            "admin needs to give me **Create Public Threads** and **Send Messages in Threads** "
            "there."
        )
    if error.status >= 500:
        return f"Discord had a problem opening the thread (HTTP {error.status})."
    return f"Discord refused to open the thread (HTTP {error.status})."


class DiscordThreads:
    """`ApiThreads` on Discord: one public thread per request, with a card kept up to date.

    `asked_in` is where the member ran the command: threads open there (or beside it, when
    it is a thread) unless the guild chose an API channel.
    """

    def __init__(
        self,
        client: discord.Client,
        asked_in: InteractionChannel | discord.PartialMessageable | None = None,
    ) -> None:
        self._client = client
        self._asked_in = asked_in

    def _destination(self, request: ApiRequest, channel_id: int | None) -> discord.TextChannel:
        if channel_id is not None:
            guild = self._client.get_guild(request.guild_id)
            chosen = guild.get_channel(channel_id) if guild else None
            if not isinstance(chosen, discord.TextChannel):
                raise ThreadUnavailable(
                    "The API channel chosen with `/nexus setup` no longer exists: ask a server "
                    "admin to pick another.",
                    nothing_made=True,
                )
            return chosen
        here = (
            self._asked_in.parent if isinstance(self._asked_in, discord.Thread) else self._asked_in
        )
        if not isinstance(here, discord.TextChannel):
            raise ThreadUnavailable(
                "I open request threads in a text channel: ask in one, or ask a server admin "
                "to set `api_channel` with `/nexus setup`.",
                nothing_made=True,
            )
        return here

    async def open_thread(self, request: ApiRequest, channel_id: int | None) -> ThreadRef:
        channel = self._destination(request, channel_id)
        name, asked_at = thread_name(request), discord.utils.utcnow()
        try:
            thread = await channel.create_thread(
                name=name,
                type=discord.ChannelType.public_thread,
                auto_archive_duration=AUTO_ARCHIVE_MINUTES,
            )
        except (discord.HTTPException, TimeoutError) as error:
            # The name holds the request's number: a thread with it opened since is ours.
            made, known = None, True
            if outcome_unknown(error):
                try:
                    made = await find_made_thread(channel, name, asked_at)
                except discord.HTTPException:
                    known = False  # maybe made, maybe not: its number stays used
            if made is None:
                why = _why_discord_refused(error, channel)
                raise ThreadUnavailable(why, nothing_made=known) from error
            thread = made
        try:
            card = await send_once(
                thread,
                f"nexus-card-{request.id}",
                opening_line(request),
                embed=card_embed(request),
                view=card_view(request),
                allowed_mentions=requester_only(request),
            )
        except discord.HTTPException as error:
            why = _why_discord_refused(error, channel)
            if not await _delete_quietly(thread):
                why += (
                    f" I couldn't remove the empty thread {thread.mention} (I need **Manage "
                    "Threads** for that): a moderator can delete it."
                )
            raise ThreadUnavailable(why) from error
        return ThreadRef(thread_id=thread.id, card_message_id=card.id)

    async def publish(self, change: RequestChange) -> ThreadDelivery:
        request = change.request
        return await self._post(
            request, change_line(change), [], allowed_mentions=pinging(notified(change))
        )

    async def publish_contract(self, change: ContractChange) -> ThreadDelivery:
        content, embeds, mentions = contract_message(change)
        return await self._post(change.request, content, embeds, allowed_mentions=mentions)

    async def _post(
        self,
        request: ApiRequest,
        content: str,
        embeds: list[discord.Embed],
        *,
        allowed_mentions: discord.AllowedMentions,
    ) -> ThreadDelivery:
        """Post a line in the request's thread, then bring its card up to date."""
        if request.thread_id is None:
            return ThreadDelivery.NO_THREAD
        thread = self._client.get_partial_messageable(request.thread_id, guild_id=request.guild_id)
        try:
            # The line goes first: sending to an archived thread unarchives it, and a card
            # in an archived thread could not be edited.
            await thread.send(content, embeds=embeds, allowed_mentions=allowed_mentions)
        except discord.NotFound:
            return ThreadDelivery.THREAD_GONE
        except discord.HTTPException as error:
            log.warning("could not post %s's change in its thread: %s", request.label, error)
            return ThreadDelivery.FAILED
        if request.card_message_id is not None:
            card = thread.get_partial_message(request.card_message_id)
            try:
                await card.edit(embed=card_embed(request), view=card_view(request))
            except discord.HTTPException as error:  # e.g. a moderator deleted the card
                log.info("could not update %s's card: %s", request.label, error)
        return ThreadDelivery.POSTED


async def refresh_card(client: discord.Client, request: ApiRequest) -> None:
    """Show the request's current state on its card (after a change Nexus made itself)."""
    if request.thread_id is None or request.card_message_id is None:
        return
    thread = client.get_partial_messageable(request.thread_id, guild_id=request.guild_id)
    try:
        await thread.get_partial_message(request.card_message_id).edit(
            embed=card_embed(request), view=card_view(request)
        )
    except discord.HTTPException as error:
        log.info("could not update %s's card: %s", request.label, error)


async def _delete_quietly(thread: discord.Thread) -> bool:
    """Delete a half-made thread; False when Discord refused (it needs Manage Threads)."""
    try:
        await thread.delete()
    except discord.NotFound:
        return True
    except discord.HTTPException:
        log.warning("left an empty request thread %s behind", thread.id)
        return False
    return True


async def thread_state(client: discord.Client, request: ApiRequest) -> ThreadState:
    """Whether the request's thread still exists (archived threads need a fetch)."""
    if request.thread_id is None:
        return ThreadState.NONE
    if client.get_channel(request.thread_id) is not None:
        return ThreadState.PRESENT
    try:
        await client.fetch_channel(request.thread_id)
    except discord.NotFound:
        return ThreadState.GONE
    except discord.HTTPException:
        pass  # hidden from the bot or Discord trouble: not proof that it is gone
    return ThreadState.PRESENT


class CardAction(Enum):
    """The card's buttons: (label, the status the button moves the request to)."""

    CLAIM = ("Claim", ApiStatus.CLAIMED)
    START = ("Start", ApiStatus.IN_PROGRESS)
    READY = ("Ready for review", ApiStatus.READY)
    DONE = ("Done", ApiStatus.DONE)

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def target(self) -> ApiStatus:
        return self.value[1]

    @property
    def key(self) -> str:
        return self.name.lower()


# A button is live only where its move is the next step of the workflow.
_LIVE_FROM = {
    CardAction.CLAIM: ApiStatus.OPEN,
    CardAction.START: ApiStatus.CLAIMED,
    CardAction.READY: ApiStatus.IN_PROGRESS,
    CardAction.DONE: ApiStatus.READY,
}
_STYLES = {
    CardAction.CLAIM: discord.ButtonStyle.primary,
    CardAction.DONE: discord.ButtonStyle.success,
}


def card_view(request: ApiRequest) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in CardAction:
        view.add_item(
            CardButton(action, request.number, disabled=request.status is not _LIVE_FROM[action])
        )
    return stateless(view)


class CardButton(
    PersistentButton,
    template=r"nexus:api:(?P<action>claim|start|ready|done):(?P<number>\d{1,10})",
):
    """Claim, Start, Ready for review, Done: the same moves as `/api claim` and `/api status`."""

    def __init__(self, action: CardAction, number: int, *, disabled: bool = False) -> None:
        super().__init__(
            f"nexus:api:{action.key}:{number}",
            action.label,
            style=_STYLES.get(action, discord.ButtonStyle.secondary),
            disabled=disabled,
        )
        self.action = action
        self.number = number

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(CardAction[match["action"].upper()], int(match["number"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        count_write(interaction)
        # Acknowledge without a reply: the card and the thread line show what happened.
        await interaction.response.defer()
        service = nexus(interaction).services.api_requests
        actor, threads = actor_of(interaction), DiscordThreads(interaction.client)
        if self.action is CardAction.CLAIM:
            await service.claim(interaction.guild_id, self.number, actor, threads)
        else:
            await service.change_status(
                interaction.guild_id, self.number, actor, self.action.target, None, threads
            )
