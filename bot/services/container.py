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
from bot.services.content_version import ContentVersions
from bot.services.guide.published import PublishedNotes
from bot.services.guide.service import GuideService
from bot.services.guild_settings import GuildSettingsService
from bot.services.nudges.helpers import HelperRoster
from bot.services.nudges.sweep import NudgeSweep
from bot.services.privacy.forget import MemberForgetting
from bot.services.publishing.consent import WebConsent
from bot.services.publishing.privacy import MemberPrivacyService
from bot.services.publishing.versions import PublishedVersions
from bot.services.qa.archive import MessageArchive
from bot.services.qa.backfill import QABackfill
from bot.services.qa.published import PublishedQuestions
from bot.services.qa.questions import QAService
from bot.services.qa.search import QASearch
from bot.services.qa.stats import QAStats
from bot.services.rate_limits import WriteRateLimiter
from bot.services.records import RecordCounts
from bot.services.reminders.service import ReminderService
from bot.services.schedules.book import ScheduleBook
from bot.services.schedules.delivery import TakeawayService
from bot.services.schedules.rotation import TakeawayRotationService
from bot.services.sessions.presence import SessionPresence
from bot.services.sessions.reminders import SessionReminders
from bot.services.sessions.running import SessionRuns
from bot.services.sessions.service import SessionService
from bot.services.topics.lookup import TopicService


@dataclass(frozen=True)
class Services:
    guild_settings: GuildSettingsService
    rate_limits: WriteRateLimiter
    records: RecordCounts
    command_sync: CommandSyncLedger
    topics: TopicService
    content_versions: ContentVersions
    takeaways: TakeawayService
    qa: QAService
    qa_archive: MessageArchive
    qa_backfill: QABackfill
    qa_search: QASearch
    qa_stats: QAStats
    api_requests: ApiRequestService
    web_consent: WebConsent
    privacy: MemberPrivacyService
    forgetting: MemberForgetting
    published: PublishedQuestions
    reminders: ReminderService
    helpers: HelperRoster
    nudges: NudgeSweep
    sessions: SessionService
    session_presence: SessionPresence
    session_reminders: SessionReminders
    session_runs: SessionRuns
    api_contracts: ApiContractService
    api_mock: ApiMock
    guide: GuideService
    published_notes: PublishedNotes
    published_versions: PublishedVersions


def build_services(settings: Settings, db: Database, clock: Clock) -> Services:
    topics = TopicService(settings.content_dir, clock)
    rotation = TakeawayRotationService(db.sessions, lambda: topics.library)
    archive = MessageArchive(db.sessions, clock)
    qa_search = QASearch(db.sessions, clock, lambda: topics.library)
    guild_settings = GuildSettingsService(db.sessions, clock)
    book = ScheduleBook(db.sessions, clock, settings.timezone, guild_settings)
    api_requests = ApiRequestService(db.sessions, clock)
    catchup = timedelta(minutes=settings.catchup_minutes)
    sessions = SessionService(db.sessions, clock, topics, settings.timezone, guild_settings)
    presence = SessionPresence(db.sessions)
    runs = SessionRuns(db.sessions, sessions, presence)
    consent = WebConsent(db.sessions, clock)
    return Services(
        guild_settings=guild_settings,
        rate_limits=WriteRateLimiter(settings.write_rate, clock),
        records=RecordCounts(db.sessions),
        command_sync=CommandSyncLedger(db.sessions, clock),
        topics=topics,
        content_versions=ContentVersions(db.sessions, clock),
        takeaways=TakeawayService(
            db.sessions,
            book,
            rotation,
            catchup=catchup,
        ),
        qa=QAService(db.sessions, clock),
        qa_archive=archive,
        qa_backfill=QABackfill(db.sessions, archive),
        qa_search=qa_search,
        qa_stats=QAStats(db.sessions, clock),
        api_requests=api_requests,
        web_consent=consent,
        privacy=MemberPrivacyService(db.sessions, clock),
        forgetting=MemberForgetting(db.sessions, archive, clock),
        published=PublishedQuestions(db.sessions, clock, qa_search),
        reminders=ReminderService(db.sessions, book, guild_settings),
        helpers=HelperRoster(db.sessions),
        nudges=NudgeSweep(
            db.sessions,
            guild_settings,
            lambda slug: topic.category if (topic := topics.library.topics.get(slug)) else None,
            catchup=catchup,
            release=api_requests.release_quiet,
        ),
        sessions=sessions,
        session_presence=presence,
        session_reminders=SessionReminders(db.sessions, sessions, presence, catchup, runs),
        session_runs=runs,
        api_contracts=ApiContractService(db.sessions, clock),
        api_mock=ApiMock(db.sessions, web_enabled=consent.is_enabled),
        guide=GuideService(db.sessions, clock, topics),
        published_notes=PublishedNotes(db.sessions, lambda slug: topics.get(slug) is not None),
        published_versions=PublishedVersions(db.sessions),
    )
