"""Endpoint paths: validation with a reason a member can act on, and normalisation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import ValidationError
from bot.services.text_rules import tidy_line

PATH_MAX = 200
# RFC 3986 "unreserved" characters: safe anywhere in a path segment without encoding.
_LITERAL_SEGMENT = re.compile(r"[A-Za-z0-9\-._~]+")
_PARAMETER_SEGMENT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Parameters as other tools write them: Express's `:id`, Flask's `<id>` or `<int:id>`.
_FOREIGN_PARAMETER = re.compile(r":([A-Za-z_]\w*)|<(?:[A-Za-z_]\w*:)?([A-Za-z_]\w*)>", re.ASCII)
_PARAMETER_NAME_MAX = 40


@dataclass(frozen=True)
class EndpointPath:
    """A normalised path such as `/listings/{id}`."""

    value: str

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(s for s in self.value.split("/") if s)

    @property
    def parameters(self) -> tuple[str, ...]:
        """Names of the `{name}` segments, in order."""
        return tuple(m[1] for s in self.segments if (m := _PARAMETER_SEGMENT.fullmatch(s)))

    @property
    def shape(self) -> str:
        """The path with parameter names blanked: `/listings/{id}` -> `/listings/{}`."""
        blanked = ("{}" if _PARAMETER_SEGMENT.fullmatch(s) else s for s in self.segments)
        return "/" + "/".join(blanked)

    def __str__(self) -> str:
        return self.value


def parse_path(raw: str) -> EndpointPath:
    """The normalised form of `raw`, or a `ValidationError` saying what to change.

    Normalising collapses `//` and drops a trailing `/` (except for the root `/`).
    """
    text = tidy_line(raw)
    if not text:
        raise ValidationError("Please give a path, e.g. `/listings/{id}`.")
    shown = _shown(text)
    if not text.startswith("/"):
        raise ValidationError(f"A path starts with `/`: did you mean `/{shown}`?")
    if any(c.isspace() for c in text):
        raise ValidationError("A path can't contain spaces: use `-` or `_` between words.")
    if "?" in text:
        raise ValidationError(
            "Leave the query string (`?...`) out of the path: describe query parameters "
            "in `details`."
        )
    if "#" in text:
        raise ValidationError("Leave the fragment (`#...`) out of the path: servers never see it.")
    segments = [s for s in text.split("/") if s]
    value = "/" + "/".join(segments)
    if len(value) > PATH_MAX:
        raise ValidationError(f"That path is {len(value)} characters long; keep it to {PATH_MAX}.")
    _check_parameter_style(segments)
    seen: set[str] = set()
    for segment in segments:
        _check_segment(segment, seen)
    return EndpointPath(value)


def _check_parameter_style(segments: list[str]) -> None:
    """`/listings/:id` is refused with the path written as Nexus reads it: `/listings/{id}`."""
    names = [m[1] or m[2] if (m := _FOREIGN_PARAMETER.fullmatch(s)) else None for s in segments]
    first = next((name for name in names if name), None)
    if first is None:
        return
    braced = "/" + "/".join(
        f"{{{name}}}" if name else segment for segment, name in zip(segments, names, strict=True)
    )
    raise ValidationError(
        f"Write path parameters as `{{{_shown(first, 40)}}}`: did you mean `{_shown(braced)}`?"
    )


def _check_segment(segment: str, seen: set[str]) -> None:
    if segment in (".", ".."):
        raise ValidationError("A path can't contain `.` or `..` segments: write the full path.")
    parameter = _PARAMETER_SEGMENT.fullmatch(segment)
    if parameter:
        name = parameter[1]
        if len(name) > _PARAMETER_NAME_MAX:
            raise ValidationError(
                f"Parameter names are at most {_PARAMETER_NAME_MAX} characters long."
            )
        if name in seen:
            raise ValidationError(
                f"The parameter `{{{name}}}` appears twice; give each its own name."
            )
        seen.add(name)
        return
    if "{" in segment or "}" in segment:
        raise ValidationError(
            f"`{_shown(segment)}` is not a valid parameter: a parameter is a whole segment "
            "like `{id}` (letters, digits and `_`, not starting with a digit)."
        )
    if not _LITERAL_SEGMENT.fullmatch(segment):
        bad = sorted({c for c in segment if not _LITERAL_SEGMENT.fullmatch(c)})
        listed = " ".join(f"`{c}`" for c in bad[:5])
        raise ValidationError(
            f"`{_shown(segment)}` has characters that are not URL-safe ({listed}): use letters, "
            "digits, `-`, `_`, `.` or `~`."
        )


def _shown(text: str, limit: int = 60) -> str:
    """User text quoted back inside backticks: no backticks of its own, bounded length."""
    cleaned = text.replace("`", "'")
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"
