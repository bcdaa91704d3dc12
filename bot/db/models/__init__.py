"""Every table of Nexus. Import from here so Alembic sees the whole schema."""

from bot.db.models.api_contracts import ApiContractRow
from bot.db.models.api_requests import ApiRequestEventRow, ApiRequestRow, ApiRequestTally
from bot.db.models.base import Base
from bot.db.models.guild import CommandSyncState, GuildSettings
from bot.db.models.qa import QADraft, QAMessage, QAThread
from bot.db.models.schedules import Schedule, ScheduleSlot, TakeawayRotation

__all__ = [
    "ApiContractRow",
    "ApiRequestEventRow",
    "ApiRequestRow",
    "ApiRequestTally",
    "Base",
    "CommandSyncState",
    "GuildSettings",
    "QADraft",
    "QAMessage",
    "QAThread",
    "Schedule",
    "ScheduleSlot",
    "TakeawayRotation",
]
