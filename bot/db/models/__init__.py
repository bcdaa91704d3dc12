"""Every table of Nexus. Import from here so Alembic sees the whole schema."""

from bot.db.models.api_contracts import ApiContractRow
from bot.db.models.api_requests import ApiRequestEventRow, ApiRequestRow, ApiRequestTally
from bot.db.models.base import Base
from bot.db.models.content import ContentVersion
from bot.db.models.guide import GuideHelpful, GuideNote, GuideNoteRevision
from bot.db.models.guild import CommandSyncState, GuildSettings
from bot.db.models.numbers import GuildNumber
from bot.db.models.qa import QACatchUp, QADraft, QAMessage, QAThread
from bot.db.models.reminders import HelperSignup, MemberTimezone
from bot.db.models.schedules import Schedule, ScheduleSlot, TakeawayRotation
from bot.db.models.sessions import (
    SessionAttendance,
    SessionInterest,
    SessionReminder,
    SessionReminderPart,
    StudySession,
)
from bot.db.models.web import MemberPrivacy, PublishedVersion, WebChannel, WebGuild

__all__ = [
    "ApiContractRow",
    "ApiRequestEventRow",
    "ApiRequestRow",
    "ApiRequestTally",
    "Base",
    "CommandSyncState",
    "ContentVersion",
    "GuideHelpful",
    "GuideNote",
    "GuideNoteRevision",
    "GuildNumber",
    "GuildSettings",
    "HelperSignup",
    "MemberPrivacy",
    "MemberTimezone",
    "PublishedVersion",
    "QACatchUp",
    "QADraft",
    "QAMessage",
    "QAThread",
    "Schedule",
    "ScheduleSlot",
    "SessionAttendance",
    "SessionInterest",
    "SessionReminder",
    "SessionReminderPart",
    "StudySession",
    "TakeawayRotation",
    "WebChannel",
    "WebGuild",
]
