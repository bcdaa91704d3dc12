"""What stands in for a member who asked to be forgotten, where their record stays."""

from __future__ import annotations

# The largest BIGINT: no member has it (a snowflake that large would be minted in the 2150s),
# it fits every id column on both backends, and it is no small number a test gives a member.
# (0 already means Nexus itself in API request histories.)
FORGOTTEN_MEMBER_ID = 2**63 - 1
FORGOTTEN_MEMBER_TEXT = "a former member"


def mention(user_id: int) -> str:
    """How a stored text mentions a member (`<@id>`), to find and replace it."""
    return f"<@{user_id}>"
