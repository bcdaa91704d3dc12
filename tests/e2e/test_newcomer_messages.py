"""Messages a newcomer meets when something is refused: each says what is true and what to do."""

from __future__ import annotations

from tests.conftest import World
from tests.e2e.api_world import ask
from tests.e2e.session_world import furnish


async def test_a_multi_word_search_that_finds_nothing_says_why_truthfully(world: World) -> None:
    reply = await world.alice.slash(world.channel, "search", query="zyxq flurble wombatz")

    said = reply.response.embeds[0].description or ""
    assert "no topic has any of these words" in said
    assert "no Q&A thread has all of them" in said
    assert "fewer" in said and "quote" not in said  # there is no phrase search to quote for


async def test_a_one_word_search_that_finds_nothing_does_not_ask_for_fewer_words(
    world: World,
) -> None:
    reply = await world.alice.slash(world.channel, "search", query="zyxqwv")

    said = reply.response.embeds[0].description or ""
    assert "that word" in said and "fewer" not in said


async def test_an_express_style_path_parameter_is_shown_in_braces(world: World) -> None:
    reply = await ask(world, path="/listings/:id")

    assert reply.ephemeral
    said = reply.response.content
    assert "Write path parameters as `{id}`" in said
    assert "did you mean `/listings/{id}`?" in said
    assert world.channel.threads == []


async def test_previewing_a_missing_schedule_names_a_schedule(world: World) -> None:
    reply = await world.mentor.slash(world.channel, "takeaways preview", id=9)

    assert reply.ephemeral
    assert "There is no takeaway schedule #9" in reply.response.content


async def test_a_learner_cancelling_a_session_is_told_what_cancelling_needs(world: World) -> None:
    sw = await furnish(world)
    await sw.schedule()

    reply = await world.alice.slash(world.channel, "session cancel", id=1)

    assert reply.ephemeral
    said = reply.response.content
    assert said.startswith("Cancelling a session needs the mentor role")
    assert "Hosting" not in said
    assert len(sw.events()) == 1


async def test_attendance_of_a_session_still_to_come_says_when_it_starts(world: World) -> None:
    sw = await furnish(world)
    await sw.schedule(location="https://meet.example.org/x", when="2026-01-01 00:30")

    reply = await world.mentor.slash(world.channel, "session attendance", id=1)

    said = reply.response.content
    assert "was held" not in said
    assert "starts <t:" in said and "only recorded for voice and stage sessions" in said


async def test_attendance_of_a_voice_session_still_to_come_says_it_has_not_started(
    world: World,
) -> None:
    sw = await furnish(world)
    await sw.schedule(when="2026-01-01 00:30")

    reply = await world.mentor.slash(world.channel, "session attendance", id=1)

    assert "hasn't started yet: it starts <t:" in reply.response.content


async def test_a_typo_does_not_push_a_topic_named_as_typed_down(world: World) -> None:
    reply = await world.alice.slash(world.channel, "search", query="redis tll")

    names = [field.name or "" for field in reply.response.embeds[0].fields]
    assert names[0].startswith("Caching")
    assert not any(name.startswith("Checker fails") for name in names)
