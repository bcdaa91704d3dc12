"""API contracts: every version of the examples a request's two sides agreed on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import MEMBER_ID, Base
from bot.db.types import UTCDateTime


class ApiContractRow(Base):
    """One version of a request's contract. Versions count from 1 per request and are never
    changed afterwards: a change is a new row, so the thread's diffs can always be redone."""

    __tablename__ = "api_contracts"
    __table_args__ = (
        CheckConstraint("response_status BETWEEN 100 AND 599", name="response_status"),
        CheckConstraint("version >= 1", name="version"),
    )

    request_id: Mapped[int] = mapped_column(
        ForeignKey("api_requests.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # The examples as canonical JSON text (validated before they are stored), or None.
    request_example: Mapped[str | None] = mapped_column(Text)
    response_example: Mapped[str | None] = mapped_column(Text)
    response_status: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(String(1000))
    author_id: Mapped[int] = mapped_column(BigInteger, info=MEMBER_ID)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
