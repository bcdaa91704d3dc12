"""One rule for every text option: nothing visible (whitespace, format characters) is empty."""

from __future__ import annotations

import pytest

from bot.db.engine import Database
from bot.errors import ValidationError
from bot.services.api.drafts import RequestDraft, clean_note
from bot.services.api.model import RequestForm
from bot.services.api.status import HttpMethod
from bot.services.qa.questions import question_draft, resolve_topic
from bot.services.qa.text import close_reason, query_words
from bot.services.schedules.book import Kind
from bot.services.text_rules import is_blank, tidy_block, tidy_line
from bot.services.topics.lookup import TopicService
from tests.conftest import ROOT, FixedClock
from tests.unit.schedules.builders import CHANNEL, GUILD, MENTOR, at, make_service

# Zero-width space, non-joiner, joiner, BOM, word joiner, soft hyphen, Mongolian vowel
# separator, left-to-right mark, a Hangul filler, the braille blank, and real whitespace.
INVISIBLE = ["\u200b", "\u200c\u200d", "\ufeff", "\u2060", "\u00ad", "\u180e", "\u200e",
             "\u3164", "\u2800", " \u200b\n\t\u2060 "]  # fmt: skip


@pytest.mark.parametrize("text", INVISIBLE)
def test_text_of_only_invisible_characters_is_blank(text: str) -> None:
    assert is_blank(text)
    assert tidy_line(text) == ""
    assert tidy_block(text) == ""


def test_visible_text_keeps_its_inner_joiners_and_loses_invisible_edges() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji made with joiners
    assert not is_blank(family)
    assert tidy_line(f"\u200b  Hello   {family} \ufeff") == f"Hello {family}"
    assert tidy_block("\u200b\nline one  \n\n\n\nline two\n\u2060") == "line one\n\nline two"


@pytest.mark.parametrize("text", INVISIBLE)
def test_every_required_text_option_refuses_invisible_text(text: str) -> None:
    topics = TopicService(ROOT / "content", FixedClock())
    topics.load()
    refusals = [
        lambda: question_draft(text, "A real question"),
        lambda: question_draft("A real title", text),
        lambda: query_words(text),
        lambda: topics.search(text),
        lambda: topics.lookup(text),
        lambda: RequestDraft.from_form(RequestForm(HttpMethod.GET, "/listings", text)),
        lambda: RequestDraft.from_form(RequestForm(HttpMethod.GET, text, "List listings")),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError):
            refuse()


@pytest.mark.parametrize("text", INVISIBLE)
def test_every_optional_text_option_treats_invisible_text_as_left_out(text: str) -> None:
    topics = TopicService(ROOT / "content", FixedClock())
    topics.load()
    form = RequestForm(HttpMethod.GET, "/listings", "List listings", text)
    assert RequestDraft.from_form(form).details is None
    assert clean_note(text) is None
    assert close_reason(text) is None
    assert resolve_topic(topics, text) is None


@pytest.mark.parametrize("text", INVISIBLE)
async def test_an_invisible_announcement_is_refused_and_nothing_stored(
    migrated: Database, text: str
) -> None:
    service, _ = make_service(migrated, FixedClock(at(1, 12)))
    with pytest.raises(ValidationError, match="can't be empty"):
        await service.book.schedule_announcement(
            GUILD, CHANNEL, MENTOR, text, "2026-03-02 09:00", None, None
        )
    assert await service.book.of_guild(GUILD, Kind.ANNOUNCEMENT) == []


async def test_invisible_optional_schedule_options_mean_their_defaults(
    migrated: Database,
) -> None:
    service, _ = make_service(migrated, FixedClock(at(1, 12)))
    once = await service.book.schedule_announcement(
        GUILD, CHANNEL, MENTOR, "Demo day", "2026-03-02 09:00", "\u200b", "\u2060 "
    )
    takeaways = await service.book.schedule_takeaways(
        GUILD, CHANNEL, MENTOR, "09:00", "\ufeff", "\u200b"
    )
    assert (once.recurrence, once.timezone) == (None, "UTC")
    assert takeaways.rule == "daily at 09:00"
