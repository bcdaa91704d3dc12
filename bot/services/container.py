"""The one typed container through which cogs and tests reach every service."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database
from bot.services.api_requests import ApiRequestService
from bot.services.command_sync import CommandSyncLedger
from bot.services.guild_settings import GuildSettingsService
from bot.services.rate_limits import WriteRateLimiter
from bot.services.records import RecordCounts
from bot.services.topics import TopicService


@dataclass(frozen=True)
class Services:
    guild_settings: GuildSettingsService
    rate_limits: WriteRateLimiter
    records: RecordCounts
    command_sync: CommandSyncLedger
    topics: TopicService
    api_requests: ApiRequestService


def build_services(settings: Settings, db: Database, clock: Clock) -> Services:
    return Services(
        guild_settings=GuildSettingsService(db.sessions, clock),
        rate_limits=WriteRateLimiter(settings.write_rate, clock),
        records=RecordCounts(db.sessions),
        command_sync=CommandSyncLedger(db.sessions, clock),
        topics=TopicService(settings.content_dir, clock),
        api_requests=ApiRequestService(db.sessions, clock),
    )
