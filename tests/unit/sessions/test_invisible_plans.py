"""The services keep the text rule too (defence in depth): a form (a modal) reaches them
without the slash-option transformer, so an invisible title or place is refused there."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import ValidationError
from bot.services.sessions.planning import check_title, plan_session

INVISIBLE = "\u200b\u200c\u2060"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_an_invisible_title_is_refused() -> None:
    with pytest.raises(ValidationError, match="title"):
        check_title(INVISIBLE)


def test_an_invisible_location_counts_as_none_given() -> None:
    with pytest.raises(ValidationError, match="location"):
        plan_session(
            title="Office hours", when="2026-01-02 18:00", now=NOW, timezone="UTC",
            location=INVISIBLE,
        )  # fmt: skip


def test_visible_text_loses_only_its_invisible_edges() -> None:
    assert check_title(f"{INVISIBLE}Office hours{INVISIBLE}") == "Office hours"
