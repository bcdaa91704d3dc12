"""A web hub on a real database, with builders for published and unpublished questions."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from bot.config import Settings
from bot.db.engine import Database
from bot.services.container import Services, build_services
from bot.services.qa.questions import QAThreadInfo
from bot.web.app import create_app
from bot.web.hub import Hub
from tests.conftest import FixedClock
from tests.qa_builders import ASKER, CHANNEL, GUILD, HELPER, QAWorld

PRIVATE_CHANNEL = 2001
OTHER_GUILD = 1001


async def healthy() -> dict[str, str]:
    return {"database": "ok"}


@dataclass
class HubWorld:
    services: Services
    qa: QAWorld

    def app(self, public_url: str | None = None) -> web.Application:
        return create_app(Hub(self.services, healthy, public_url))

    async def publish_guild(self, guild: int = GUILD, name: str = "ALX ProDev") -> None:
        await self.services.web_consent.enable(
            guild, name, by_user_id=ASKER, channels={CHANNEL: True, PRIVATE_CHANNEL: False}
        )

    async def solved(
        self,
        title: str = "How do I cache a Django view?",
        answer: str = "Use `cache_page` with a TTL.",
        *,
        channel: int = CHANNEL,
        guild: int = GUILD,
        question: str = "",
    ) -> QAThreadInfo:
        thread = await self.qa.thread(title, question, channel=channel, guild=guild)
        await self.qa.reply(thread, "Did you try Redis?", author=HELPER, after=30)
        await self.qa.solve(thread, answer, author=HELPER)
        return thread


def hub_world(settings: Settings, db: Database, clock: FixedClock) -> HubWorld:
    services = build_services(settings, db, clock)
    services.topics.load()
    return HubWorld(services, QAWorld(db, clock))
