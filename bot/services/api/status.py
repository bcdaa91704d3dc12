"""The words of an API request: where it is in its workflow, and its HTTP method.

They are domain values; the database models import them, never the other way round.
"""

from __future__ import annotations

from enum import StrEnum


class ApiStatus(StrEnum):
    """Where a request is in its workflow; the stored value is the enum value."""

    OPEN = "open"
    CLAIMED = "claimed"
    IN_PROGRESS = "in_progress"
    READY = "ready"
    DONE = "done"
    BLOCKED = "blocked"
    REJECTED = "rejected"


class HttpMethod(StrEnum):
    GET = "GET"
    POST = "POST"
    PUT = "PUT"
    PATCH = "PATCH"
    DELETE = "DELETE"


FINAL_STATUSES = (ApiStatus.DONE, ApiStatus.REJECTED)


NEXUS_ACTOR_ID = 0  # history events Nexus itself made (a quiet claim released)
QUIET_RELEASABLE = (ApiStatus.CLAIMED, ApiStatus.IN_PROGRESS)
