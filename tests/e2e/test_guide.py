"""The community guide as members use it: suggest from an accepted answer, a mentor
approves, `/topic` shows it, Helpful counts once; rejections are told once, with a reason."""

from __future__ import annotations

from tests.conftest import World
from tests.e2e.guide_support import ANSWER, accepted_answer, suggest_from, told
from tests.e2e.qa_support import pinged


async def test_an_accepted_answer_becomes_a_note_in_topic(world: World) -> None:
    thread, answer = await accepted_answer(world)

    shown = await world.alice.context_menu(thread, "Suggest for the guide", answer)
    prefill = {c["custom_id"]: c.get("value") for row in shown.modal["components"]
               for c in row["components"]}  # fmt: skip
    assert prefill["note"] == ANSWER
    done = await world.alice.submit_modal(
        shown, {"topic": "caching", "title": "Always set a TTL", "note": ANSWER}
    )
    assert done.ephemeral and "waits for a mentor" in done.response.content

    queue = await world.mentor.slash(world.channel, "guide queue")
    assert queue.ephemeral
    card = queue.response.embeds[0]
    assert card.title == "Suggestion #1: Always set a TTL"
    assert answer.jump_url in "".join(f.value or "" for f in card.fields)
    approved = await world.mentor.click(queue.response, label="Approve")
    assert approved.ephemeral and "Approved #1" in approved.response.content

    [notice] = told(world, thread, world.alice)
    assert "approved" in notice.content and notice.content.startswith(world.alice.mention)
    assert pinged(world, notice) == {world.alice.id}

    shown_topic = await world.bob.slash(world.channel, "topic", name="caching")
    embeds = shown_topic.response.embeds
    assert embeds[1].title == "From the community"
    assert "Always set a TTL" in (embeds[1].description or "")
    assert "a learner" in (embeds[1].description or "")  # alice did not go public
    assert answer.jump_url in (embeds[1].description or "")
    assert sum(len(e) for e in embeds) <= 6000


async def test_helpful_counts_once_per_member(world: World) -> None:
    thread, answer = await accepted_answer(world)
    await suggest_from(world, world.alice, thread, answer)
    queue = await world.mentor.slash(world.channel, "guide queue")
    await world.mentor.click(queue.response, label="Approve")
    post = (await world.bob.slash(world.channel, "topic", name="caching")).response

    first = await world.bob.click(post, label="👍 Helpful: Always set a TTL")
    again = await world.bob.click(post, label="👍 Helpful: Always set a TTL")
    other = await world.mentor.click(post, label="👍 Helpful: Always set a TTL")

    assert "1 member(s) found this note helpful" in first.response.content
    assert "already" in again.response.content
    assert "2 member(s)" in other.response.content
    [note] = (await world.bot.services.guide.approved(world.guild.id, "caching")).notes
    assert note.helpful_count == 2


async def test_the_public_name_shows_only_after_qa_privacy_public(world: World) -> None:
    thread, answer = await accepted_answer(world)
    await world.alice.slash(world.channel, "qa privacy", setting="public")
    await suggest_from(world, world.alice, thread, answer)
    queue = await world.mentor.slash(world.channel, "guide queue")
    await world.mentor.click(queue.response, label="Approve")

    embeds = (await world.bob.slash(world.channel, "topic", name="caching")).response.embeds
    assert "— alice" in (embeds[1].description or "")


async def test_a_rejection_tells_the_author_once_with_the_reason(world: World) -> None:
    thread, answer = await accepted_answer(world)
    await suggest_from(world, world.alice, thread, answer)
    queue = await world.mentor.slash(world.channel, "guide queue")

    form = await world.mentor.click(queue.response, label="Reject")
    done = await world.mentor.submit_modal(form, {"reason": "The topic already says this"})
    assert "Rejected #1" in done.response.content
    again = await world.mentor.click(queue.response, label="Approve")

    assert "already rejected by" in again.response.content
    [notice] = told(world, thread, world.alice)
    assert "The topic already says this" in notice.content
    assert pinged(world, notice) == {world.alice.id}
    note = await world.bot.services.guide.note(world.guild.id, 1)
    assert note.outcome_told_at is not None
    assert await world.bot.services.guide.mark_told(1) is False
    embeds = (await world.bob.slash(world.channel, "topic", name="caching")).response.embeds
    assert len(embeds) == 1


async def test_an_edit_keeps_the_previous_text(world: World) -> None:
    thread, answer = await accepted_answer(world)
    await suggest_from(world, world.alice, thread, answer)
    queue = await world.mentor.slash(world.channel, "guide queue")

    form = await world.mentor.click(queue.response, label="Edit")
    done = await world.mentor.submit_modal(
        form, {"title": "Set a TTL on cache keys", "note": "Pass timeout= to cache.set."}
    )

    assert "Edited and approved #1" in done.response.content
    note = await world.bot.services.guide.note(world.guild.id, 1)
    assert (note.title, note.status.value) == ("Set a TTL on cache keys", "approved")
    [revision] = await world.bot.services.guide.revisions(1)
    assert revision.text == ANSWER and revision.edited_by == world.mentor.id


async def test_guide_notes_lists_approved_notes_most_helpful_first(world: World) -> None:
    guide = world.bot.services.guide
    for title in ("First", "Second"):
        made = await world.alice.slash(
            world.channel, "guide suggest", topic="caching", title=title, note=f"{title} note"
        )
        assert "waits for a mentor" in made.response.content
    await guide.approve(world.guild.id, 1, world.mentor.id)
    await guide.approve(world.guild.id, 2, world.mentor.id)
    await guide.helpful(world.guild.id, 2, world.bob.id)

    listed = await world.bob.slash(world.channel, "guide notes", topic="caching")
    text = listed.response.embeds[0].description or ""
    assert text.index("Second") < text.index("First")
    everything = await world.bob.slash(world.channel, "guide notes")
    assert "First" in (everything.response.embeds[0].description or "")
