"""Topic lookups: /topic, autocomplete and /search against the no-op baselines, and load time.

Run with the shipped content and with a generated folder of 2,000 topics. Each command keeps
the one regression guard (p99 at most 3x the no-op of its kind, reported, not a goal).
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
    temp_dir,
    timed,
    timing_table,
)
from bench.report import GUARD, REFERENCE, Goal, below, ratio_guard, table
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
SUMMARY = (
    "Topic lookups, all in memory: `/topic` (public), its autocomplete and `/search` "
    "(ephemeral), each as a multiple of the p99 of the no-op of the same kind measured in the "
    "same run, with the shipped content and with a generated folder of 2,000 topics; and the "
    "time to read, validate and index each folder, which start-up and `/nexus reload` do."
)
SHIPPED_LOAD_GOAL_MS = 300.0


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


async def measure(label: str, content_dir: Path, calls: int, *, shipped: bool) -> None:
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

    timing_table(
        f"Topics: {label} ({len(slugs)} topics)",
        [
            (noop, None, REFERENCE),
            (noop_eph, None, REFERENCE),
            (noop_ac, None, REFERENCE),
            (topic, noop, ratio_guard(noop.name)),
            (complete, noop_ac, ratio_guard(noop_ac.name)),
            (search, noop_eph, ratio_guard(noop_eph.name)),
        ],
    )
    loaded = load_ms(content_dir)
    goal: Goal = (
        below(SHIPPED_LOAD_GOAL_MS, f"< {SHIPPED_LOAD_GOAL_MS:.0f} ms") if shipped else GUARD
    )
    table(
        f"Loading {label}",
        ["measure", "median of 5, ms", "goal", "verdict"],
        [[f"load + validate + index {label}", f"{loaded:,.0f}", goal.text, goal.verdict(loaded)]],
    )


async def run(calls: int = 1000) -> None:
    shipped = ROOT / "content"
    await measure("shipped content", shipped, calls, shipped=True)
    with temp_dir() as tmp:
        generated = generate_content(Path(tmp) / "content", 2000)
        await measure("generated content", generated, calls, shipped=False)
