"""How contracts look in Discord: the thread message of a new version, `/api show`'s
examples, the reply, and the modal that edits a contract."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.services.api.contract import (
    METHODS_WITH_BODY,
    NOTES_MAX,
    ApiContract,
    ContractChange,
    ContractForm,
    ContractOutcome,
)
from bot.services.api.contract_diff import ROOT, FieldChange, FieldChangeKind
from bot.services.api.contracts import contract_warnings
from bot.services.api.json_examples import EXAMPLE_MAX, JsonValue, canonical, compact
from bot.services.api.mock import MockCall
from bot.services.api.model import ApiRequest, ThreadDelivery
from bot.tree import answer_error
from cogs.ui.api.cards import requester_only, user_text
from cogs.ui.limits import DESCRIPTION, EMBED_TOTAL, MESSAGE, clip
from cogs.ui.mentions import member

CONTRACT_COLOUR = discord.Colour.from_rgb(52, 152, 219)
BREAKING_COLOUR = discord.Colour.from_rgb(237, 66, 69)
_CUT = "\n… (cut here: `/api export` has it whole)"


def contract_message(
    change: ContractChange,
) -> tuple[str, list[discord.Embed], discord.AllowedMentions]:
    """The thread's message about a new version: who set it, what changed, the examples.

    A breaking change names the requester, and only then is anyone pinged: the requester
    alone (not when they made the change themselves)."""
    request, contract = change.request, change.contract
    lines = [
        f"📜 **Contract v{contract.version}** of {request.label} · `{request.route}`, "
        f"set by {member(contract.author_id)}."
    ]
    if change.previous is not None:
        lines.append(f"**Changes since v{change.previous.version}:**")
        lines.extend(change_lines(change) or ["No field changed (values or notes only)."])
    if contract.notes:
        lines.append("> " + user_text(clip(contract.notes, 600)).replace("\n", "\n> "))
    mentions = discord.AllowedMentions.none()
    if change.breaking:
        warning = "⚠️ **Breaking change**: code written against the last version needs work."
        if contract.author_id != request.requester_id:
            warning = f"{member(request.requester_id)} {warning}"
            mentions = requester_only(request)
        lines.insert(0, warning)
    content = clip("\n".join(lines), MESSAGE)
    colour = BREAKING_COLOUR if change.breaking else CONTRACT_COLOUR
    return content, example_embeds(request, contract, EMBED_TOTAL, colour), mentions


def change_lines(change: ContractChange) -> list[str]:
    lines = [_field_line(c) for c in change.changes]
    if change.status_changed and change.previous is not None:
        before, after = change.previous.response_status, change.contract.response_status
        lines.append(f"🔁 response status {before} → {after}")
    return lines


def _field_line(change: FieldChange) -> str:
    where = "the body" if change.field == ROOT else f"`{change.field}`"
    body = f"{change.body} {where}"
    if change.kind is FieldChangeKind.ADDED:
        return f"➕ {body} added ({_types(change.after)})"
    if change.kind is FieldChangeKind.REMOVED:
        return f"➖ {body} removed (was {_types(change.before)}) · breaking"
    return f"🔀 {body}: {_types(change.before)} → {_types(change.after)} · breaking"


def _types(types: tuple[str, ...]) -> str:
    return " or ".join(types) or "any"


def example_embeds(
    request: ApiRequest, contract: ApiContract, budget: int, colour: discord.Colour
) -> list[discord.Embed]:
    """The examples as JSON code blocks, within `budget` characters in all (cut if need be)."""
    parts: list[tuple[str, JsonValue]] = []
    if contract.request_example is not None:
        parts.append(("Request body", contract.request_example))
    if contract.response_example is not None:
        parts.append((f"Response {contract.response_status}", contract.response_example))
    if not parts:
        return [
            discord.Embed(
                title=f"Response {contract.response_status}",
                description="No body.",
                colour=colour,
            )
        ]
    texts = [canonical(value) for _, value in parts]
    available = budget - sum(len(title) for title, _ in parts)
    blocks: dict[int, str] = {}
    # The shorter example first: what it leaves unused goes to the longer one.
    for done, index in enumerate(sorted(range(len(parts)), key=lambda i: len(texts[i]))):
        share = available // (len(parts) - done)
        blocks[index] = json_block(texts[index], min(DESCRIPTION, share))
        available -= len(blocks[index])
    return [
        discord.Embed(title=title, description=blocks[index], colour=colour)
        for index, (title, _) in enumerate(parts)
    ]


def json_block(text: str, limit: int) -> str:
    """`text` in a ```json block of at most `limit` characters, cut with a note if needed."""
    whole = f"```json\n{text}\n```"
    if len(whole) <= limit:
        return whole
    room = max(0, limit - len("```json\n\n```") - len(_CUT))
    return f"```json\n{text[:room]}\n```{_CUT}"


def contract_reply(outcome: ContractOutcome) -> str:
    change = outcome.change
    request = change.request
    reply = f"Saved **contract v{change.contract.version}** of **{request.label}**"
    reply += " (breaking)." if change.breaking else "."
    if outcome.delivery is ThreadDelivery.POSTED:
        reply += f" Posted in <#{request.thread_id}>."
    elif outcome.delivery is ThreadDelivery.THREAD_GONE:
        reply += " Its thread was deleted, so nobody was told there."
    else:
        reply += " I couldn't post in its thread, so let the others know yourself."
    warnings = contract_warnings(change.contract)
    return clip("\n".join([reply, *(f"⚠️ {line}" for line in warnings)]), MESSAGE)


MOCK_UNCONFIGURED = (
    "The mock is served by the web hub, and this Nexus has no public web address yet: ask "
    "whoever runs it to set `NEXUS_WEB_URL`."
)
# A curl line longer than this sends the body from a file instead of inline.
_INLINE_BODY_MAX = 600


def mock_reply(base: str, call: MockCall | None, enabled: bool) -> str:
    """`/api mock`: the base URL, a curl line that gets an example answer, what to expect."""
    lines = [
        f"This server's mock: `{base}`",
        "Every request with a contract answers there with its example response and status "
        "(rejected requests are not mocked); a frontend on `localhost` may call it.",
    ]
    if call is None:
        lines.append("No request has a contract yet: set one with `/api contract`.")
    else:
        lines.append(f"Try {call.label}:")
        lines.append(f"```sh\n{_curl(base, call)}\n```")
    if not enabled:
        lines.append(
            "⚠️ This server hasn't turned the web hub on, so the mock answers 404 until it does."
        )
    return clip("\n".join(lines), MESSAGE)


def _curl(base: str, call: MockCall) -> str:
    command = "curl -i"
    if call.method != "GET":
        command += f" -X {call.method}"
    command += f" '{base}{call.path}'"
    if call.body is not None:
        command += " -H 'Content-Type: application/json'"
        if len(call.body) <= _INLINE_BODY_MAX:
            command += " -d '" + call.body.replace("'", "'\\''") + "'"
        else:
            command += " -d @request.json  # the request example, saved to a file"
    return command


SaveContract = Callable[[discord.Interaction[Any], ContractForm, int], Awaitable[None]]


class ContractModal(discord.ui.Modal):
    """The contract's fields, multi-line, showing the current version; empty means none."""

    def __init__(
        self, request: ApiRequest, contract: ApiContract | None, save: SaveContract
    ) -> None:
        super().__init__(title=clip(f"Contract of {request.label} · {request.route}", 45))
        self._save = save
        self._seen_version = request.contract_version
        self.request_example: discord.ui.TextInput[Any] | None = None
        if request.method in METHODS_WITH_BODY:
            self.request_example = _json_input(
                "request_example",
                "Request example (JSON)",
                contract.request_example if contract else None,
            )
            self.add_item(self.request_example)
        self.response_example = _json_input(
            "response_example",
            "Response example (JSON)",
            contract.response_example if contract else None,
        )
        self.response_status: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Response status (empty: the usual one)",
            custom_id="response_status",
            required=False,
            max_length=3,
            default=str(contract.response_status) if contract else None,
            placeholder="200",
        )
        self.notes: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Notes",
            custom_id="notes",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=NOTES_MAX,
            default=contract.notes if contract else None,
            placeholder="Auth, errors, pagination, query parameters...",
        )
        for item in (self.response_example, self.response_status, self.notes):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        form = ContractForm(
            request_example=self.request_example.value if self.request_example else "",
            response_example=self.response_example.value,
            response_status=self.response_status.value,
            notes=self.notes.value,
        )
        await self._save(interaction, form, self._seen_version)

    # discord.py's Modal narrows View.on_error (no item), which mypy reports on overrides.
    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await answer_error(interaction, error)  # friendly for NexusErrors, a ref for bugs


def _json_input(custom_id: str, label: str, value: JsonValue | None) -> discord.ui.TextInput[Any]:
    return discord.ui.TextInput(
        label=label,
        custom_id=custom_id,
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=EXAMPLE_MAX,
        default=None if value is None else _fitting(value),
        placeholder='{"id": 1, "title": "Loft in Lagos"}',
    )


def _fitting(value: JsonValue) -> str:
    """The example for the modal: indented when that fits the field, compact otherwise."""
    text = canonical(value)
    return text if len(text) <= EXAMPLE_MAX else compact(value)
