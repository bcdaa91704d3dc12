"""`/api ...`: frontend learners request endpoints, backend learners claim and deliver them."""

from __future__ import annotations

import io
import logging
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice
from discord.ext import commands

from bot.app import NexusBot
from bot.errors import ValidationError
from bot.services.api.contract import ContractForm
from bot.services.api.mock import base_url
from bot.services.api.model import RequestForm
from bot.services.api.queries import RequestQuery
from bot.services.api.status import ApiStatus, HttpMethod
from bot.services.api.workflow import label
from cogs.ui.acknowledge import acknowledge, answer
from cogs.ui.api.cards import change_reply, created_reply, detail_embed, export_reply
from cogs.ui.api.contracts import (
    CONTRACT_COLOUR,
    MOCK_UNCONFIGURED,
    ContractModal,
    SaveContract,
    contract_reply,
    example_embeds,
    mock_reply,
)
from cogs.ui.api.lists import ListPageButton, board_embed, list_message
from cogs.ui.api.threads import CardButton, DiscordThreads, actor_of, thread_state
from cogs.ui.checks import writes
from cogs.ui.limits import EMBED_TOTAL
from cogs.ui.text import Block, Line

log = logging.getLogger(__name__)

METHOD_CHOICES = [Choice(name=m.value, value=m.value) for m in HttpMethod]
STATUS_CHOICES = [Choice(name=label(s), value=s.value) for s in ApiStatus]
EXPORT_CHOICES = [c for c in STATUS_CHOICES if c.value != ApiStatus.REJECTED]
NUMBER_HELP = "The request's number: 7 for API-7"


def _guild(interaction: discord.Interaction) -> discord.Guild:
    assert interaction.guild is not None  # the whole group is guild_only
    return interaction.guild


@app_commands.guild_only()
class Api(
    commands.GroupCog,
    group_name="api",
    group_description="API requests: endpoints the frontend needs from the backend",
):
    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.requests = bot.services.api_requests
        self.contracts = bot.services.api_contracts

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(CardButton, ListPageButton)
        # No creation is running before the bot connects, so any request still without a
        # thread was cut short by a stop: remove it rather than leave it dangling.
        dropped = await self.requests.discard_unthreaded()
        if dropped:
            log.warning("discarded %d API request(s) whose thread was never opened", dropped)

    @app_commands.command(description="Ask for an endpoint the frontend needs")
    @app_commands.describe(
        method="HTTP method",
        path="Path such as /listings/{id} (parameters in braces)",
        summary="One line on what it does (at most 100 characters)",
        details="Request and response shape, auth, edge cases (at most 1,500 characters)",
    )
    @app_commands.choices(method=METHOD_CHOICES)
    @app_commands.check(writes)
    async def request(
        self,
        interaction: discord.Interaction,
        method: Choice[str],
        path: Line,
        summary: Line,
        details: Block | None = None,
    ) -> None:
        await acknowledge(interaction)
        form = RequestForm(HttpMethod(method.value), path, summary, details)
        threads = DiscordThreads(self.bot, asked_in=interaction.channel)
        created = await self.requests.create(
            _guild(interaction).id, actor_of(interaction), form, threads
        )
        await answer(interaction, created_reply(created))

    @app_commands.command(description="Claim an open request to build it")
    @app_commands.rename(number="id")
    @app_commands.describe(number=NUMBER_HELP)
    @app_commands.check(writes)
    async def claim(self, interaction: discord.Interaction, number: int) -> None:
        await acknowledge(interaction)
        outcome = await self.requests.claim(
            _guild(interaction).id, number, actor_of(interaction), DiscordThreads(self.bot)
        )
        await answer(interaction, change_reply(outcome))

    @app_commands.command(description="Give back a request you claimed: it is open again")
    @app_commands.rename(number="id")
    @app_commands.describe(number=NUMBER_HELP)
    @app_commands.check(writes)
    async def unclaim(self, interaction: discord.Interaction, number: int) -> None:
        await acknowledge(interaction)
        outcome = await self.requests.unclaim(
            _guild(interaction).id, number, actor_of(interaction), DiscordThreads(self.bot)
        )
        await answer(interaction, change_reply(outcome))

    @app_commands.command(description="Move a request on: in progress, ready, done, blocked...")
    @app_commands.rename(number="id")
    @app_commands.describe(
        number=NUMBER_HELP,
        status="The new status",
        note="Why (needed for blocked and rejected)",
    )
    @app_commands.choices(status=STATUS_CHOICES)
    @app_commands.check(writes)
    async def status(
        self,
        interaction: discord.Interaction,
        number: int,
        status: Choice[str],
        note: Line | None = None,
    ) -> None:
        await acknowledge(interaction)
        outcome = await self.requests.change_status(
            _guild(interaction).id,
            number,
            actor_of(interaction),
            ApiStatus(status.value),
            note,
            DiscordThreads(self.bot),
        )
        await answer(interaction, change_reply(outcome))

    @app_commands.command(description="Set a request's contract: example request and response")
    @app_commands.rename(number="id")
    @app_commands.describe(
        number=NUMBER_HELP,
        request_example="JSON the frontend sends (POST, PUT, PATCH only)",
        response_example="JSON the backend answers",
        response_status="HTTP status of the answer (default 200; 201 for POST, 204 for DELETE)",
        notes="Auth, errors, query parameters, anything else agreed",
    )
    @app_commands.check(writes)
    async def contract(
        self,
        interaction: discord.Interaction,
        number: int,
        request_example: Block | None = None,
        response_example: Block | None = None,
        response_status: app_commands.Range[int, 100, 599] | None = None,
        notes: Block | None = None,
    ) -> None:
        form = ContractForm(request_example, response_example, response_status, notes)
        guild_id = _guild(interaction).id
        if form.is_empty:  # no options: edit the whole contract in a modal
            request, current = await self.contracts.editable(
                guild_id, number, actor_of(interaction)
            )
            modal = ContractModal(request, current, self._save_from_modal(number))
            await interaction.response.send_modal(modal)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await self.contracts.set_contract(
            guild_id,
            number,
            actor_of(interaction),
            form,
            DiscordThreads(self.bot),
            keep_unset=True,
        )
        await interaction.followup.send(contract_reply(outcome), ephemeral=True)

    def _save_from_modal(self, number: int) -> SaveContract:
        async def save(
            interaction: discord.Interaction[Any], form: ContractForm, seen_version: int
        ) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            outcome = await self.contracts.set_contract(
                _guild(interaction).id,
                number,
                actor_of(interaction),
                form,
                DiscordThreads(self.bot),
                keep_unset=False,
                seen_version=seen_version,
            )
            await interaction.followup.send(contract_reply(outcome), ephemeral=True)

        return save

    @app_commands.command(description="Where the mock of this server's API requests answers")
    async def mock(self, interaction: discord.Interaction) -> None:
        guild_id = _guild(interaction).id
        web_url = self.bot.settings.web_url
        if web_url is None:
            await interaction.response.send_message(MOCK_UNCONFIGURED, ephemeral=True)
            return
        mock = self.bot.services.api_mock
        call = await mock.example_call(guild_id)
        enabled = await mock.enabled(guild_id)
        reply = mock_reply(base_url(web_url, guild_id), call, enabled)
        await interaction.response.send_message(reply, ephemeral=True)

    @app_commands.command(description="Show one request, its contract, thread and history")
    @app_commands.rename(number="id")
    @app_commands.describe(number=NUMBER_HELP)
    async def show(self, interaction: discord.Interaction, number: int) -> None:
        detail = await self.requests.detail(_guild(interaction).id, number)
        # An archived thread is not cached: finding it is a call to Discord, which may retry.
        await acknowledge(interaction)
        thread = await thread_state(self.bot, detail.request)
        embeds = [detail_embed(detail, thread)]
        if detail.contract is not None:
            room = EMBED_TOTAL - len(embeds[0])
            embeds += example_embeds(detail.request, detail.contract, room, CONTRACT_COLOUR)
        await answer(interaction, embeds=embeds)

    @app_commands.command(name="list", description="Browse requests, newest first")
    @app_commands.describe(
        status="Only this status",
        mine="Only requests you asked for or claimed",
        method="Only this HTTP method",
    )
    @app_commands.choices(status=STATUS_CHOICES, method=METHOD_CHOICES)
    async def list_requests(
        self,
        interaction: discord.Interaction,
        status: Choice[str] | None = None,
        mine: bool = False,
        method: Choice[str] | None = None,
    ) -> None:
        query = RequestQuery(
            status=ApiStatus(status.value) if status else None,
            involving=interaction.user.id if mine else None,
            method=HttpMethod(method.value) if method else None,
        )
        page = await self.requests.page(_guild(interaction).id, query)
        embed, view = list_message(page, query)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @app_commands.command(description="Every request at a glance, grouped by status")
    async def board(self, interaction: discord.Interaction) -> None:
        board = await self.requests.board(_guild(interaction).id)
        await interaction.response.send_message(embed=board_embed(board), ephemeral=True)

    @app_commands.command(description="Download the requests as an OpenAPI 3.1 document")
    @app_commands.describe(status="Only this status (rejected requests are never exported)")
    @app_commands.choices(status=EXPORT_CHOICES)
    async def export(
        self, interaction: discord.Interaction, status: Choice[str] | None = None
    ) -> None:
        guild = _guild(interaction)
        chosen = ApiStatus(status.value) if status else None
        await acknowledge(interaction)
        web_url = self.bot.settings.web_url
        mock_url = None if web_url is None else base_url(web_url, guild.id)
        export = await self.requests.export_openapi(guild.id, guild.name, chosen, mock_url)
        data = export.json_text.encode()
        if len(data) > interaction.filesize_limit:  # the guild's limit (boosts raise it)
            raise ValidationError(
                f"The export is {len(data) / 1_048_576:.1f} MB, over Discord's upload limit: "
                "export one status at a time with the `status` option."
            )
        scope = f"requests that are {label(chosen)}" if chosen else "rejected ones left out"
        await answer(
            interaction,
            export_reply(export, scope),
            file=discord.File(io.BytesIO(data), filename="openapi.json"),
        )


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(Api(bot))
