"""Messages drawn in the terminal: embeds as framed blocks, buttons listed, ephemerals marked."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

import discord
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

MENTION = re.compile(r"<(@!?|@&|#)(\d+)>")
TIMESTAMP = re.compile(r"<t:(\d+)(?::([a-zA-Z]))?>")
Namer = Callable[[str, int], str]


def plain(text: str, name_of: Namer) -> str:
    """Discord markup made readable: mentions by name, timestamps as UTC dates."""
    text = MENTION.sub(lambda m: name_of(m[1], int(m[2])), text)
    return TIMESTAMP.sub(
        lambda m: datetime.fromtimestamp(int(m[1]), UTC).strftime("%a %d %b %Y %H:%M UTC"), text
    )


BOLD = re.compile(r"\*\*(.+?)\*\*")


def styled(text: str) -> Text:
    """Discord's **bold** shown bold; everything else as typed."""
    result = Text()
    position = 0
    for match in BOLD.finditer(text):
        result.append(text[position : match.start()])
        result.append(match[1], style="bold")
        position = match.end()
    result.append(text[position:])
    return result


def embed_block(embed: discord.Embed, name_of: Namer) -> Panel:
    parts: list[RenderableType] = []
    if embed.description:
        parts.append(styled(plain(embed.description, name_of)))
    for field in embed.fields:
        parts.append(
            Text.assemble((f"\n{field.name}\n", "bold"), plain(field.value or "", name_of))
        )
    footer = embed.footer.text if embed.footer else None
    return Panel(
        Group(*parts) if parts else Text(""),
        title=Text(plain(embed.title or "", name_of), style="bold"),
        title_align="left",
        subtitle=Text(footer, style="dim") if footer else None,
        subtitle_align="left",
        border_style="cyan",
    )


def buttons(message: discord.Message) -> list[tuple[str, bool]]:
    """(label, disabled) of every button of the message."""
    found = []
    for row in message.components:
        for child in getattr(row, "children", []):
            if isinstance(child, discord.Button):
                found.append(
                    (child.label or (child.emoji and str(child.emoji)) or "?", child.disabled)
                )
    return found


def message_block(message: discord.Message, name_of: Namer) -> RenderableType:
    author = "Nexus" if message.author.bot else message.author.display_name
    header = Text.assemble((author, "bold green" if message.author.bot else "bold"))
    if message.flags.ephemeral:
        header.append("  (only you can see this)", style="italic yellow")
    parts: list[RenderableType] = [header]
    if message.content:
        parts.append(styled(plain(message.content, name_of)))
    for embed in message.embeds:
        parts.append(embed_block(embed, name_of))
    labels = buttons(message)
    if labels:
        row = Text()
        for label, disabled in labels:
            row.append(f"[ {label} ] ", style="dim" if disabled else "bold magenta")
        parts.append(row)
    for attachment in message.attachments:
        parts.append(Text(f"📎 {attachment.filename} ({attachment.size} bytes)", style="blue"))
    return Group(*parts)


def make_console(*, script: bool) -> Console:
    # Scripts print plain, wide text so logs and tests read them without escape codes.
    if script:
        return Console(width=110, no_color=True, highlight=False, soft_wrap=False)
    return Console(highlight=False)
