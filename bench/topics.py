"""Topic lookups: /topic, autocomplete and /search against the no-op baselines, and load time.

Run with the shipped content and with a generated folder of 2,000 topics.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import simcord

from bench.harness import (
    ROOT,
    bench_bot,
    bench_settings,
    pause_wall_clock_jobs,
    report,
    temp_dir,
    timed,
)
from bot.knowledge.library import load_library
from bot.services.topics.lookup import TopicService
from bot.simulation import build_world

WORDS = (
    "cache queue index shard replica token schema view model query worker broker retry "
    "latency throughput pool socket thread lock commit rollback snapshot cursor migration "
    "serializer router endpoint payload header cookie session tenant webhook cron backoff "
    "partition vacuum planner bucket stream batch event audit metric trace span alert"
).split()
CATEGORIES = ["languages-frameworks", "apis", "infrastructure", "data", "architecture"]


def generate_content(root: Path, count: int, seed: int = 7) -> Path:
    """`count` valid topics with varied vocabulary (and two takeaways each)."""
    rng = random.Random(seed)
    (root / "topics").mkdir(parents=True)
    (root / "takeaways").mkdir(parents=True)
    for n in range(count):
        slug = f"topic-{n:04d}-{rng.choice(WORDS)}"

        def sentence() -> str:
            return " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "."

        ideas = "\n".join(f"- {sentence()} {sentence()}" for _ in range(5))
        body = (
            f"## Key ideas\n{ideas}\n\n## Example\n```python\nrun('{slug}')\n```\n\n"
            f"## Pitfalls\n- {sentence()}\n- {sentence()}\n\n## In practice\n{sentence()}\n"
        )
        (root / "topics" / f"{slug}.md").write_text(
            f"---\ntitle: {slug.replace('-', ' ').title()}\nslug: {slug}\n"
            f"category: {rng.choice(CATEGORIES)}\nlevel: intermediate\n"
            f"aliases: [alias {n}]\nsummary: {sentence()}\nrelated: []\nresources:\n"
            f"  - title: Docs\n    url: https://docs.example.org/{n}\n---\n{body}"
        )
        (root / "takeaways" / f"{slug}.md").write_text(
            f"---\ntopic: {slug}\n---\n## {slug}-a: First\n{sentence()}\n\n"
            f"## {slug}-b: Second\n{sentence()}\n"
        )
    return root


def load_ms(content_dir: Path, repeats: int = 5) -> float:
    """Median time to read, validate and index the folder (what start-up and reload do)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        service = TopicService(content_dir, lambda: None)  # type: ignore[arg-type, return-value]
        service.load()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[len(times) // 2]


async def measure(label: str, content_dir: Path, calls: int) -> None:
    slugs = sorted(load_library(content_dir).library.topics)
    prefixes = sorted({slug.split("-")[0][:3] for slug in slugs} | {s[:5] for s in slugs[:50]})
    queries = ["cache ttl invalidation", "docker network localhost", "jwt token", "race lock"]
    with temp_dir() as tmp:
        bot = bench_bot(bench_settings(Path(tmp), content_dir=content_dir))
        async with simcord.run(bot) as env:
            pause_wall_clock_jobs(bot)
            world = build_world(env)
            alice = world.alice
            # One channel per 30-second repost window, so every /topic call posts publicly.
            channels = [world.guild.create_text_channel(f"c{i}") for i in range(40)]

            def channel_for(i: int) -> object:
                return channels[(i // len(slugs)) % len(channels)]

            noop = await timed("/noop (public)", lambda _: alice.slash(channels[0], "noop"), calls)
            noop_eph = await timed(
                "/noop-ephemeral", lambda _: alice.slash(channels[0], "noop-ephemeral"), calls
            )
            noop_ac = await timed(
                "noop autocomplete",
                lambda i: alice.autocomplete(channels[0], "noop-complete", "text", str(i)),
                calls,
            )
            topic = await timed(
                "/topic (public)",
                lambda i: alice.slash(channel_for(i), "topic", name=slugs[i % len(slugs)]),
                calls,
                warmup=0,
            )
            complete = await timed(
                "/topic autocomplete",
                lambda i: alice.autocomplete(
                    channels[0], "topic", "name", prefixes[i % len(prefixes)]
                ),
                calls,
            )
            search = await timed(
                "/search (ephemeral)",
                lambda i: alice.slash(channels[0], "search", query=queries[i % len(queries)]),
                calls,
            )
    report(
        f"Topics: {label} ({len(slugs)} topics)",
        [
            (noop, None),
            (noop_eph, None),
            (noop_ac, None),
            (topic, noop),
            (complete, noop_ac),
            (search, noop_eph),
        ],
    )
    print(f"load + validate + index {label}: {load_ms(content_dir):.0f} ms (median of 5)")


async def run(calls: int = 1000) -> None:
    shipped = ROOT / "content"
    await measure("shipped content", shipped, calls)
    with temp_dir() as tmp:
        generated = generate_content(Path(tmp) / "content", 2000)
        await measure("generated content", generated, calls)
