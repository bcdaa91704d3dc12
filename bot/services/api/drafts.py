"""Checking what members type into `/api request` and notes, before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import ValidationError
from bot.services.api.model import RequestForm
from bot.services.api.paths import EndpointPath, parse_path
from bot.services.api.status import HttpMethod
from bot.services.text_rules import optional_block, optional_line, tidy_line

SUMMARY_MAX = 100
DETAILS_MAX = 1500
NOTE_MAX = 500


@dataclass(frozen=True)
class RequestDraft:
    """A validated, normalised `/api request`."""

    method: HttpMethod
    path: EndpointPath
    summary: str
    details: str | None

    @classmethod
    def from_form(cls, form: RequestForm) -> RequestDraft:
        path = parse_path(form.path)
        summary = tidy_line(form.summary)
        if not summary:
            raise ValidationError("Please give a summary: one line saying what the endpoint does.")
        if len(summary) > SUMMARY_MAX:
            raise ValidationError(
                f"That summary is {len(summary)} characters long; keep it to {SUMMARY_MAX} "
                "and put the rest in `details`."
            )
        details = optional_block(form.details)
        if details is not None and len(details) > DETAILS_MAX:
            raise ValidationError(
                f"Those details are {len(details)} characters long; keep them to {DETAILS_MAX} "
                "and continue in the request's thread."
            )
        return cls(form.method, path, summary, details)


def clean_note(note: str | None) -> str | None:
    """A note with its whitespace tidied, None when empty, refused when too long."""
    cleaned = optional_line(note)
    if cleaned is None:
        return None
    if len(cleaned) > NOTE_MAX:
        raise ValidationError(
            f"That note is {len(cleaned)} characters long; keep it to {NOTE_MAX}."
        )
    return cleaned
