"""Full-text search objects that migrations create by hand and no model maps.

Each backend indexes Q&A text its own way: SQLite with one FTS5 document per thread (its
replies included) kept in sync by triggers, PostgreSQL with generated `tsvector` columns
on threads and messages and GIN indexes, plus `qa_thread_words` (which threads hold each
word in their replies) kept by triggers. SQLAlchemy has no
model type for either, so they live outside the models, and a schema comparison (Alembic's
autogenerate, the migration test) must leave them out rather than report them as drift.
Everything else still has to match the models exactly.
"""

from __future__ import annotations

from typing import Any

# FTS5 keeps each virtual table's index in shadow tables named after it.
FTS5_SHADOW_SUFFIXES = ("", "_data", "_idx", "_docsize", "_config", "_content")
SQLITE_FTS_TABLES = ("qa_thread_fts",)
SEARCH_VECTOR = "search_vector"
POSTGRES_SEARCH_COLUMNS = frozenset({("qa_threads", SEARCH_VECTOR), ("qa_messages", SEARCH_VECTOR)})

POSTGRES_SEARCH_TABLES = ("qa_thread_words",)

UNMAPPED_TABLES = frozenset(
    table + suffix for table in SQLITE_FTS_TABLES for suffix in FTS5_SHADOW_SUFFIXES
) | frozenset(POSTGRES_SEARCH_TABLES)
UNMAPPED_INDEXES = frozenset(f"ix_{table}_{column}" for table, column in POSTGRES_SEARCH_COLUMNS)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's `include_object` hook: False for search machinery found only in the database."""
    if not reflected or compare_to is not None:
        return True
    if type_ == "table":
        return name not in UNMAPPED_TABLES
    if type_ == "column":
        return (obj.table.name, name) not in POSTGRES_SEARCH_COLUMNS
    if type_ == "index":
        return name not in UNMAPPED_INDEXES
    return True
