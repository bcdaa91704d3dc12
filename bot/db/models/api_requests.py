"""API requests: endpoints frontend learners ask for and backend learners deliver."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import MEMBER_ID, Base
from bot.db.types import UTCDateTime
from bot.services.api.status import FINAL_STATUSES, ApiStatus, HttpMethod


def _one_of(column: str, values: type[StrEnum], *, nullable: bool = False) -> str:
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return f"{column} IN ({allowed})" + (f" OR {column} IS NULL" if nullable else "")


# Only one request that is not final may exist per (guild, method, path shape): the index
# backs up the service's friendly duplicate check when two members race. Queries use the
# same literal condition, so SQLite and PostgreSQL can answer them from this partial index.
NOT_FINAL_SQL = f"status NOT IN ({', '.join(repr(s.value) for s in FINAL_STATUSES)})"


class ApiRequestRow(Base):
    """One requested endpoint. `number` is per guild and shown as `API-<number>`."""

    __tablename__ = "api_requests"
    __table_args__ = (
        CheckConstraint(_one_of("status", ApiStatus), name="status"),
        CheckConstraint(_one_of("blocked_from", ApiStatus, nullable=True), name="blocked_from"),
        CheckConstraint(_one_of("method", HttpMethod), name="method"),
        Index("ix_api_requests_guild_id_number", "guild_id", "number", unique=True),
        Index("ix_api_requests_guild_id_status_number", "guild_id", "status", "number"),
        Index("ix_api_requests_guild_id_requester_id", "guild_id", "requester_id"),
        Index("ix_api_requests_guild_id_claimer_id", "guild_id", "claimer_id"),
        Index(
            "uq_api_requests_open_route",
            "guild_id",
            "method",
            "path_shape",
            unique=True,
            sqlite_where=text(NOT_FINAL_SQL),
            postgresql_where=text(NOT_FINAL_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    number: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(200))
    # The path with parameter names blanked (`/listings/{}`): `{id}` and `{listing_id}` in
    # the same place are the same endpoint to OpenAPI, so duplicates compare shapes.
    path_shape: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(100))
    details: Mapped[str | None] = mapped_column(String(1500))
    requester_id: Mapped[int] = mapped_column(BigInteger, info=MEMBER_ID)
    claimer_id: Mapped[int | None] = mapped_column(BigInteger, info=MEMBER_ID)
    status: Mapped[str] = mapped_column(String(16))
    # The status a blocked request returns to when it is unblocked.
    blocked_from: Mapped[str | None] = mapped_column(String(16))
    # Bumped by every change: a change applies only to the revision it was decided on.
    revision: Mapped[int] = mapped_column(Integer)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # The current version of the request's contract (0: none yet); `api_contracts` holds
    # every version. Bumped by one conditional UPDATE, so two edits never share a number.
    contract_version: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApiRequestEventRow(Base):
    """One change of a request: who moved it from which status to which, and why.

    The creation is not stored here: the request row says who asked and when."""

    __tablename__ = "api_request_events"
    __table_args__ = (Index("ix_api_request_events_request_id_id", "request_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("api_requests.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(BigInteger, info=MEMBER_ID)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(500))
    # Set when the change was a new contract version (the status then stays the same).
    contract_version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApiRequestTally(Base):
    """Per guild: the last request number handed out, and how many requests are in each
    status. Kept in step by every write, so lists and the board never count 10,000 rows."""

    __tablename__ = "api_request_tallies"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer)
    open_count: Mapped[int] = mapped_column(Integer, server_default="0")
    claimed_count: Mapped[int] = mapped_column(Integer, server_default="0")
    in_progress_count: Mapped[int] = mapped_column(Integer, server_default="0")
    ready_count: Mapped[int] = mapped_column(Integer, server_default="0")
    done_count: Mapped[int] = mapped_column(Integer, server_default="0")
    blocked_count: Mapped[int] = mapped_column(Integer, server_default="0")
    rejected_count: Mapped[int] = mapped_column(Integer, server_default="0")


def tally_column(status: ApiStatus) -> str:
    """The `ApiRequestTally` column counting requests in `status`."""
    return f"{status.value}_count"
