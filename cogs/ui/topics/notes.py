"""Community notes under `/search` results: this server's approved notes that match."""

from __future__ import annotations

import discord

from bot.services.guide.published import NoteHit
from cogs.ui.limits import FIELD_VALUE, clip, fits, safe_echo

COMMUNITY_FIELD = "From the community"
SNIPPET_SHOWN = 150


def note_hit_line(hit: NoteHit, topic_title: str) -> str:
    """One matching note: its title, where it lives, its author as shown, its source."""
    note = hit.note
    source = f" · [source]({note.source_url})" if note.source_url else ""
    head = f"**{safe_echo(note.title)}** · {topic_title} (`/topic {note.topic_slug}`)"
    return f"{head}\n{safe_echo(hit.snippet, SNIPPET_SHOWN)}\n— {note.author_name}{source}"


def add_community_notes(
    embed: discord.Embed, hits: list[NoteHit], topic_title_of: dict[str, str]
) -> discord.Embed:
    """`embed` (a `/search` answer) with its matching notes as one field, if they fit."""
    if not hits:
        return embed
    lines = [note_hit_line(hit, topic_title_of.get(hit.note.topic_slug, "")) for hit in hits]
    if not embed.fields:
        embed.description = None  # "nothing matched" no longer holds
    embed.add_field(name=COMMUNITY_FIELD, value=clip("\n\n".join(lines), FIELD_VALUE), inline=False)
    if not fits(embed):
        embed.remove_field(len(embed.fields) - 1)
    return embed
