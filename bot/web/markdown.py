"""Markdown to safe HTML: raw HTML off, unsafe links inert, code highlighted by Pygments.

Text from Discord reaches this module only through bot/web/user_text.py, which turns its
own markup (mentions, channels, custom emoji, timestamps) into words first.
"""

from __future__ import annotations

import functools
import re
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

_FORMATTER = HtmlFormatter(nowrap=True)
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


def literal(text: str) -> str:
    """`text` with Markdown's punctuation escaped, to be read as itself."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def render_user_markdown(text: str) -> Markup:
    """Markdown written on Discord (its own markup already turned into words, by
    bot/web/user_text.py) as HTML that is safe to put in a page."""
    return Markup(_MESSAGE.render(text))


@functools.lru_cache(maxsize=2048)
def render_topic_markdown(text: str) -> Markup:
    """Curated content, rendered once per distinct text (content is immutable per load)."""
    return Markup(_TOPIC.render(text))


def highlight_css() -> str:
    """Pygments' colours for light readers, and for dark ones in a media query."""
    light = HtmlFormatter(style="default").get_style_defs(".hl")  # type: ignore[no-untyped-call]
    dark = HtmlFormatter(style="monokai").get_style_defs(".hl")  # type: ignore[no-untyped-call]
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"


__all__ = ["escape", "highlight_css", "literal", "render_topic_markdown", "render_user_markdown"]
