"""merge the feature branches (API requests, Q&A, schedules) into one head

Revision ID: 0005_merge_features
Revises: 0002_api_requests, 0003_qa, 0004_schedules
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0005_merge_features"
down_revision: str | Sequence[str] | None = ("0002_api_requests", "0003_qa", "0004_schedules")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
