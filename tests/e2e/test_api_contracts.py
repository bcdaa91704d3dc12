"""Contracts as members set them: by options, by the modal, breaking changes, `/api show`."""

from __future__ import annotations

import json

from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from tests.conftest import World
from tests.e2e.api_world import answer, ask, card, field, pings_of, request_thread

LISTING = '{"id": 1, "title": "Loft", "price": 120}'


async def ask_post(world: World) -> None:
    await ask(world, path="/listings", method="POST", summary="Create a listing")


async def test_a_contract_set_by_options_is_posted_in_the_thread_and_shown_on_the_card(
    world: World,
) -> None:
    await ask_post(world)
    await world.bob.slash(world.channel, "api claim", id=1)

    reply = await world.bob.slash(
        world.channel,
        "api contract",
        id=1,
        request_example='{"title": "Loft", "price": 120}',
        response_example=LISTING,
    )

    thread = request_thread(world)
    assert reply.ephemeral
    first, *warnings = answer(reply).splitlines()
    assert first == f"Saved **contract v1** of **API-1**. Posted in {thread.mention}."
    # `"price": 10` becomes `integer`: the member is told, in case decimals are allowed.
    assert warnings[0].startswith("⚠️ In the request example, `price` is a whole number")
    posted = thread.last_message
    assert posted.content == (
        f"📜 **Contract v1** of API-1 · `POST /listings`, set by {world.bob.mention}."
    )
    assert [e.title for e in posted.embeds] == ["Request body", "Response 201"]
    response_block = posted.embeds[1].description or ""
    assert json.loads(response_block.removeprefix("```json\n").removesuffix("\n```")) == {
        "id": 1,
        "title": "Loft",
        "price": 120,
    }
    assert pings_of(world, thread)[-1] == {"parse": []}  # a first version pings nobody
    assert field(card(thread).embeds[0], "Contract") == "v1 · `/api show 1`"


async def test_invalid_json_is_refused_with_line_and_column_and_nothing_is_posted(
    world: World,
) -> None:
    await ask_post(world)
    thread = request_thread(world)
    before = len(thread.history())

    reply = await world.alice.slash(
        world.channel, "api contract", id=1, response_example='{"id": 1,\n "title": }'
    )

    assert reply.ephemeral
    assert answer(reply) == (
        "The response example is not valid JSON: Expecting value at line 2, column 11."
    )
    assert len(thread.history()) == before
    assert field(card(thread).embeds[0], "Contract") == "none yet: `/api contract 1`"


async def test_a_member_who_is_not_a_party_is_refused(world: World) -> None:
    await ask_post(world)

    reply = await world.bob.slash(world.channel, "api contract", id=1, response_example="{}")

    assert answer(reply) == (
        f"Only the requester ({world.alice.mention}) or a mentor can set API-1's contract."
    )


async def test_the_modal_shows_the_current_version_and_saves_the_next_one(world: World) -> None:
    await ask_post(world)
    await world.alice.slash(world.channel, "api contract", id=1, response_example=LISTING)

    shown = await world.alice.slash(world.channel, "api contract", id=1)

    assert shown.modal is not None
    defaults = {
        c["custom_id"]: c.get("value")
        for row in shown.modal["components"]
        for c in row["components"]
    }
    assert json.loads(defaults["response_example"]) == json.loads(LISTING)
    assert defaults["response_status"] == "201"
    submitted = await world.alice.submit_modal(
        shown,
        {
            "request_example": '{\n  "title": "Loft"\n}',
            "response_example": LISTING,
            "response_status": "201",
            "notes": "Needs a logged-in host.",
        },
    )
    thread = request_thread(world)
    saved = answer(submitted).splitlines()[0]
    assert saved == f"Saved **contract v2** of **API-1**. Posted in {thread.mention}."
    posted = thread.last_message
    assert "**Changes since v1:**\n➕ request the body added (object)" in posted.content
    assert posted.content.endswith("> Needs a logged-in host.")
    assert field(card(thread).embeds[0], "Contract") == "v2 · `/api show 1`"


async def test_a_breaking_change_pings_the_requester_and_nobody_else(world: World) -> None:
    await ask_post(world)
    await world.bob.slash(world.channel, "api claim", id=1)
    await world.bob.slash(world.channel, "api contract", id=1, response_example=LISTING)

    await world.bob.slash(
        world.channel,
        "api contract",
        id=1,
        response_example='{"id": "listing-1", "title": "Loft", "host": "@everyone"}',
    )

    thread = request_thread(world)
    posted = thread.last_message
    assert posted.content.startswith(f"{world.alice.mention} ⚠️ **Breaking change**")
    assert "🔀 response `id`: integer → string · breaking" in posted.content
    assert "➖ response `price` removed (was integer) · breaking" in posted.content
    assert "➕ response `host` added (string)" in posted.content
    assert pings_of(world, thread)[-1] == {"parse": [], "users": [world.alice.id]}
    assert not posted.mention_everyone


async def test_show_has_the_current_contract_and_its_history(world: World) -> None:
    await ask_post(world)
    await world.alice.slash(
        world.channel, "api contract", id=1, response_example=LISTING, notes="Auth: host token"
    )

    shown = await world.bob.slash(world.channel, "api show", id=1)

    embeds = shown.response.embeds
    contract = field(embeds[0], "Contract")
    assert contract.startswith(f"v1 by {world.alice.mention}")
    assert "responds **201**" in contract and "> Auth: host token" in contract
    assert "set contract v1" in field(embeds[0], "History")
    assert embeds[1].title == "Response 201"


async def test_the_export_carries_the_contract_as_valid_openapi(world: World) -> None:
    await ask(world, path="/listings/{id}", summary="One listing")
    await world.alice.slash(world.channel, "api contract", id=1, response_example=LISTING)

    reply = await world.bob.slash(world.channel, "api export")

    document = json.loads(await reply.response.attachments[0].read())
    validate(document, cls=OpenAPIV31SpecValidator)
    operation = document["paths"]["/listings/{id}"]["get"]
    assert operation["x-nexus-contract-version"] == 1
    assert operation["parameters"][0]["schema"] == {"type": "integer"}
    ok = operation["responses"]["200"]["content"]["application/json"]
    assert ok["example"] == json.loads(LISTING)
    assert ok["schema"]["required"] == ["id", "title", "price"]


async def test_mock_without_a_web_address_says_who_must_set_it(world: World) -> None:
    reply = await world.bob.slash(world.channel, "api mock")

    assert reply.ephemeral
    assert "set `NEXUS_WEB_URL`" in answer(reply)


async def test_two_examples_at_the_limit_still_fit_one_message(world: World) -> None:
    await ask_post(world)
    big = json.dumps({"items": ["x" * 60] * 60})
    assert 3800 < len(big) <= 4000

    await world.alice.slash(
        world.channel, "api contract", id=1, request_example=big, response_example=big
    )

    posted = request_thread(world).last_message
    assert sum(len(e) for e in posted.embeds) <= 6000
    assert all(
        (e.description or "").endswith("(cut here: `/api export` has it whole)")
        for e in posted.embeds
    )
    shown = await world.alice.slash(world.channel, "api show", id=1)
    assert sum(len(e) for e in shown.response.embeds) <= 6000
