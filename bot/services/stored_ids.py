"""Which numbers a member types can name a stored row: one rule for every id option.

Discord lets an integer option carry up to 2^53 - 1, but schedule ids and request numbers
are 32-bit INTEGER columns: PostgreSQL refuses a bigger parameter outright (asyncpg raises
before the query runs) where SQLite simply finds nothing. A number outside the column's
range cannot name anything, so services answer it as NotFound without asking the database.
"""

from __future__ import annotations

INTEGER_ID_MAX = 2**31 - 1  # the largest value of a 32-bit INTEGER column


def can_exist(stored_id: int) -> bool:
    """Whether `stored_id` could be the id (or number) of a row: 1 to INTEGER_ID_MAX."""
    return 1 <= stored_id <= INTEGER_ID_MAX
