"""Claiming and moving requests as members do: commands, card buttons, refusals."""

from __future__ import annotations

from bot.config import Settings
from tests.conftest import World
from tests.e2e.api_world import (
    answer,
    ask,
    buttons,
    card,
    field,
    pings_of,
    request_thread,
    restart,
)


def last_line(world: World) -> str:
    return str(request_thread(world).last_message.content)


async def test_a_claim_updates_the_card_and_tells_the_requester(world: World) -> None:
    await ask(world)

    reply = await world.bob.slash(world.channel, "api claim", id=1)

    thread = request_thread(world)
    assert reply.ephemeral
    assert reply.response.content == f"**API-1** is now **claimed**. Posted in {thread.mention}."
    embed = card(thread).embeds[0]
    assert field(embed, "Status") == "✋ claimed"
    assert field(embed, "Claimer") == world.bob.mention
    assert buttons(card(thread))["Start"] and not buttons(card(thread))["Claim"]
    assert last_line(world) == f"{world.alice.mention} · {world.bob.mention} claimed API-1."
    assert pings_of(world, thread)[-1] == {"parse": [], "users": [world.alice.id]}


async def test_a_second_claim_is_refused_and_says_who_has_it(world: World) -> None:
    await ask(world)
    await world.bob.slash(world.channel, "api claim", id=1)

    reply = await world.mentor.slash(world.channel, "api claim", id=1)

    assert reply.ephemeral
    assert reply.response.content == f"API-1 is already claimed by {world.bob.mention} (claimed)."
    assert field(card(request_thread(world)).embeds[0], "Claimer") == world.bob.mention


async def test_the_card_buttons_walk_a_request_to_done(world: World) -> None:
    await ask(world)
    thread = request_thread(world)

    for member, label, status in [
        (world.bob, "Claim", "✋ claimed"),
        (world.bob, "Start", "🔨 in progress"),
        (world.bob, "Ready for review", "👀 ready for review"),
        (world.alice, "Done", "✅ done"),
    ]:
        clicked = await member.click(card(thread), label=label)
        assert clicked.followups == []  # no reply: the card and the thread say it
        assert field(card(thread).embeds[0], "Status") == status

    assert not any(buttons(card(thread)).values())
    lines = [m.content for m in thread.history()[1:]]
    assert lines == [
        f"{world.alice.mention} · {world.bob.mention} claimed API-1.",
        f"{world.alice.mention} · {world.bob.mention} moved API-1 from **claimed** to "
        "**in progress**.",
        f"{world.alice.mention} · {world.bob.mention} moved API-1 from **in progress** to "
        "**ready for review**.",
        f"{world.bob.mention} · {world.alice.mention} moved API-1 from **ready for review** "
        "to **done**.",
    ]


async def test_a_button_pressed_by_the_wrong_member_is_refused_privately(world: World) -> None:
    await ask(world)
    await world.bob.slash(world.channel, "api claim", id=1)
    thread = request_thread(world)
    before = len(thread.history())

    clicked = await world.alice.click(card(thread), label="Start")

    assert clicked.followups[0].ephemeral
    assert answer(clicked) == (
        f"Only the claimer ({world.bob.mention}) or a mentor can move API-1 to **in progress**."
    )
    assert field(card(thread).embeds[0], "Status") == "✋ claimed"
    assert len(thread.history()) == before


async def test_unclaim_makes_the_request_open_again(world: World) -> None:
    await ask(world)
    await world.bob.slash(world.channel, "api claim", id=1)

    reply = await world.bob.slash(world.channel, "api unclaim", id=1)

    assert reply.response.content.startswith("**API-1** is now **open**.")
    embed = card(request_thread(world)).embeds[0]
    assert (field(embed, "Status"), field(embed, "Claimer")) == ("🆕 open", "nobody yet")
    assert last_line(world) == (
        f"{world.alice.mention} · {world.bob.mention} unclaimed API-1: it is open again."
    )


async def test_only_the_claimer_or_a_mentor_can_unclaim(world: World) -> None:
    await ask(world)
    await world.bob.slash(world.channel, "api claim", id=1)

    refused = await world.alice.slash(world.channel, "api unclaim", id=1)
    freed = await world.mentor.slash(world.channel, "api unclaim", id=1)

    assert refused.response.content == (
        f"Only the claimer ({world.bob.mention}) or a mentor can move API-1 to **open**."
    )
    assert freed.response.content.startswith("**API-1** is now **open**.")
    assert f"unclaimed API-1 from {world.bob.mention}" in last_line(world)


async def test_blocking_needs_a_note_which_is_posted_without_pinging(world: World) -> None:
    await ask(world)
    await world.bob.slash(world.channel, "api claim", id=1)

    refused = await world.bob.slash(world.channel, "api status", id=1, status="blocked")
    blocked = await world.bob.slash(
        world.channel, "api status", id=1, status="blocked", note="@everyone the db is down"
    )

    assert refused.response.content == (
        "Moving API-1 to **blocked** needs a note saying why: add the `note` option."
    )
    assert blocked.response.content.startswith("**API-1** is now **blocked**.")
    thread = request_thread(world)
    assert last_line(world).endswith("\n> @\u200beveryone the db is down")
    assert not thread.last_message.mention_everyone
    assert pings_of(world, thread)[-1]["users"] == [world.alice.id]
    assert field(card(thread).embeds[0], "Status") == "⛔ blocked (was claimed)"


async def test_a_blocked_request_goes_back_to_where_it_was(world: World) -> None:
    await ask(world)
    await world.bob.slash(world.channel, "api claim", id=1)
    await world.bob.slash(world.channel, "api status", id=1, status="blocked", note="wait")

    wrong = await world.bob.slash(world.channel, "api status", id=1, status="in_progress")
    back = await world.bob.slash(world.channel, "api status", id=1, status="claimed")

    assert wrong.response.content == (
        "API-1 is **blocked, was claimed**, so it can't move to **in progress**. "
        "From there it can go to: **claimed**, **open**."
    )
    assert back.response.content.startswith("**API-1** is now **claimed**.")


async def test_an_illegal_move_lists_the_allowed_next_states(world: World) -> None:
    await ask(world)

    reply = await world.alice.slash(world.channel, "api status", id=1, status="done")

    assert reply.ephemeral
    assert reply.response.content == (
        "API-1 is **open**, so it can't move to **done**. "
        "From there it can go to: **claimed**, **blocked**, **rejected**."
    )
    assert field(card(request_thread(world)).embeds[0], "Status") == "🆕 open"


async def test_the_requester_sends_work_back_with_a_note(world: World) -> None:
    await ask(world)
    thread = request_thread(world)
    for label in ("Claim", "Start", "Ready for review"):
        await world.bob.click(card(thread), label=label)

    reply = await world.alice.slash(
        world.channel, "api status", id=1, status="in_progress", note="dates should be ISO 8601"
    )

    assert reply.response.content.startswith("**API-1** is now **in progress**.")
    assert last_line(world) == (
        f"{world.bob.mention} · {world.alice.mention} moved API-1 from **ready for review** to "
        "**in progress**.\n> dates should be ISO 8601"
    )
    # The claimer hears that the work came back; the requester, who sent it, is not pinged.
    assert pings_of(world, request_thread(world))[-1]["users"] == [world.bob.id]


async def test_only_a_mentor_reopens_a_rejected_request(world: World) -> None:
    await ask(world)
    await world.alice.slash(world.channel, "api status", id=1, status="rejected", note="dupe")

    refused = await world.alice.slash(world.channel, "api status", id=1, status="open")
    reopened = await world.mentor.slash(world.channel, "api status", id=1, status="open")

    assert refused.response.content == "Only a mentor can move API-1 to **open**."
    assert reopened.response.content.startswith("**API-1** is now **open**.")
    assert last_line(world) == f"{world.alice.mention} · {world.mentor.mention} reopened API-1."


async def test_the_guilds_mentor_role_makes_a_member_a_mentor(world: World) -> None:
    reviewer = world.guild.create_role("reviewer")
    dave = world.guild.add_member(world.env.create_user("dave"), roles=[reviewer])
    await world.mentor.slash(world.channel, "nexus setup", mentor_role=reviewer)
    await ask(world)
    await world.bob.slash(world.channel, "api claim", id=1)

    reply = await dave.slash(world.channel, "api status", id=1, status="in_progress")

    assert reply.response.content.startswith("**API-1** is now **in progress**.")


async def test_an_unknown_id_is_not_found(world: World) -> None:
    for command in ("api claim", "api unclaim", "api show"):
        reply = await world.alice.slash(world.channel, command, id=42)
        assert reply.ephemeral
        assert reply.response.content == (
            "There's no API-42 in this server. `/api list` shows the requests here."
        )


async def test_an_id_from_another_server_is_not_found_here(world: World) -> None:
    await ask(world)
    other = world.env.create_guild(name="Other cohort")
    general = other.create_text_channel("general")
    alice_there = other.add_member(world.alice.user)

    shown = await alice_there.slash(general, "api show", id=1)
    claimed = await alice_there.slash(general, "api claim", id=1)

    assert shown.response.content.startswith("There's no API-1 in this server.")
    assert claimed.response.content.startswith("There's no API-1 in this server.")
    assert field(card(request_thread(world)).embeds[0], "Status") == "🆕 open"


async def test_card_buttons_keep_working_after_a_restart(world: World, settings: Settings) -> None:
    await ask(world)
    await world.bob.slash(world.channel, "api claim", id=1)
    await restart(world, settings)

    await world.bob.click(card(request_thread(world)), label="Start")

    assert field(card(request_thread(world)).embeds[0], "Status") == "🔨 in progress"


async def test_claims_and_clicks_count_against_the_write_limit(world: World) -> None:
    await ask(world)
    limit = world.bot.settings.write_rate.count
    for _ in range(limit):  # writes that went through (a refused one is not counted)
        await world.bob.slash(world.channel, "qa privacy", setting="public")

    command = await world.bob.slash(world.channel, "api claim", id=1)
    clicked = await world.bob.click(card(request_thread(world)), label="Claim")

    assert "Try again in" in command.response.content
    assert "Try again in" in answer(clicked)
    assert field(card(request_thread(world)).embeds[0], "Status") == "🆕 open"


async def test_a_mentor_taking_a_claim_back_pings_the_requester_and_the_claimer(
    world: World,
) -> None:
    await ask(world)
    await world.bob.slash(world.channel, "api claim", id=1)

    await world.mentor.slash(world.channel, "api unclaim", id=1)

    thread = request_thread(world)
    assert last_line(world) == (
        f"{world.alice.mention} · {world.mentor.mention} unclaimed API-1 from "
        f"{world.bob.mention}: it is open again."
    )
    assert sorted(pings_of(world, thread)[-1]["users"]) == sorted([world.alice.id, world.bob.id])
