"""A synthetic Q&A archive for the benchmark: threads and messages written in bulk via SQL.

Words follow a Zipf distribution like real text: the most frequent are the stopwords
that searches ignore, then a long tail of made-up technical words, so a common content
word is in about 1-2% of messages and a rare one in a handful.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import QAMessage, QAThread
from bot.services.qa.archive import IncomingMessage
from bot.services.qa.text import STOPWORDS

SYLLABLES = "ka lo mi nu pe ra si to vu xe zo bri cla dre flo gru pla qui sna tre".split()
CONTENT_WORDS = 30_000
CHUNK = 5_000
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Archive:
    guild_id: int
    channel_id: int
    threads: int
    messages: int


class TextMaker:
    """Deterministic text with a realistic word distribution."""

    def __init__(self, seed: int = 42) -> None:
        self.random = random.Random(seed)
        made = {
            "".join(self.random.choice(SYLLABLES) for _ in range(self.random.randint(2, 4)))
            for _ in range(CONTENT_WORDS * 2)
        }
        self.content_words = sorted(made - STOPWORDS)[:CONTENT_WORDS]
        self.random.shuffle(self.content_words)
        self.words = [*sorted(STOPWORDS), *self.content_words]
        self.cumulative = list(accumulate(1 / rank for rank in range(1, len(self.words) + 1)))
        self.content_cumulative = list(
            accumulate(1 / rank for rank in range(1, len(self.content_words) + 1))
        )

    def text(self, low: int, high: int) -> str:
        count = self.random.randint(low, high)
        return " ".join(self.random.choices(self.words, cum_weights=self.cumulative, k=count))

    def query(self) -> str:
        """What a member might search: one or two content words, common ones more often."""
        picked = self.random.choices(self.content_words, cum_weights=self.content_cumulative, k=2)
        return picked[0] if self.random.random() < 0.3 else " ".join(picked)


def archive_rows(
    archive: Archive, maker: TextMaker, first: int = 0
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Thread and message rows (threads `first` onwards, to write a large archive in parts);
    one thread in ten has its first reply accepted."""
    per_thread = archive.messages // archive.threads
    threads: list[dict[str, object]] = []
    messages: list[dict[str, object]] = []
    for n in range(first, first + archive.threads):
        thread_id = 10**17 + n
        created = START + timedelta(minutes=n)
        replies: list[dict[str, object]] = [
            {
                "message_id": 2 * 10**17 + n * per_thread + k,
                "thread_id": thread_id,
                "author_id": 2000 + (n + k) % 700,
                "author_name": f"helper{(n + k) % 700}",
                "content": maker.text(8, 40),
                "reply_to_id": None,
                "created_at": created + timedelta(seconds=30 * (k + 1)),
            }
            for k in range(per_thread)
        ]
        answer = replies[0] if n % 10 == 0 else None
        threads.append(
            {
                "thread_id": thread_id,
                "guild_id": archive.guild_id,
                "parent_channel_id": archive.channel_id,
                "starter_message_id": thread_id,
                "asker_id": 1000 + n % 500,
                "asker_name": f"learner{n % 500}",
                "title": maker.text(4, 9)[:100],
                "question": maker.text(20, 80),
                "created_at": created,
                "solved_at": answer and answer["created_at"],
                "answer_message_id": answer and answer["message_id"],
                "answer_author_id": answer and answer["author_id"],
                "answer_text": answer and answer["content"],
            }
        )
        messages.extend(replies)
    return threads, messages


async def seed(engine: AsyncEngine, archive: Archive, maker: TextMaker) -> None:
    """Write the archive with multi-row INSERTs in chunks, as a bulk import would."""
    threads, messages = archive_rows(archive, maker)
    for model, rows in ((QAThread, threads), (QAMessage, messages)):
        for start in range(0, len(rows), CHUNK):
            async with engine.begin() as conn:
                await conn.execute(insert(model), rows[start : start + CHUNK])


def new_messages(archive: Archive, maker: TextMaker, count: int) -> list[IncomingMessage]:
    """Messages arriving in random existing threads, for the ingest measure."""
    return [
        IncomingMessage(
            message_id=3 * 10**17 + n,
            thread_id=10**17 + maker.random.randrange(archive.threads),
            author_id=3000 + n % 300,
            author_name=f"member{n % 300}",
            content=maker.text(8, 40),
            created_at=START + timedelta(days=30, seconds=n),
        )
        for n in range(count)
    ]
