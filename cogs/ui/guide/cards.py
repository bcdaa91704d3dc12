"""What the guide shows: a mentor's queue card, the notes list, a topic's community notes."""

from __future__ import annotations

import discord

from bot.services.guide.model import GuideNoteInfo, NotePage, NoteStatus
from cogs.ui.limits import DESCRIPTION, EMBED_TOTAL, FIELD_VALUE, TITLE, clip

GUIDE_COLOUR = discord.Colour.from_rgb(88, 101, 242)
COMMUNITY = "From the community"
OUTCOME_WORDS = {NoteStatus.APPROVED: "✅ Approved", NoteStatus.REJECTED: "❌ Rejected"}


def topic_label(note: GuideNoteInfo) -> str:
    if note.topic_title is None:
        return f"⚠️ topic gone (`{note.topic_slug}` was removed from the knowledge base)"
    return f"{note.topic_title} (`{note.topic_slug}`)"


def source_label(note: GuideNoteInfo) -> str:
    return f"[the message]({note.source_url})" if note.source_url else "typed with `/guide suggest`"


def queue_card(note: GuideNoteInfo, page: NotePage | None = None) -> discord.Embed:
    """One suggestion as a mentor decides on it (mentions in embeds never ping)."""
    embed = discord.Embed(
        title=clip(f"Suggestion #{note.id}: {note.title}", TITLE),
        description=clip(note.text, DESCRIPTION),
        colour=GUIDE_COLOUR,
        timestamp=note.created_at,
    )
    embed.add_field(name="Topic", value=clip(topic_label(note), FIELD_VALUE), inline=False)
    embed.add_field(name="Suggested by", value=f"<@{note.author_id}>")
    embed.add_field(name="Source", value=source_label(note))
    if note.status is not NoteStatus.PENDING:
        decided = f"{OUTCOME_WORDS[note.status]} by <@{note.decided_by}>"
        if note.reject_reason:
            decided += f"\nReason: {note.reject_reason}"
        embed.add_field(name="Decision", value=clip(decided, FIELD_VALUE), inline=False)
    if page is not None:
        embed.set_footer(text=f"{page.page} of {page.total} pending · oldest first")
    return embed


def empty_queue() -> discord.Embed:
    return discord.Embed(
        title="Guide suggestions",
        description="Nothing is waiting for a mentor. Members suggest notes with the message "
        "menu **Apps → Suggest for the guide** or `/guide suggest`.",
        colour=GUIDE_COLOUR,
    )


def note_line(note: GuideNoteInfo, text_limit: int) -> str:
    """A note as a learner reads it: the author only by a name they made public."""
    source = f" · [source]({note.source_url})" if note.source_url else ""
    helpful = f" · 👍 {note.helpful_count}" if note.helpful_count else ""
    return (
        f"**{note.title}**\n{clip(note.text, text_limit)}\n— {note.shown_author}{source}{helpful}"
    )


def notes_embed(page: NotePage, topic_title: str | None) -> discord.Embed:
    about = f" on {topic_title}" if topic_title else ""
    embed = discord.Embed(title=clip(f"Community notes{about}", TITLE), colour=GUIDE_COLOUR)
    if not page.notes:
        embed.description = "No approved notes yet. Suggest one with `/guide suggest`."
        return embed
    budget = (DESCRIPTION - 200) // len(page.notes)
    lines = []
    for note in page.notes:
        topic = "" if topic_title else f"*{note.topic_title or note.topic_slug}* · "
        lines.append(clip(topic + note_line(note, budget - 250), budget))
    embed.description = "\n\n".join(lines)
    embed.set_footer(text=f"Page {page.page} of {page.pages} · most helpful first")
    return embed


def community_embed(notes: tuple[GuideNoteInfo, ...], room: int) -> discord.Embed | None:
    """The topic's approved notes within `room` characters (what the topic embed left of
    the 6,000 a message's embeds share), or None when there are none or no room."""
    room = min(room, EMBED_TOTAL, DESCRIPTION + len(COMMUNITY)) - len(COMMUNITY) - 10
    if not notes or room < 200:
        return None
    each = room // len(notes)
    text = "\n\n".join(clip(note_line(note, max(each - 250, 50)), each - 2) for note in notes)
    return discord.Embed(title=COMMUNITY, description=clip(text, room), colour=GUIDE_COLOUR)
