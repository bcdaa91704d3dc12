"""Published solved questions: consent, public channels, names, deletions, escaping."""

from __future__ import annotations

import json
import re

from bot.services.guild_settings import SettingsChange
from tests.qa_builders import ASKER, GUILD, HELPER
from tests.web.conftest import Client
from tests.web.hub_world import OTHER_GUILD, PRIVATE_CHANNEL, HubWorld


def question_url(thread_id: int, guild: int = GUILD) -> str:
    return f"/g/{guild}/qa/{thread_id}"


async def test_a_solved_question_shows_the_accepted_answer_first(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    response = await client.get(question_url(thread.thread_id))
    html = await response.text()
    assert response.status == 200
    assert "How do I cache a Django view?" in html
    answer, thread_part = html.index("Accepted answer"), html.index("The thread")
    assert answer < thread_part
    assert "<code>cache_page</code>" in html
    assert "Did you try Redis?" in html


async def test_a_guild_that_never_enabled_the_web_shows_nothing(
    hub: HubWorld, client: Client
) -> None:
    thread = await hub.solved()
    assert (await client.get(question_url(thread.thread_id))).status == 404
    assert (await client.get(f"/g/{GUILD}/")).status == 404
    assert (await client.get(f"/g/{GUILD}/api")).status == 404
    assert "How do I cache" not in await (await client.get("/")).text()


async def test_disabling_the_web_takes_the_guild_off_at_once(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    assert (await client.get(question_url(thread.thread_id))).status == 200
    await hub.services.web_consent.disable(GUILD)
    assert (await client.get(question_url(thread.thread_id))).status == 404


async def test_a_thread_in_a_channel_everyone_cannot_read_is_never_published(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    thread = await hub.solved("Secret staff question", channel=PRIVATE_CHANNEL)
    assert (await client.get(question_url(thread.thread_id))).status == 404
    assert "Secret staff question" not in await (await client.get(f"/g/{GUILD}/")).text()
    assert "Secret staff" not in await (await client.get("/sitemap.xml")).text()


async def test_a_channel_that_turns_private_takes_its_threads_off_the_web(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    await hub.services.web_consent.channel_changed(GUILD, 2000, public=False)
    assert (await client.get(question_url(thread.thread_id))).status == 404


async def test_an_unsolved_question_is_not_published(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    thread = await hub.qa.thread("Still open")
    assert (await client.get(question_url(thread.thread_id))).status == 404


async def test_authors_are_a_learner_unless_they_opted_in(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    html = await (await client.get(question_url(thread.thread_id))).text()
    assert "user11" not in html and "user22" not in html
    assert "Asked by a learner" in html
    await hub.services.privacy.make_public(GUILD, HELPER, "Bob the Builder")
    html = await (await client.get(question_url(thread.thread_id))).text()
    assert "by Bob the Builder" in html
    assert "Asked by a learner" in html


async def test_mentions_show_names_only_of_members_who_opted_in_never_ids(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    await hub.services.privacy.make_public(GUILD, HELPER, "Bob")
    thread = await hub.solved(answer=f"Ask <@{HELPER}> or <@!{ASKER}> in <#2000> <@&77>")
    html = await (await client.get(question_url(thread.thread_id))).text()
    assert "@Bob or @a learner in #a channel @a role" in html
    for raw in (f"@!{ASKER}", f"@{HELPER}&", "#2000", "&77"):
        assert raw not in html.replace("\\u003c", "").replace("\\u0026", "&")


async def test_a_deleted_message_vanishes_from_the_page_at_once(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    first = await client.get(question_url(thread.thread_id))
    reply = next(m for m in await hub.qa.archive.messages(thread.thread_id) if "Redis" in m.content)
    await hub.qa.archive.delete([reply.message_id])
    again = await client.get(
        question_url(thread.thread_id), headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status == 200
    assert "Did you try Redis?" not in await again.text()


async def test_a_deleted_thread_is_a_404_at_once(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    await hub.qa.archive.forget_threads(thread_id=thread.thread_id)
    assert (await client.get(question_url(thread.thread_id))).status == 404


async def test_forget_me_removes_the_members_questions_and_name(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    await hub.services.privacy.make_public(GUILD, ASKER, "Alice")
    thread = await hub.solved()
    await hub.qa.archive.forget_user(ASKER)
    assert (await client.get(question_url(thread.thread_id))).status == 404
    assert not await hub.services.privacy.is_public(GUILD, ASKER)


async def test_user_text_is_escaped_and_javascript_links_are_inert(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    payload = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
    thread = await hub.solved(title="XSS <b>title</b>", question=payload, answer=payload)
    html = await (await client.get(question_url(thread.thread_id))).text()
    body = html.split("</head>", 1)[1]
    assert "<script" not in body
    assert "<img" not in body
    assert 'href="javascript' not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "XSS &lt;b&gt;title&lt;/b&gt;" in body


async def test_structured_data_is_a_qapage_that_cannot_close_its_script(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    thread = await hub.solved(answer="</script><script>alert(1)</script>")
    html = await (await client.get(question_url(thread.thread_id))).text()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["@type"] == "QAPage"
    assert data["mainEntity"]["acceptedAnswer"]["text"] == "</script><script>alert(1)</script>"
    assert html.count("<script") == 1


async def test_the_guild_page_lists_its_published_questions(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    html = await (await client.get(f"/g/{GUILD}/")).text()
    assert f'href="/g/{GUILD}/qa/{thread.thread_id}"' in html
    assert "<title>ALX ProDev: solved questions · Nexus</title>" in html


async def test_the_home_page_and_sitemap_list_published_questions(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    thread = await hub.solved()
    assert "How do I cache a Django view?" in await (await client.get("/")).text()
    xml = await (await client.get("/sitemap.xml")).text()
    assert re.search(rf"/g/{GUILD}/qa/{thread.thread_id}</loc><lastmod>2026-03-02T", xml)


async def test_web_search_finds_published_solved_questions_only(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    await hub.solved("Celery retry with backoff", answer="Use autoretry_for.")
    await hub.solved("Celery beat in private", channel=PRIVATE_CHANNEL)
    await hub.solved("Celery in a guild without consent", guild=OTHER_GUILD)
    html = await (await client.get("/search", params={"q": "celery"})).text()
    assert "Celery retry with backoff" in html
    assert "Celery beat in private" not in html
    assert "without consent" not in html


async def test_bad_ids_are_404_pages_never_errors(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    for path in (
        f"/g/{GUILD}/qa/123",
        f"/g/{GUILD}/qa/abc",
        "/g/abc/",
        f"/g/{GUILD}/qa/99999999999999999999",
        "/g/99999999999999999999/",
        f"/g/{GUILD}/qa/-1",
    ):
        response = await client.get(path)
        assert response.status == 404, path
        assert "Page not found" in await response.text()


async def test_a_bad_page_number_is_a_400(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    for bad in ("0", "x", "99999999999", "-1"):
        assert (await client.get(f"/g/{GUILD}/", params={"page": bad})).status == 400


async def test_the_api_board_and_its_openapi_export_are_served(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    board = await client.get(f"/g/{GUILD}/api")
    assert board.status == 200
    assert "API board" in await board.text()
    export = await client.get(f"/g/{GUILD}/api/openapi.json")
    assert export.content_type == "application/json"
    assert (await export.json())["openapi"] == "3.1.0"


async def test_a_mentioned_member_who_is_not_in_the_thread_is_named_if_they_opted_in(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    await hub.services.privacy.make_public(GUILD, 99, "Carol")
    thread = await hub.solved(answer="Ask <@99> or <@98>")
    html = await (await client.get(question_url(thread.thread_id))).text()
    assert "Ask @Carol or @a learner" in html


async def test_the_api_board_of_a_private_api_channel_is_not_published(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    await hub.services.guild_settings.update(GUILD, SettingsChange(api_channel_id=PRIVATE_CHANNEL))
    assert (await client.get(f"/g/{GUILD}/api")).status == 404
    assert (await client.get(f"/g/{GUILD}/api/openapi.json")).status == 404
