"""Full-text search of the Q&A archive, on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text

from bot.db.engine import Database
from bot.errors import ValidationError
from bot.services.qa.fulltext import REPLY_WEIGHT, RankedRow, ThreadFilter, full_text_for
from bot.services.qa.search import QASearch
from tests.conftest import FixedClock
from tests.qa_builders import CHANNEL, GUILD, QAWorld


@pytest.fixture
def qa(migrated: Database, clock: FixedClock) -> QAWorld:
    return QAWorld(migrated, clock)


@pytest.fixture
def search(migrated: Database, clock: FixedClock) -> QASearch:
    return QASearch(migrated.sessions, clock)


async def test_titles_questions_and_replies_are_all_searched(qa: QAWorld, search: QASearch) -> None:
    by_title = await qa.thread("Redis cache keeps stale data", "Why is it stale?")
    by_question = await qa.thread("Deploy problem", "My redis container restarts")
    by_reply = await qa.thread("Slow endpoint", "The list view is slow")
    await qa.reply(by_reply, "Put redis in front of it")
    await qa.thread("Unrelated", "Nothing to see")

    page = await search.search(GUILD, "redis")

    assert {h.thread_id for h in page.hits} == {
        by_title.thread_id,
        by_question.thread_id,
        by_reply.thread_id,
    }
    assert page.hits[0].thread_id == by_title.thread_id


async def test_every_word_must_match_and_stemming_applies(qa: QAWorld, search: QASearch) -> None:
    both = await qa.thread("Caching querysets", "How do I cache expensive queries?")
    await qa.thread("Caching images", "Static files")

    page = await search.search(GUILD, "cached queries")

    assert [h.thread_id for h in page.hits] == [both.thread_id]


async def test_a_reply_hit_jumps_to_that_reply_with_a_snippet(
    qa: QAWorld, search: QASearch
) -> None:
    thread = await qa.thread("Slow endpoint", "The list view is slow")
    reply = await qa.reply(thread, "Use select_related to avoid the n plus one problem")

    page = await search.search(GUILD, "select_related")

    hit = page.hits[0]
    assert hit.message_id == reply.message_id
    assert "select_related" in hit.snippet


async def test_the_reply_shown_holds_most_words_and_is_the_newest_of_equals(
    qa: QAWorld, search: QASearch
) -> None:
    thread = await qa.thread("Slow list view", "Every request takes seconds")
    await qa.reply(thread, "Try redis")
    both = await qa.reply(thread, "A redis cache in front of the view")
    await qa.reply(thread, "Unrelated chatter")
    other = await qa.thread("Slow admin", "Pages crawl")
    await qa.reply(other, "Redis helps")
    newer = await qa.reply(other, "Redis is what we use", after=120)

    page = await search.search(GUILD, "redis caching")
    shown = {hit.thread_id: hit.message_id for hit in page.hits}
    assert shown == {thread.thread_id: both.message_id}  # "caching" by its stem

    page = await search.search(GUILD, "redis")
    shown = {hit.thread_id: hit.message_id for hit in page.hits}
    assert shown[other.thread_id] == newer.message_id


async def test_ties_put_solved_threads_first(qa: QAWorld, search: QASearch) -> None:
    open_one = await qa.thread("Celery worker stuck", "Celery worker stuck")
    solved = await qa.thread("Celery worker stuck", "Celery worker stuck")
    await qa.solve(solved, "Restart the broker")
    later = await qa.thread("Celery worker stuck", "Celery worker stuck")

    page = await search.search(GUILD, "celery worker")

    ids = [h.thread_id for h in page.hits]
    assert ids[0] == solved.thread_id
    assert set(ids[1:]) == {open_one.thread_id, later.thread_id}
    assert page.hits[0].solved


async def test_solved_only_leaves_out_open_questions(qa: QAWorld, search: QASearch) -> None:
    await qa.thread("JWT refresh tokens", "How to rotate?")
    solved = await qa.thread("JWT expiry", "Tokens expire too soon")
    await qa.solve(solved, "Raise the lifetime")

    page = await search.search(GUILD, "jwt", solved_only=True)

    assert [h.thread_id for h in page.hits] == [solved.thread_id]


async def test_results_come_five_to_a_page(qa: QAWorld, search: QASearch) -> None:
    for n in range(7):
        await qa.thread(f"Docker question {n}", "docker compose up fails")

    first = await search.search(GUILD, "docker")
    second = await search.search(GUILD, "docker", page=2)

    assert len(first.hits) == 5 and first.has_next
    assert len(second.hits) == 2 and not second.has_next
    assert not {h.thread_id for h in first.hits} & {h.thread_id for h in second.hits}


async def test_other_guilds_and_hidden_channels_stay_out(qa: QAWorld, search: QASearch) -> None:
    await qa.thread("Kafka consumer lag", guild=GUILD + 1)
    hidden = await qa.thread("Kafka partitions", channel=CHANNEL + 1)
    seen = await qa.thread("Kafka offsets")

    everything = await search.search(GUILD, "kafka")
    visible = await search.search(GUILD, "kafka", channel_ids=frozenset({CHANNEL}))

    assert {h.thread_id for h in everything.hits} == {hidden.thread_id, seen.thread_id}
    assert [h.thread_id for h in visible.hits] == [seen.thread_id]


async def test_threads_in_any_of_several_visible_channels_are_found(
    qa: QAWorld, search: QASearch
) -> None:
    # A set of channels is bound one value per channel (SQLite) or as one array (PostgreSQL).
    here = await qa.thread("Kafka offsets", "How are Kafka offsets kept")
    there = await qa.thread("Kafka offsets reset", "Kafka offsets", channel=CHANNEL + 1)
    hidden = await qa.thread("Kafka offsets again", "Kafka offsets", channel=CHANNEL + 2)
    for thread in (here, there, hidden):
        await qa.solve(thread, "commit them")
    visible = frozenset({CHANNEL, CHANNEL + 1})

    found = await search.search(GUILD, "kafka", channel_ids=visible)
    similar = await search.similar_solved(GUILD, "Kafka offsets", "", channel_ids=visible)

    assert {h.thread_id for h in found.hits} == {here.thread_id, there.thread_id}
    assert {h.thread_id for h in similar} == {here.thread_id, there.thread_id}


async def test_edits_and_deletes_reach_the_index(qa: QAWorld, search: QASearch) -> None:
    thread = await qa.thread("Question", "Something")
    reply = await qa.reply(thread, "try nginx")
    await qa.archive.edit(replace(reply, content="try traefik"))

    assert not (await search.search(GUILD, "nginx")).hits
    assert (await search.search(GUILD, "traefik")).hits

    await qa.archive.delete([reply.message_id])
    assert not (await search.search(GUILD, "traefik")).hits


@pytest.mark.parametrize(
    ("query", "expected"),
    [("   ", "can't be empty"), ("x" * 81, "81"), ("how do I do it", "very common words")],
)
async def test_unusable_queries_are_explained(search: QASearch, query: str, expected: str) -> None:
    with pytest.raises(ValidationError, match=expected):
        await search.search(GUILD, query)


async def test_punctuation_and_search_syntax_are_plain_words(qa: QAWorld, search: QASearch) -> None:
    thread = await qa.thread('NOT working: AND/OR "quotes"', "C++ * (stuff)")

    page = await search.search(GUILD, 'working "quotes" AND OR NOT * ( c++')

    assert [h.thread_id for h in page.hits] == [thread.thread_id]


async def test_similar_solved_questions_are_found_before_posting(
    qa: QAWorld, search: QASearch
) -> None:
    solved = await qa.thread("How to configure Redis cache timeout", "TTL for cached views")
    await qa.solve(solved, "Set CACHES TIMEOUT")
    await qa.thread("Redis cache timeout configuration", "still open")
    other = await qa.thread("Configure nginx timeout", "proxy_read_timeout")
    await qa.solve(other, "raise it")

    similar = await search.similar_solved(GUILD, "Configuring the redis cache timeout", "")

    assert [h.thread_id for h in similar] == [solved.thread_id]


async def test_no_similar_questions_for_a_new_subject(qa: QAWorld, search: QASearch) -> None:
    solved = await qa.thread("Redis cache timeout", "TTL")
    await qa.solve(solved, "Set it")

    assert await search.similar_solved(GUILD, "GraphQL pagination cursors", "relay") == ()


async def test_related_threads_never_complain(qa: QAWorld, search: QASearch) -> None:
    thread = await qa.thread("Pagination in DRF", "cursor pagination")

    assert await search.related_threads(GUILD, "the", channel_ids=None) == ()
    found = await search.related_threads(GUILD, "pagination", channel_ids=None)
    assert [h.thread_id for h in found] == [thread.thread_id]


async def test_a_thread_matches_across_its_title_question_and_answer(
    qa: QAWorld, search: QASearch
) -> None:
    thread = await qa.thread("Celery retries", "It fails on network errors")
    answer = await qa.solve(thread, "Use autoretry_for with an exponential backoff")
    unsolved = await qa.thread("Celery retries", "Same here")
    reply = await qa.reply(unsolved, "maybe a backoff")

    page = await search.search(GUILD, "celery backoff")

    # An answer weighs more than a reply: the solved thread comes first.
    assert [h.thread_id for h in page.hits] == [thread.thread_id, unsolved.thread_id]
    assert page.hits[0].message_id == answer.message_id
    assert "backoff" in page.hits[0].snippet
    assert page.hits[1].message_id == reply.message_id


async def test_words_spread_over_a_question_and_a_reply_find_the_thread(
    qa: QAWorld, search: QASearch
) -> None:
    thread = await qa.thread("Container trouble", "My redis container restarts every minute")
    await qa.reply(thread, "Did you look at the logs?")
    fix = await qa.reply(thread, "Add a healthcheck and a restart policy")
    spread = await qa.thread("Two replies", "Something is off")
    await qa.reply(spread, "It is redis")
    await qa.reply(spread, "A healthcheck helps")
    await qa.thread("Only one word", "redis is fine")

    page = await search.search(GUILD, "redis healthcheck")

    assert {h.thread_id for h in page.hits} == {thread.thread_id, spread.thread_id}
    first = page.hits[0]
    assert first.thread_id == thread.thread_id  # a question match beats replies alone
    assert first.message_id is None and "redis" in first.snippet  # the question says most
    assert fix.content in {m.content for m in await qa.archive.messages(thread.thread_id)}


async def test_an_edited_answer_is_searched_as_it_reads_now(qa: QAWorld, search: QASearch) -> None:
    thread = await qa.thread("Static files", "Not served in production")
    answer = await qa.solve(thread, "Use whitenoise")

    await qa.archive.edit(replace(answer, content="Use nginx"))

    assert not (await search.search(GUILD, "whitenoise")).hits
    assert [h.message_id for h in (await search.search(GUILD, "nginx")).hits] == [answer.message_id]


async def test_every_thread_with_the_word_in_a_reply_is_found_titles_first(
    qa: QAWorld, search: QASearch
) -> None:
    by_title = await qa.thread("Zebra crossing", "old title match")
    by_reply = [await qa.thread(f"Thread {n}", "nothing") for n in range(7)]
    for n, thread in enumerate(by_reply):
        await qa.reply(thread, "zebra", after=1 + n)

    first = await search.search(GUILD, "zebra")
    second = await search.search(GUILD, "zebra", page=2)

    assert first.hits[0].thread_id == by_title.thread_id
    found = {h.thread_id for h in (*first.hits, *second.hits)}
    assert found == {by_title.thread_id, *(t.thread_id for t in by_reply)}
    assert not second.has_next


async def test_threads_holding_a_word_in_their_own_text_come_before_reply_only_ones(
    qa: QAWorld, search: QASearch
) -> None:
    reply_only = []
    for n in range(3):
        thread = await qa.thread(f"Reply only {n}", "nothing here")
        await qa.reply(thread, "zebra zebra zebra", after=100 + n)  # newest and wordy
        reply_only.append(thread.thread_id)
    own = [(await qa.thread(f"Zebra {n}", "a question")).thread_id for n in range(7)]

    pages = [await search.search(GUILD, "zebra", page=n) for n in (1, 2)]

    # Page 1 comes from the threads' own text alone; page 2 needs every match.
    found = [hit.thread_id for page in pages for hit in page.hits]
    assert sorted(found[:7]) == sorted(own)
    assert sorted(found[7:]) == sorted(reply_only)
    assert pages[0].has_next and not pages[1].has_next


async def test_the_ranked_statement_gives_the_columns_its_row_names(migrated: Database) -> None:
    # The search reads its rows by position (`RankedRow(*row)`): the order must agree.
    full_text = full_text_for(migrated.backend)
    where = ThreadFilter(GUILD)
    params = {
        **full_text.params(["redis"], every_word=True),
        "reply_word0": "%redi%",
        "limit": 1,
        "offset": 0,
    }
    async with migrated.sessions() as session:
        result = await session.execute(
            text(full_text.ranked_threads(where, 1)), {**params, "guild_id": GUILD}
        )
    assert tuple(result.keys()) == RankedRow._fields


@pytest.fixture
def postgresql_only(migrated: Database) -> None:
    if migrated.backend != "postgresql":
        pytest.skip("how PostgreSQL matches and counts words")


@pytest.mark.usefixtures("postgresql_only")
async def test_a_word_postgresql_drops_narrows_nothing_there(qa: QAWorld, search: QASearch) -> None:
    # "between" is a stopword of PostgreSQL's english configuration, not of ours.
    redis = await qa.thread("Redis eviction", "Keys vanish")
    await qa.thread("Celery retries", "Tasks run twice")

    for query in ("redis between", "between redis"):
        page = await search.search(GUILD, query)
        assert [hit.thread_id for hit in page.hits] == [redis.thread_id], query


@pytest.mark.usefixtures("postgresql_only")
async def test_words_stemmed_alike_count_once_in_the_replies(qa: QAWorld, search: QASearch) -> None:
    thread = await qa.thread("Slow list view", "Every request takes seconds")
    await qa.reply(thread, "Add a cache in front of it")

    one = await search.search(GUILD, "cache")
    folded = await search.search(GUILD, "cache caching")

    assert [hit.thread_id for hit in folded.hits] == [thread.thread_id]
    assert folded.hits[0].score == one.hits[0].score
    # Replies weigh more with each query word they hold (a count, not a fraction of 0).
    assert one.hits[0].score > REPLY_WEIGHT


@pytest.mark.parametrize(
    "title",
    [
        "requests.get hangs forever",
        "asyncio.gather runs one by one",
        "process.env is undefined",
        "Postgres on 0.0.0.0:5432 refuses",
        "Why can't I connect to redis",
    ],
)
async def test_an_exact_title_with_code_names_or_contractions_finds_its_thread(
    qa: QAWorld, search: QASearch, title: str
) -> None:
    thread = await qa.thread(title, "details")
    await qa.thread("Something else entirely", "nothing alike")

    page = await search.search(GUILD, title)

    assert [h.thread_id for h in page.hits] == [thread.thread_id]


def test_contractions_leave_no_word_of_their_own() -> None:
    from bot.services.qa.text import search_words

    assert search_words("Why can't I connect, it's down") == ["connect", "down"]
    assert search_words("requests.get at 0.0.0.0:5432") == ["requests.get", "0.0.0.0", "5432"]
