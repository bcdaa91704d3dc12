"""Markdown as one line of plain text, and cutting text at a word: for snippets and
descriptions, wherever they are shown (Discord embeds, web pages, meta tags).

Discord's own tokens (`<@id>`, `<#id>`, `<t:…>`, custom emoji) are left whole, so whoever
shows the text can turn them into words; a cut never falls inside one.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
FENCE = re.compile(r"\s*(?:`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
IMAGE_OR_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
LINE_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|>+\s?|[-*+]\s+|\d+[.)]\s+)+")
# Emphasis markers at the edge of a word; `snake_case` and `2 * 3` keep theirs.
EMPHASIS = re.compile(r"(?<![\w*_])[*_]+(?=\S)|(?<=\S)[*_]+(?![\w*_])")
STRIKE_OR_SPOILER = re.compile(r"~~|\|\|")
ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
# What is left of a Discord token cut short (only when a cut found no space at all).
PARTIAL_TOKEN = re.compile(r"<(?:@[!&]?|#|t:|a?:)[\w:-]*$")


def _inline(text: str) -> str:
    text = IMAGE_OR_LINK.sub(r"\1", text)
    text = STRIKE_OR_SPOILER.sub("", text)
    text = EMPHASIS.sub("", text)
    return ESCAPED.sub(r"\1", text)


def markdown_to_plain(text: str) -> str:
    """`text` without its Markdown markers, on one line; code is kept as its text."""
    return " ".join(plain_lines(text))


def plain_lines(text: str) -> list[str]:
    """The non-empty lines of `text` as plain text; lines of a fenced block kept as they are."""
    lines = (plain_line(line, code=code) for line, code in marked_lines(text))
    return [line for line in lines if line]


def marked_lines(text: str) -> list[tuple[str, bool]]:
    """Each line of `text` but the fences, and whether it lies inside a fenced block."""
    lines: list[tuple[str, bool]] = []
    fenced = False
    for line in text.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
        else:
            lines.append((line, fenced))
    return lines


def plain_line(line: str, *, code: bool = False) -> str:
    """One line as plain text on one line (a code line keeps its markers)."""
    return " ".join((line if code else _plain_line(line)).split())


def _plain_line(line: str) -> str:
    line = LINE_MARKER.sub("", line)
    parts: list[str] = []
    last = 0
    for code in CODE_SPAN.finditer(line):
        parts += [_inline(line[last : code.start()]), code.group(2).strip()]
        last = code.end()
    parts.append(_inline(line[last:]))
    return "".join(parts)


def clip_words(text: str, width: int, *, start: int = 0) -> str:
    """At most about `width` characters of `text` from `start`, both ends on a word
    boundary, with an ellipsis where text was left out."""
    if start <= 0 and len(text) <= width:
        return text
    begin = 0
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        begin = space + 1 if space >= 0 else 0
    end = begin + width - 1
    if end >= len(text):
        shown = text[begin:]
    else:
        space = text.rfind(" ", begin, end + 1)
        shown = text[begin:space] if space > begin else PARTIAL_TOKEN.sub("", text[begin:end])
        shown = shown.rstrip(" ,;:") + ELLIPSIS
    return (ELLIPSIS if begin else "") + shown.strip()
