from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class ContentVersion(Base):
    """How many times the bot has reloaded its content (`/nexus reload`).

    A hub in another process (`python -m bot web`) polls this one row and reloads its own
    CONTENT_DIR when the number moves, so a reload reaches replicas it never signals.
    """

    __tablename__ = "content_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    reloaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
