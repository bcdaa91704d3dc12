from __future__ import annotations

import pytest

from bot.services.topics.lookup import TopicService
from tests.conftest import ROOT, FixedClock


@pytest.fixture(scope="module")
def service() -> TopicService:
    """The topic service over the shipped content."""
    topics = TopicService(ROOT / "content", FixedClock())
    topics.load()
    return topics
