"""Markdown to safe HTML: raw HTML off, unsafe links inert, code highlighted by Pygments.

Discord's own markup (mentions, channels, custom emoji, timestamps) is turned into plain
words first, so no id is ever shown and nothing reaches the page as markup.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from bot.services.publishing.privacy import ANONYMOUS

_FORMATTER = HtmlFormatter(nowrap=True)
USER = re.compile(r"<@!?(\d{1,20})>")
ROLE = re.compile(r"<@&\d{1,20}>")
CHANNEL = re.compile(r"<#\d{1,20}>")
EMOJI = re.compile(r"<a?:(\w{1,32}):\d{1,20}>")
TIMESTAMP = re.compile(r"<t:(-?\d{1,13})(?::[tTdDfFR])?>")
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def _highlight(code: str, lang: str, _attrs: str) -> str:
    """Pygments' HTML for a fenced block in a known language; "" lets markdown-it escape it."""
    if not lang:
        return ""
    try:
        lexer = get_lexer_by_name(lang.strip().lower())
    except ClassNotFound:
        return ""
    return f'<pre class="hl"><code>{highlight(code, lexer, _FORMATTER)}</code></pre>'


def _link_open(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # Links out of user text are not endorsements, and never get our window.
    tokens[idx].attrSet("rel", "nofollow ugc noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


def _parser(*, user_text: bool) -> MarkdownIt:
    options: dict[str, Any] = {"html": False, "linkify": False, "highlight": _highlight}
    if user_text:
        options["breaks"] = True  # Discord keeps single line breaks
    md = MarkdownIt("commonmark", options).enable(["table", "strikethrough"])
    if user_text:
        md.disable("image")  # Discord shows no images from markdown; neither do we
    md.add_render_rule("link_open", _link_open)
    return md


_TOPIC = _parser(user_text=False)
_MESSAGE = _parser(user_text=True)


def _literal(text: str) -> str:
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def _timestamp(match: re.Match[str]) -> str:
    try:
        moment = datetime.fromtimestamp(int(match.group(1)), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return "(a date)"
    return moment.strftime("%d %b %Y %H:%M UTC")


def discord_markup_to_words(text: str, public_names: Mapping[int, str]) -> str:
    """Mentions as `@name` (or `@a learner`), channels, roles, emoji and times as words."""

    def user(match: re.Match[str]) -> str:
        return "@" + _literal(public_names.get(int(match.group(1)), ANONYMOUS))

    text = USER.sub(user, text)
    text = ROLE.sub("@role", text)
    text = CHANNEL.sub("\\#channel", text)
    text = EMOJI.sub(r":\1:", text)
    return TIMESTAMP.sub(_timestamp, text)


def render_message(text: str, public_names: Mapping[int, str]) -> Markup:
    """A Discord message as HTML that is safe to put in a page."""
    return Markup(_MESSAGE.render(discord_markup_to_words(text, public_names)))


@functools.lru_cache(maxsize=2048)
def render_topic_markdown(text: str) -> Markup:
    """Curated content, rendered once per distinct text (content is immutable per load)."""
    return Markup(_TOPIC.render(text))


def plain(text: str, limit: int = 160) -> str:
    """One line of plain text for a description: markup stripped, cut at a word."""
    words = " ".join(re.sub(r"[`*_#>\[\]()|~]", " ", text).split())
    if len(words) <= limit:
        return words
    return words[: limit - 1].rsplit(" ", 1)[0] + "…"


def highlight_css() -> str:
    """Pygments' colours for light readers, and for dark ones in a media query."""
    light = HtmlFormatter(style="default").get_style_defs(".hl")  # type: ignore[no-untyped-call]
    dark = HtmlFormatter(style="monokai").get_style_defs(".hl")  # type: ignore[no-untyped-call]
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"


__all__ = ["escape", "highlight_css", "plain", "render_message", "render_topic_markdown"]
