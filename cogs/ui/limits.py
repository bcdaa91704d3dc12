"""Discord's message limits, and helpers that keep every embed inside them."""

from __future__ import annotations

import discord

TITLE = 256
DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FIELDS = 25
FOOTER = 2048
EMBED_TOTAL = 6000
MESSAGE = 2000
THREAD_NAME = 100
BUTTON_LABEL = 80
CHOICES = 25
CHOICE_NAME = 100


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fits(embed: discord.Embed) -> bool:
    """True when the embed respects every per-part limit and the 6,000 total."""
    if len(embed.title or "") > TITLE or len(embed.description or "") > DESCRIPTION:
        return False
    if len(embed.fields) > FIELDS or len(embed.footer.text or "") > FOOTER:
        return False
    if any(
        len(f.name or "") > FIELD_NAME or len(f.value or "") > FIELD_VALUE for f in embed.fields
    ):
        return False
    return len(embed) <= EMBED_TOTAL


def paginate_lines(lines: list[str], limit: int = DESCRIPTION) -> list[str]:
    """Lines grouped into pages of at most `limit` characters (a long line is clipped)."""
    pages: list[str] = []
    current = ""
    for line in (clip(line, limit) for line in lines):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pages.append(current)
            candidate = line
        current = candidate
    return [*pages, current] if current or not pages else pages


def safe_echo(text: str, limit: int = 100) -> str:
    """User text shown back to them: no markdown effects, no mentions, bounded length."""
    escaped = discord.utils.escape_mentions(discord.utils.escape_markdown(text))
    return clip(" ".join(escaped.split()), limit)
