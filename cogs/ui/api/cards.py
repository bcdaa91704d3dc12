"""How API requests look in Discord: the card, thread names, thread lines and replies."""

from __future__ import annotations

from enum import Enum

import discord

from bot.services.api.contract import ApiContract
from bot.services.api.export import OpenApiExport
from bot.services.api.model import (
    ApiRequest,
    ChangeOutcome,
    RequestChange,
    RequestEvent,
    ThreadDelivery,
)
from bot.services.api.queries import RequestDetail
from bot.services.api.status import NEXUS_ACTOR_ID, ApiStatus
from bot.services.api.workflow import is_final, label
from cogs.ui.limits import DESCRIPTION, FIELD_VALUE, MESSAGE, THREAD_NAME, clip
from cogs.ui.mentions import member, pinging

STATUS_COLOURS = {
    ApiStatus.OPEN: discord.Colour.from_rgb(88, 101, 242),
    ApiStatus.CLAIMED: discord.Colour.from_rgb(250, 166, 26),
    ApiStatus.IN_PROGRESS: discord.Colour.from_rgb(230, 126, 34),
    ApiStatus.READY: discord.Colour.from_rgb(155, 89, 182),
    ApiStatus.DONE: discord.Colour.from_rgb(46, 160, 67),
    ApiStatus.BLOCKED: discord.Colour.from_rgb(237, 66, 69),
    ApiStatus.REJECTED: discord.Colour.from_rgb(128, 132, 142),
}
STATUS_ICONS = {
    ApiStatus.OPEN: "🆕",
    ApiStatus.CLAIMED: "✋",
    ApiStatus.IN_PROGRESS: "🔨",
    ApiStatus.READY: "👀",
    ApiStatus.DONE: "✅",
    ApiStatus.BLOCKED: "⛔",
    ApiStatus.REJECTED: "🚫",
}


class ThreadState(Enum):
    """Whether a request's thread is still there, checked live for `/api show`."""

    PRESENT = "present"
    GONE = "gone"
    NONE = "none"


def stateless(view: discord.ui.View) -> discord.ui.View:
    """`view`, stopped before it is sent: it holds only persistent buttons, which discord.py
    routes by custom id, so it need not be stored per message nor given a 15-minute timeout
    (which discord.py adds to every ephemeral view it stores)."""
    view.stop()
    return view


def user_text(text: str) -> str:
    """Member-written text shown as written: mentions in it are neutralised."""
    return discord.utils.escape_mentions(text)


def one_line(text: str) -> str:
    """Member-written text inside our own formatting: no markdown effects, no mentions."""
    return user_text(discord.utils.escape_markdown(text))


def status_text(request: ApiRequest) -> str:
    text = f"{STATUS_ICONS[request.status]} {label(request.status)}"
    if request.status is ApiStatus.BLOCKED and request.blocked_from is not None:
        text += f" (was {label(request.blocked_from)})"
    return text


def thread_name(request: ApiRequest) -> str:
    return clip(f"{request.label} · {request.route}", THREAD_NAME)


def card_embed(request: ApiRequest) -> discord.Embed:
    """The request's card: what is asked, by whom, who builds it, where it stands."""
    description = f"**{one_line(request.summary)}**"
    if request.details:
        description += "\n\n" + user_text(request.details)
    embed = discord.Embed(
        title=clip(f"{request.label} · {request.route}", 256),
        description=clip(description, DESCRIPTION),
        colour=STATUS_COLOURS[request.status],
        timestamp=request.updated_at,
    )
    embed.add_field(name="Status", value=status_text(request))
    embed.add_field(name="Requester", value=member(request.requester_id))
    claimer = member(request.claimer_id) if request.claimer_id else "nobody yet"
    embed.add_field(name="Claimer", value=claimer)
    embed.add_field(name="Method", value=f"`{request.method.value}`")
    embed.add_field(name="Path", value=f"`{request.path}`")
    parameters = ", ".join(f"`{name}`" for name in request.path.parameters) or "none"
    embed.add_field(name="Path parameters", value=clip(parameters, FIELD_VALUE))
    embed.add_field(name="Contract", value=contract_field(request))
    embed.set_footer(text=f"{request.label} · last change")
    return embed


def opening_line(request: ApiRequest) -> str:
    return (
        f"{member(request.requester_id)} asked for `{request.route}`. Backend learners: press "
        "**Claim** to build it; every change is posted here."
    )


def change_line(change: RequestChange) -> str:
    """The thread's line about one change; it names (and pings) the requester first."""
    request, actor = change.request, member(change.actor_id)
    if change.to_status is ApiStatus.CLAIMED and change.from_status is ApiStatus.OPEN:
        what = f"{actor} claimed {request.label}."
    elif change.to_status is ApiStatus.OPEN and is_final(change.from_status):
        what = f"{actor} reopened {request.label}."
    elif change.to_status is ApiStatus.OPEN and change.previous_claimer_id is not None:
        whose = (
            ""
            if change.previous_claimer_id == change.actor_id
            else f" from {member(change.previous_claimer_id)}"
        )
        what = f"{actor} unclaimed {request.label}{whose}: it is open again."
    else:
        what = (
            f"{actor} moved {request.label} from **{label(change.from_status)}** "
            f"to **{label(change.to_status)}**."
        )
    if change.note:
        what += f"\n> {user_text(change.note)}"
    unnamed = [member(user_id) for user_id in notified(change) if member(user_id) not in what]
    if unnamed:
        what = f"{' '.join(unnamed)} · {what}"
    return clip(what, MESSAGE)


def notified(change: RequestChange) -> list[int]:
    """Whom a change pings: the requester and the claimer (or the one just removed), so
    both sides of a request hear of every move; never the member who made it."""
    request = change.request
    parties = (request.requester_id, request.claimer_id, change.previous_claimer_id)
    return list(dict.fromkeys(p for p in parties if p is not None and p != change.actor_id))


def contract_field(request: ApiRequest) -> str:
    """The card's word on the contract: its current version, or how to set one."""
    if request.contract_version == 0:
        return f"none yet: `/api contract {request.number}`"
    return f"v{request.contract_version} · `/api show {request.number}`"


def requester_only(request: ApiRequest) -> discord.AllowedMentions:
    """Pings the requester and nobody else, whatever the text mentions."""
    return pinging([request.requester_id])


def created_reply(request: ApiRequest) -> str:
    return f"Opened **{request.label}** · `{request.route}`: <#{request.thread_id}>"


def change_reply(outcome: ChangeOutcome) -> str:
    request = outcome.request
    reply = f"**{request.label}** is now **{label(request.status)}**."
    if outcome.delivery is ThreadDelivery.POSTED:
        return f"{reply} Posted in <#{request.thread_id}>."
    if outcome.delivery is ThreadDelivery.THREAD_GONE:
        return f"{reply} Its thread was deleted, so nobody was told there."
    return f"{reply} I couldn't post in its thread, so let the others know yourself."


def detail_embed(detail: RequestDetail, thread: ThreadState) -> discord.Embed:
    """`/api show`: the card, where its thread is, and the latest history."""
    request = detail.request
    embed = card_embed(request)
    if thread is ThreadState.PRESENT:
        where = f"<#{request.thread_id}>"
    elif thread is ThreadState.GONE:
        where = "The thread was deleted; the request itself is kept."
    else:
        where = "No thread."
    embed.add_field(name="Thread", value=where, inline=False)
    if detail.contract is not None:
        at = next(i for i, f in enumerate(embed.fields) if f.name == "Contract")
        summary = _contract_summary(detail.contract)
        embed.set_field_at(at, name="Contract", value=summary, inline=False)
    lines = [_history_line(event) for event in detail.history]
    embed.add_field(name="History", value=_last_lines(lines, FIELD_VALUE), inline=False)
    return embed


def _contract_summary(contract: ApiContract) -> str:
    """Which version, by whom, when; the notes (the examples follow in their own embeds)."""
    text = (
        f"v{contract.version} by {member(contract.author_id)} "
        f"{discord.utils.format_dt(contract.created_at, 'R')} · "
        f"responds **{contract.response_status}**"
    )
    if contract.notes:
        text += "\n> " + user_text(contract.notes).replace("\n", "\n> ")
    return clip(text, FIELD_VALUE)


def _history_line(event: RequestEvent) -> str:
    before = event.from_status
    move = f"{label(before)} → {label(event.to_status)}" if before else "requested it"
    who = "Nexus" if event.actor_id == NEXUS_ACTOR_ID else member(event.actor_id)
    if event.contract_version is not None:
        move = f"set contract v{event.contract_version}"
    line = f"{discord.utils.format_dt(event.at, 'R')} {who} {move}"
    return line + (f": {clip(one_line(event.note), 80)}" if event.note else "")


def _last_lines(lines: list[str], limit: int) -> str:
    """As many of the last lines as fit in `limit` characters."""
    kept: list[str] = []
    for line in reversed(lines):
        if len("\n".join([line, *kept])) > limit:
            break
        kept.insert(0, line)
    return "\n".join(kept) or "none"


def export_reply(export: OpenApiExport, scope: str) -> str:
    reply = (
        f"`openapi.json`: OpenAPI 3.1 with {export.operations} operation(s), {scope}. "
        "Mock it (e.g. `prism mock openapi.json`) or open it in an OpenAPI editor."
    )
    if export.superseded:
        reply += f" {export.superseded} older request(s) for the same endpoints were left out."
    return reply
