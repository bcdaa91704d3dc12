"""Text that came from Discord, as the web shows it: the one renderer for message bodies,
titles, snippets and the tags search engines and link previews read.

Discord's markup is turned into words before anything else: a mentioned member is
`@name` only if they chose `/qa privacy public` on that server (else `@a learner`); roles,
channels, `@everyone` and `@here` become plain words. No id, and nothing that would ping
if copied back into Discord, reaches a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup

from bot.knowledge.plain_text import clip_words, markdown_to_plain
from bot.services.container import Services
from bot.services.publishing.privacy import ANONYMOUS
from bot.services.qa.published import mentioned_ids
from bot.web.markdown import literal, render_user_markdown

Names = Mapping[int, str]
NO_NAMES: Names = {}
DESCRIPTION_MAX = 160

USER = re.compile(r"<@!?(\d{1,20})>")
ROLE = re.compile(r"<@&\d{1,20}>")
CHANNEL = re.compile(r"<#\d{1,20}>")
CROWD = re.compile(r"(?<![\w.@])@(everyone|here)\b")
EMOJI = re.compile(r"<a?:(\w{1,32}):\d{1,20}>")
TIMESTAMP = re.compile(r"<t:(-?\d{1,13})(?::[tTdDfFR])?>")
# A token left over (malformed, or cut short by a clip) is dropped rather than shown raw.
LEFTOVER = re.compile(r"<(?:@[!&]?|#)[^>\s]*>?")
ROLE_WORDS = "@a role"
CHANNEL_WORDS = "#a channel"
CROWD_WORDS = {"everyone": "everyone", "here": "everyone here"}


def _same(text: str) -> str:
    return text


def _timestamp(match: re.Match[str]) -> str:
    try:
        moment = datetime.fromtimestamp(int(match.group(1)), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return "(a date)"
    return moment.strftime("%d %b %Y %H:%M UTC")


def discord_words(text: str, names: Names, *, escape: Callable[[str], str] = _same) -> str:
    """Mentions as `@name` or `@a learner`; roles, channels, crowds, emoji and times as
    words. `escape` protects what is put in (Markdown's escaping, for a body)."""

    def user(match: re.Match[str]) -> str:
        return "@" + escape(names.get(int(match.group(1)), ANONYMOUS))

    text = USER.sub(user, text)
    text = ROLE.sub(escape(ROLE_WORDS), text)
    text = CHANNEL.sub(escape(CHANNEL_WORDS), text)
    text = CROWD.sub(lambda found: CROWD_WORDS[found.group(1)], text)
    text = EMOJI.sub(r":\1:", text)
    text = TIMESTAMP.sub(_timestamp, text)
    return LEFTOVER.sub("", text)


def message_html(text: str, names: Names) -> Markup:
    """A message body (Discord Markdown) as HTML that is safe to put in a page."""
    return render_user_markdown(discord_words(text, names, escape=literal))


def in_words(text: str, names: Names) -> str:
    """`text` with its Discord markup as words and nothing else changed: for a title, a
    snippet that is already plain text, or a body in JSON-LD (its Markdown kept)."""
    return discord_words(text, names)


def plain(text: str, names: Names = NO_NAMES, limit: int = DESCRIPTION_MAX) -> str:
    """One line of plain text (a description): Markdown markers dropped, cut at a word."""
    return clip_words(discord_words(markdown_to_plain(text), names), limit)


def document_in_words(node: Any, names: Names, keys: frozenset[str]) -> Any:
    """A JSON document with the strings under `keys` (at any depth) in words."""
    if isinstance(node, dict):
        return {
            key: in_words(value, names)
            if key in keys and isinstance(value, str)
            else document_in_words(value, names, keys)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [document_in_words(value, names, keys) for value in node]
    return node


def example_in_words(node: Any, names: Names) -> Any:
    """A JSON example a member wrote, every string in it (keys too) in words."""
    if isinstance(node, str):
        return in_words(node, names)
    if isinstance(node, dict):
        return {in_words(key, names): example_in_words(v, names) for key, v in node.items()}
    if isinstance(node, list):
        return [example_in_words(value, names) for value in node]
    return node


@dataclass(frozen=True)
class PublicNames:
    """The names members chose to show, per guild (consent is per server)."""

    by_guild: Mapping[int, Names] = field(default_factory=dict)

    def of(self, guild_id: int) -> Names:
        return self.by_guild.get(guild_id, NO_NAMES)

    def words(self, guild_id: int, text: str) -> str:
        return in_words(text, self.of(guild_id))


async def public_names(services: Services, texts: Iterable[tuple[int, str]]) -> PublicNames:
    """The public names of the members mentioned in `texts` ((guild id, text) pairs): one
    query per guild that has a mention, none when nobody is mentioned."""
    by_guild: dict[int, list[str]] = {}
    for guild_id, text in texts:
        by_guild.setdefault(guild_id, []).append(text)
    found: dict[int, Names] = {}
    for guild_id, guild_texts in by_guild.items():
        ids = mentioned_ids(guild_texts)
        if ids:
            found[guild_id] = await services.privacy.public_names(guild_id, ids)
    return PublicNames(found)
