"""Kept pages never outlive the data they show: each test reads a page (so it is kept, and
its ETag known), changes the data through the service, and reads again at once, sending the
old ETag: the change shows, with a new ETag, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

from bot.web.kept import KEPT_PAGES
from tests.qa_builders import ASKER, CHANNEL, GUILD, HELPER
from tests.web.conftest import Client
from tests.web.hub_world import HubWorld

GUILD_PAGE = f"/g/{GUILD}/"


def question_url(thread_id: int) -> str:
    return f"/g/{GUILD}/qa/{thread_id}"


async def kept_etag(client: Client, path: str, shown: str) -> str:
    """Read `path` twice: it shows `shown`, and the second read is answered from memory."""
    first = await client.get(path)
    assert first.status == 200 and shown in await first.text()
    again = await client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status == 304
    assert again.headers["Cache-Control"] == "no-cache"  # revalidated every time
    return first.headers["ETag"]


async def read_again(client: Client, path: str, etag: str, *, status: int = 200) -> str:
    response = await client.get(path, headers={"If-None-Match": etag})
    assert response.status == status
    if status == 200:
        assert response.headers["ETag"] != etag
    return await response.text()


async def test_a_page_is_kept_and_revalidated_without_a_render(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    path = question_url(thread.thread_id)
    etag = await kept_etag(client, path, "Did you try Redis?")
    kept = client.app[KEPT_PAGES]
    assert len(kept) == 1
    repeat = await client.get(path)
    assert repeat.headers["ETag"] == etag and "Did you try Redis?" in await repeat.text()
    assert (await client.get(path, headers={"If-None-Match": '"other"'})).status == 200


async def test_forget_me_shows_at_once_on_every_page(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    await hub.services.privacy.make_public(GUILD, ASKER, "Alice")
    thread = await hub.solved(title="Why is my Zanzibar queue stuck?")
    tags = {path: await kept_etag(client, path, "Zanzibar") for path in
            (GUILD_PAGE, "/", "/search?q=zanzibar+queue")}  # fmt: skip
    question = await kept_etag(client, question_url(thread.thread_id), "Alice")
    await hub.services.forgetting.forget(ASKER)
    await read_again(client, question_url(thread.thread_id), question, status=404)
    for path, etag in tags.items():
        assert "Zanzibar" not in await read_again(client, path, etag)


async def test_web_disable_takes_the_pages_off_at_once(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    question = await kept_etag(client, question_url(thread.thread_id), "Redis")
    guild = await kept_etag(client, GUILD_PAGE, "ALX ProDev")
    home = await kept_etag(client, "/", "ALX ProDev")
    await hub.services.web_consent.disable(GUILD)
    await read_again(client, question_url(thread.thread_id), question, status=404)
    await read_again(client, GUILD_PAGE, guild, status=404)
    assert "cache a Django view" not in await read_again(client, "/", home)


async def test_a_channel_turned_private_hides_its_questions_at_once(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    question = await kept_etag(client, question_url(thread.thread_id), "Redis")
    guild = await kept_etag(client, GUILD_PAGE, "cache a Django view")
    await hub.services.web_consent.channel_changed(GUILD, CHANNEL, False)
    await read_again(client, question_url(thread.thread_id), question, status=404)
    assert "cache a Django view" not in await read_again(client, GUILD_PAGE, guild)


async def test_deleted_and_edited_messages_show_at_once(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    path = question_url(thread.thread_id)
    reply = next(m for m in await hub.qa.archive.messages(thread.thread_id) if "Redis" in m.content)
    etag = await kept_etag(client, path, "Did you try Redis?")
    await hub.qa.archive.edit(replace(reply, content="Did you try Memcached?"))
    html = await read_again(client, path, etag)
    assert "Memcached" in html and "Did you try Redis?" not in html
    etag = await kept_etag(client, path, "Memcached")
    await hub.qa.archive.delete([reply.message_id])
    assert "Memcached" not in await read_again(client, path, etag)


async def test_a_deleted_thread_is_gone_at_once(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    question = await kept_etag(client, question_url(thread.thread_id), "Redis")
    search = await kept_etag(client, "/search?q=django+view", "cache a Django view")
    await hub.qa.archive.forget_threads(thread_id=thread.thread_id)
    await read_again(client, question_url(thread.thread_id), question, status=404)
    assert "cache a Django view" not in await read_again(client, "/search?q=django+view", search)


async def test_a_member_turning_private_loses_their_name_at_once(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    path = question_url(thread.thread_id)
    await hub.services.privacy.make_public(GUILD, HELPER, "Bob the helper")
    etag = await kept_etag(client, path, "Bob the helper")
    await hub.services.privacy.make_private(GUILD, HELPER)
    assert "Bob the helper" not in await read_again(client, path, etag)
    etag = await kept_etag(client, path, "Redis")
    await hub.services.privacy.make_public(GUILD, HELPER, "Bob the helper")
    assert "Bob the helper" in await read_again(client, path, etag)


async def test_a_newly_solved_question_shows_on_the_guild_page_at_once(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    await hub.solved()
    etag = await kept_etag(client, GUILD_PAGE, "cache a Django view")
    await hub.solved(title="What does select_related do?")
    assert "select_related" in await read_again(client, GUILD_PAGE, etag)
