"""A running bot keeps what lives as long as it out of full garbage collections."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.app import NexusBot, create_bot
from bot.config import Settings
from tests.conftest import World


@pytest.fixture
def simcord_bot(settings: Settings) -> Iterator[NexusBot]:
    bot = create_bot(settings)
    bot.sets_aside_heap = True  # as `python -m bot run` does
    yield bot
    gc.unfreeze()  # the rest of the suite collects as usual


async def test_once_caught_up_the_bot_sets_its_objects_aside_and_reloads_do_too(
    world: World,
) -> None:
    await world.env.settle()

    assert gc.get_freeze_count() > 0
    assert world.bot.services.topics.set_aside_after_reload


def test_a_bot_made_for_tests_sets_nothing_aside(settings: Settings) -> None:
    assert not create_bot(settings).sets_aside_heap
