"""What counts as text in what members type: one rule for every text option.

Text with nothing visible is empty: whitespace, Unicode format characters (category Cf:
zero-width space and joiners, BOM, word joiner, soft hyphen, direction marks...), controls,
and the few letters that render as blank (Hangul fillers, the braille blank). Such text
would otherwise open a thread with an invisible name or post an invisible announcement.
Inside visible text these characters stay: a joiner builds an emoji, a direction mark
orders mixed scripts.
"""

from __future__ import annotations

import re
import unicodedata

from bot.errors import ValidationError

# Not format characters, but drawn as nothing and a known way to fake an empty name.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")


def is_invisible(char: str) -> bool:
    return (
        char.isspace()
        or char in BLANK_LETTERS
        or unicodedata.category(char) in _INVISIBLE_CATEGORIES
    )


def is_blank(text: str) -> bool:
    """True when `text` shows nothing: it is empty or only invisible characters."""
    return all(is_invisible(char) for char in text)


def _trim(text: str) -> str:
    start, end = 0, len(text)
    while start < end and is_invisible(text[start]):
        start += 1
    while end > start and is_invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def tidy_line(raw: str) -> str:
    """One line: runs of whitespace made one space, invisible edges removed; "" if blank."""
    return _trim(" ".join(raw.split()))


def tidy_block(raw: str) -> str:
    """Several lines (code and steps need them): trailing spaces and extra blank lines
    removed, invisible edges removed; "" if blank."""
    lines = [line.rstrip() for line in raw.splitlines()]
    return _trim(_EXTRA_BLANK_LINES.sub("\n\n", "\n".join(lines)))


def optional_line(raw: str | None) -> str | None:
    """An optional one-line option: None when left out or blank."""
    return (tidy_line(raw) or None) if raw is not None else None


def optional_block(raw: str | None) -> str | None:
    """An optional multi-line option: None when left out or blank."""
    return (tidy_block(raw) or None) if raw is not None else None


def clean_text(raw: str, *, what: str, limit: int) -> str:
    """A required one-line option, tidied, or a `ValidationError` saying what is wrong."""
    text = tidy_line(raw)
    if not text:
        raise ValidationError(f"Please give a {what}: it can't be empty.")
    if len(text) > limit:
        raise ValidationError(f"That {what} is {len(text)} characters long; keep it under {limit}.")
    return text
