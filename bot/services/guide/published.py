"""Approved guide notes as readers see them: on the web hub, and in a server's `/search`.

The web shows a note only while all of these hold: it is approved, its guild ran
`/nexus web enable`, and it has no source message or its source sits in a channel
@everyone can read (as the bot last saw it; a thread counts as its parent channel). Every
read goes to the database, so a rejection, `/qa forget-me` or a channel made private is
gone from the next page rendered. Authors are named only when they chose
`/qa privacy public` on that server, else "a learner".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.db.models import GuideNote, MemberPrivacy, WebChannel, WebGuild
from bot.knowledge.search import Document, TextIndex, snippet, snippet_lines, tokens
from bot.services.publishing.privacy import ANONYMOUS

APPROVED = "approved"
# Notes of one topic a web page lists, most helpful first.
TOPIC_NOTES = 10
SEARCH_RESULTS = 5
# Notes holding a query word that are ranked in memory: notes are reviewed by hand, so even
# a popular word is found in a few hundred at most.
SEARCH_CANDIDATES = 200
# Weights of a note's title and text in search ranking, as a topic's title and body.
FIELD_WEIGHTS = (3.0, 1.0)
SNIPPET_WIDTH = 200


@dataclass(frozen=True)
class PublishedNote:
    id: int
    guild_id: int
    topic_slug: str
    title: str
    text: str  # Discord Markdown as the member (or the editing mentor) wrote it
    author_name: str  # as shown: the name they chose to show, else "a learner"
    source_url: str | None  # the message it came from, a jump link
    helpful_count: int
    approved_at: datetime | None
    # The server's name on the hub; None for a server's own notes read in Discord.
    guild_name: str | None = None


@dataclass(frozen=True)
class NoteHit:
    note: PublishedNote
    score: float
    snippet: str  # plain text, Discord's tokens whole (the web puts them into words)


def source_url(guild_id: int, channel_id: int | None, message_id: int | None) -> str | None:
    if channel_id is None or message_id is None:
        return None
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def on_the_web() -> Any:
    """The condition that lets the web show an approved note."""
    return and_(
        GuideNote.status == APPROVED,
        exists().where(WebGuild.guild_id == GuideNote.guild_id).correlate(GuideNote),
        or_(
            # Written with `/guide suggest`: no message whose channel could be private.
            and_(
                GuideNote.source_message_id.is_(None),
                GuideNote.source_visibility_channel_id.is_(None),
            ),
            exists()
            .where(
                WebChannel.channel_id == GuideNote.source_visibility_channel_id,
                WebChannel.guild_id == GuideNote.guild_id,
                WebChannel.public.is_(True),
            )
            .correlate(GuideNote),
        ),
    )


def _ranked(query: Any) -> Any:
    return query.order_by(GuideNote.helpful_count.desc(), GuideNote.decided_at, GuideNote.id)


class PublishedNotes:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        topic_exists: Callable[[str], bool] = lambda _slug: True,
    ) -> None:
        self._sessions = sessions
        # A reload may remove a topic its notes still name: readers get no link to nowhere.
        self._topic_exists = topic_exists

    async def of_topic(self, slug: str, limit: int = TOPIC_NOTES) -> list[PublishedNote]:
        """The notes of a topic that the web may show, from every published guild."""
        async with self._sessions() as session:
            query = _web_columns().where(GuideNote.topic_slug == slug, on_the_web())
            rows = await session.execute(_ranked(query).limit(limit))
            return [_note(row) for row in rows]

    async def search(
        self, raw_query: str, *, guild_id: int | None = None, limit: int = SEARCH_RESULTS
    ) -> list[NoteHit]:
        """Approved notes holding the query's words, best first (ranked like topic text):
        the web's (every published guild, under the web's rules) or, with `guild_id`, that
        server's own for its `/search`."""
        words = sorted(set(tokens(raw_query)))
        if not words:
            return []
        # Stems as typed: "caching" is looked for as "cach", which "cache" also holds.
        holds_a_word = or_(
            *(
                column.ilike(f"%{_escaped(word)}%", escape="\\")
                for word in words
                for column in (GuideNote.title, GuideNote.text)
            )
        )
        if guild_id is None:
            query = _web_columns().where(on_the_web(), holds_a_word)
        else:
            query = _guild_columns().where(
                GuideNote.guild_id == guild_id, GuideNote.status == APPROVED, holds_a_word
            )
        async with self._sessions() as session:
            rows = await session.execute(_ranked(query).limit(SEARCH_CANDIDATES))
            notes = [note for row in rows if self._topic_exists((note := _note(row)).topic_slug)]
        return _rank(notes, raw_query, limit)


def _escaped(word: str) -> str:
    # Words are letters, digits, `_` and `+`; `_` is LIKE's one-character wildcard.
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _rank(notes: list[PublishedNote], raw_query: str, limit: int) -> list[NoteHit]:
    by_key = {str(note.id): note for note in notes}
    index = TextIndex(
        [Document(key, (note.title, note.text)) for key, note in by_key.items()], FIELD_WEIGHTS
    )
    hits = []
    for hit in index.query(raw_query, limit):
        note = by_key[hit.key]
        text = snippet(snippet_lines([note.text]), hit.terms, SNIPPET_WIDTH)
        hits.append(NoteHit(note, hit.score, text))
    return hits


_NAMED = aliased(MemberPrivacy)
_NOTE_COLUMNS = (
    GuideNote.id,
    GuideNote.guild_id,
    GuideNote.topic_slug,
    GuideNote.title,
    GuideNote.text,
    _NAMED.display_name,
    GuideNote.source_channel_id,
    GuideNote.source_message_id,
    GuideNote.helpful_count,
    GuideNote.decided_at,
)


def _with_author(query: Any) -> Any:
    return query.outerjoin(
        _NAMED, and_(_NAMED.guild_id == GuideNote.guild_id, _NAMED.user_id == GuideNote.author_id)
    )


def _web_columns() -> Any:
    query = select(*_NOTE_COLUMNS, WebGuild.guild_name).join(
        WebGuild, WebGuild.guild_id == GuideNote.guild_id
    )
    return _with_author(query)


def _guild_columns() -> Any:
    return _with_author(select(*_NOTE_COLUMNS))


def _note(row: Any) -> PublishedNote:
    return PublishedNote(
        id=row.id,
        guild_id=row.guild_id,
        topic_slug=row.topic_slug,
        title=row.title,
        text=row.text,
        author_name=row.display_name or ANONYMOUS,
        source_url=source_url(row.guild_id, row.source_channel_id, row.source_message_id),
        helpful_count=row.helpful_count,
        approved_at=row.decided_at,
        guild_name=getattr(row, "guild_name", None),
    )
