"""`/qa forget-me`: one service that takes a member out of every table that names them.

Every column that holds a member's id or name is marked in `bot/db/models` (`MEMBER_ID`,
`MEMBER_NAME`); a test walks those marks, so a new one fails until it is handled here. Each
feature forgets its own tables (`<feature>/forget.py`); this service runs them together and
says what they did. Rows other members' work hangs on stay, with the member's id replaced
by `FORGOTTEN_MEMBER_ID`: those columns are `KEPT_WITH_PLACEHOLDER`, each with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.services.api.forget import ApiForgetCounts
from bot.services.api.forget import forget_member as forget_api
from bot.services.guide.forget import forget_member as forget_guide
from bot.services.nudges.forget import forget_member as forget_nudges
from bot.services.publishing.forget import forget_member as forget_web
from bot.services.qa.archive import ForgetReport, MessageArchive
from bot.services.reminders.forget import forget_member as forget_reminders
from bot.services.schedules.forget import forget_member as forget_schedules
from bot.services.sessions.forget import forget_hosting, forget_presence

KEPT_WITH_PLACEHOLDER: dict[str, str] = {
    "api_requests.requester_id": "the request is the work of its claimer and the board's",
    "api_requests.claimer_id": "a finished or blocked request keeps its history",
    "api_request_events.actor_id": "a request's history explains its status to the others",
    "api_contracts.author_id": "a contract is what both sides build to",
    "schedules.created_by": "a takeaway or announcement schedule is the server's",
    "study_sessions.created_by": "a session is the interested members' as much",
    "web_guilds.enabled_by": "putting a server on the web is the server's choice",
    "guide_notes.decided_by": "a mentor's decision on another member's note stays the guide's",
    "guide_note_revisions.edited_by": "a mentor's edit is part of another member's note",
}


@dataclass(frozen=True)
class MemberRecords:
    """What Nexus stores from one member, or what forgetting them did."""

    qa: ForgetReport
    reminders: int
    timezones: int
    helper_signups: int
    nudges: int
    session_records: int  # Interested and attendance
    public_names: int
    api: ApiForgetCounts
    # Guide suggestions and notes they wrote (with their history), and their Helpful marks.
    guide_notes: int
    guide_helpful: int
    # Kept, the member's id replaced: sessions, schedules and web consents they made.
    hosted: int

    @property
    def deleted_elsewhere(self) -> int:
        return (
            self.reminders + self.timezones + self.helper_signups + self.nudges
            + self.session_records + self.public_names + self.guide_notes + self.guide_helpful
        )  # fmt: skip

    @property
    def nothing(self) -> bool:
        return self.qa.nothing and not (self.deleted_elsewhere or self.api.total or self.hosted)


class MemberForgetting:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], archive: MessageArchive, clock: Clock
    ) -> None:
        self._sessions = sessions
        self._archive = archive
        self._clock = clock

    async def records_of(self, user_id: int) -> MemberRecords:
        """What forgetting the member would do, for the prompt before they confirm.

        It is the forgetting itself, rolled back: the prompt can't count differently from
        what the button then does."""
        qa = await self._archive.user_data(user_id)
        async with self._sessions() as session:
            try:
                return await self._forget_rest(session, user_id, qa)
            finally:
                await session.rollback()

    async def forget(self, user_id: int) -> MemberRecords:
        """Delete, or anonymise where others' work hangs on it, everything from one member."""
        async with self._sessions.begin() as session:
            rest = await self._forget_rest(session, user_id, await self._archive.user_data(user_id))
        # Q&A writes keep their one ordered queue: a message arriving meanwhile is either
        # stored before the deletion or refused after it, never left behind. (Its deletion
        # of public names finds none left: the web's part above counted them.)
        return replace(rest, qa=await self._archive.forget_user(user_id))

    async def _forget_rest(
        self, session: AsyncSession, user_id: int, qa: ForgetReport
    ) -> MemberRecords:
        reminders, timezones = await forget_reminders(session, user_id)
        helper_signups, nudges = await forget_nudges(session, user_id)
        session_records = await forget_presence(session, user_id)
        public_names, consents = await forget_web(session, user_id)
        api = await forget_api(session, user_id, self._clock())
        guide_notes, guide_helpful = await forget_guide(session, user_id)
        hosted = (
            await forget_hosting(session, user_id)
            + await forget_schedules(session, user_id)
            + consents
        )
        return MemberRecords(
            qa, reminders, timezones, helper_signups, nudges, session_records,
            public_names, api, guide_notes, guide_helpful, hosted,
        )  # fmt: skip
