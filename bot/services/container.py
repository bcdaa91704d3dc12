"""The one typed container through which cogs and tests reach every service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database
from bot.services.api.contracts import ApiContractService
from bot.services.api.mock import ApiMock
from bot.services.api.requests import ApiRequestService
from bot.services.command_sync import CommandSyncLedger
from bot.services.guild_settings import GuildSettingsService
from bot.services.qa.archive import MessageArchive
from bot.services.qa.questions import QAService
from bot.services.qa.search import QASearch
from bot.services.qa.stats import QAStats
from bot.services.rate_limits import WriteRateLimiter
from bot.services.records import RecordCounts
from bot.services.schedules.book import ScheduleBook
from bot.services.schedules.delivery import TakeawayService
from bot.services.schedules.rotation import TakeawayRotationService
from bot.services.topics.lookup import TopicService


@dataclass(frozen=True)
class Services:
    guild_settings: GuildSettingsService
    rate_limits: WriteRateLimiter
    records: RecordCounts
    command_sync: CommandSyncLedger
    topics: TopicService
    takeaways: TakeawayService
    qa: QAService
    qa_archive: MessageArchive
    qa_search: QASearch
    qa_stats: QAStats
    api_requests: ApiRequestService
    api_contracts: ApiContractService
    api_mock: ApiMock


def build_services(settings: Settings, db: Database, clock: Clock) -> Services:
    topics = TopicService(settings.content_dir, clock)
    rotation = TakeawayRotationService(db.sessions, lambda: topics.library)
    return Services(
        guild_settings=GuildSettingsService(db.sessions, clock),
        rate_limits=WriteRateLimiter(settings.write_rate, clock),
        records=RecordCounts(db.sessions),
        command_sync=CommandSyncLedger(db.sessions, clock),
        topics=topics,
        takeaways=TakeawayService(
            db.sessions,
            ScheduleBook(db.sessions, clock, settings.timezone),
            rotation,
            catchup=timedelta(minutes=settings.catchup_minutes),
        ),
        qa=QAService(db.sessions, clock),
        qa_archive=MessageArchive(db.sessions, clock),
        qa_search=QASearch(db.sessions, clock),
        qa_stats=QAStats(db.sessions, clock),
        api_requests=ApiRequestService(db.sessions, clock),
        api_contracts=ApiContractService(db.sessions, clock),
        api_mock=ApiMock(db.sessions, web_enabled=web_hub_not_wired),
    )


async def web_hub_not_wired(guild_id: int) -> bool:
    """The mock's `GuildGate` until the web hub (issue 13) passes its per-guild "web enabled"
    flag here: no guild has a mock before a guild can turn the web on."""
    return False
