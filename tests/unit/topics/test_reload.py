"""Reloading content: off the event loop, swapped whole, never half-valid, one at a time."""

from __future__ import annotations

import asyncio
import gc
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.knowledge import library as library_module
from bot.knowledge.library import LoadResult
from bot.services.topics import lookup
from bot.services.topics.lookup import TopicService
from tests.conftest import ROOT, FixedClock
from tests.content_builders import shipped_counts


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


@pytest.fixture
def service(content: Path) -> TopicService:
    topics = TopicService(content, FixedClock())
    topics.load()
    return topics


async def test_a_reload_of_invalid_content_keeps_the_old_library(
    service: TopicService, content: Path
) -> None:
    before = service.library
    (content / "topics" / "caching.md").write_text("no front matter")
    (content / "topics" / "brand-new.md").write_text("no front matter either")

    outcome = await service.reload()

    assert not outcome.loaded
    assert any("caching.md:1:" in str(p) for p in outcome.problems)
    assert service.library is before
    assert outcome.topics == len(before.topics)
    assert service.lookup("caching") == before.topics["caching"]


async def test_reload_picks_up_a_fixed_folder(service: TopicService, content: Path) -> None:
    python = content / "topics" / "python.md"
    python.write_text(python.read_text().replace("title: Python", "title: Py3"))

    outcome = await service.reload()

    assert outcome.loaded and outcome.topics == shipped_counts(content)[0]
    found = service.get("python")
    assert found is not None and found.title == "Py3"
    assert service.autocomplete("py3")[0].slug == "python"


async def test_reload_reads_the_folder_in_a_worker_thread_while_the_loop_runs(
    service: TopicService, monkeypatch: pytest.MonkeyPatch
) -> None:
    readers: list[threading.Thread] = []
    real = library_module.load_library

    def slow_load(content_dir: Path, **options: bool) -> LoadResult:
        readers.append(threading.current_thread())
        time.sleep(0.2)  # a big folder: it must not hold the event loop
        return real(content_dir, **options)

    monkeypatch.setattr(lookup, "load_library", slow_load)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    outcome = await service.reload()
    ticker.cancel()

    assert outcome.loaded
    assert readers and readers[0] is not threading.main_thread()
    assert ticks >= 5  # the loop kept running while the folder was read


async def test_concurrent_reloads_run_one_after_another(
    service: TopicService, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = 0
    most_inside = 0
    guard = threading.Lock()
    real = library_module.load_library

    def counting_load(content_dir: Path, **options: bool) -> LoadResult:
        nonlocal inside, most_inside
        with guard:
            inside += 1
            most_inside = max(most_inside, inside)
        time.sleep(0.05)
        try:
            return real(content_dir, **options)
        finally:
            with guard:
                inside -= 1

    monkeypatch.setattr(lookup, "load_library", counting_load)

    outcomes = await asyncio.gather(*(service.reload() for _ in range(3)))

    assert all(o.loaded for o in outcomes)
    assert most_inside == 1


async def test_lookups_during_a_reload_answer_from_the_old_library(
    service: TopicService, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (content / "topics" / "python.md").write_text(
        (content / "topics" / "python.md").read_text().replace("title: Python", "title: Py3")
    )
    started = threading.Event()
    release = threading.Event()
    real = library_module.load_library

    def held_load(content_dir: Path, *, editorial: bool = True) -> LoadResult:
        started.set()
        release.wait(5)
        return real(content_dir, editorial=editorial)

    monkeypatch.setattr(lookup, "load_library", held_load)
    reloading = asyncio.create_task(service.reload())
    assert await asyncio.to_thread(started.wait, 5)

    during = service.get("python")
    release.set()
    await reloading

    assert during is not None and during.title == "Python"
    after = service.get("python")
    assert after is not None and after.title == "Py3"


async def test_a_reload_builds_with_collections_paused_and_sets_the_library_aside(
    service: TopicService, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.set_aside_after_reload = True
    collecting_while_built: list[bool] = []
    read = service._read

    def watched_read() -> Any:
        collecting_while_built.append(gc.isenabled())
        return read()

    monkeypatch.setattr(service, "_read", watched_read)
    frozen_before = gc.get_freeze_count()
    try:
        outcome = await service.reload()
        assert outcome.loaded
        assert collecting_while_built == [False]
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen_before
    finally:
        gc.unfreeze()  # the test suite keeps collecting as usual


async def test_a_failed_reload_sets_nothing_aside(service: TopicService, content: Path) -> None:
    service.set_aside_after_reload = True
    (content / "topics" / "caching.md").write_text("no front matter")
    frozen_before = gc.get_freeze_count()
    try:
        outcome = await service.reload()
        assert not outcome.loaded
        assert gc.get_freeze_count() == frozen_before
        assert gc.isenabled()
    finally:
        gc.unfreeze()
