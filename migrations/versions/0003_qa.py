"""qa: threads, their messages, drafts, and full-text search on each backend

Revision ID: 0003_qa
Revises: 0001_foundation
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision: str = "0003_qa"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Discord ids as keys; on SQLite an INTEGER PRIMARY KEY is the rowid (one B-tree, not two).
SNOWFLAKE_KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# SQLite: FTS5 tables whose content lives in the real tables (external content), kept in
# step by triggers. Porter stemming makes "caching" find "cache", like PostgreSQL's english.
TOKENIZE = "porter unicode61 remove_diacritics 2"
SQLITE_UP = [
    f"""CREATE VIRTUAL TABLE qa_thread_fts USING fts5(
        title, question, answer_text,
        content='qa_threads', content_rowid='thread_id', tokenize='{TOKENIZE}')""",
    f"""CREATE VIRTUAL TABLE qa_message_fts USING fts5(
        content, content='qa_messages', content_rowid='message_id', tokenize='{TOKENIZE}')""",
    """CREATE TRIGGER qa_threads_fts_insert AFTER INSERT ON qa_threads BEGIN
        INSERT INTO qa_thread_fts(rowid, title, question, answer_text)
        VALUES (new.thread_id, new.title, new.question, new.answer_text);
    END""",
    """CREATE TRIGGER qa_threads_fts_delete AFTER DELETE ON qa_threads BEGIN
        INSERT INTO qa_thread_fts(qa_thread_fts, rowid, title, question, answer_text)
        VALUES ('delete', old.thread_id, old.title, old.question, old.answer_text);
    END""",
    """CREATE TRIGGER qa_threads_fts_update
    AFTER UPDATE OF title, question, answer_text ON qa_threads BEGIN
        INSERT INTO qa_thread_fts(qa_thread_fts, rowid, title, question, answer_text)
        VALUES ('delete', old.thread_id, old.title, old.question, old.answer_text);
        INSERT INTO qa_thread_fts(rowid, title, question, answer_text)
        VALUES (new.thread_id, new.title, new.question, new.answer_text);
    END""",
    """CREATE TRIGGER qa_messages_fts_insert AFTER INSERT ON qa_messages BEGIN
        INSERT INTO qa_message_fts(rowid, content) VALUES (new.message_id, new.content);
    END""",
    """CREATE TRIGGER qa_messages_fts_delete AFTER DELETE ON qa_messages BEGIN
        INSERT INTO qa_message_fts(qa_message_fts, rowid, content)
        VALUES ('delete', old.message_id, old.content);
    END""",
    """CREATE TRIGGER qa_messages_fts_update AFTER UPDATE OF content ON qa_messages BEGIN
        INSERT INTO qa_message_fts(qa_message_fts, rowid, content)
        VALUES ('delete', old.message_id, old.content);
        INSERT INTO qa_message_fts(rowid, content) VALUES (new.message_id, new.content);
    END""",
]
SQLITE_DOWN = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_fts_{event}"
        for table in ("qa_threads", "qa_messages")
        for event in ("insert", "delete", "update")
    ),
    "DROP TABLE IF EXISTS qa_message_fts",
    "DROP TABLE IF EXISTS qa_thread_fts",
]

# PostgreSQL: generated tsvector columns (always in step, no triggers) with GIN indexes.
# The weight letters say where a word was: A title, B question, C answer, D other message.
POSTGRES_UP = [
    """ALTER TABLE qa_threads ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', question), 'B')
        || setweight(to_tsvector('english', coalesce(answer_text, '')), 'C')) STORED""",
    "CREATE INDEX ix_qa_threads_search_vector ON qa_threads USING gin (search_vector)",
    """ALTER TABLE qa_messages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', content), 'D')) STORED""",
    "CREATE INDEX ix_qa_messages_search_vector ON qa_messages USING gin (search_vector)",
]


def upgrade() -> None:
    op.create_table(
        "qa_threads",
        sa.Column("thread_id", SNOWFLAKE_KEY, autoincrement=False, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("parent_channel_id", sa.BigInteger(), nullable=False),
        sa.Column("starter_message_id", sa.BigInteger(), nullable=False),
        sa.Column("asker_id", sa.BigInteger(), nullable=False),
        sa.Column("asker_name", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("topic_slug", sa.String(length=60), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("solved_at", UTCDateTime(), nullable=True),
        sa.Column("answer_message_id", sa.BigInteger(), nullable=True),
        sa.Column("answer_author_id", sa.BigInteger(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer_text", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("thread_id", name=op.f("pk_qa_threads")),
    )
    op.create_index(
        op.f("ix_qa_threads_guild_id_created_at"), "qa_threads", ["guild_id", "created_at"]
    )
    op.create_index(op.f("ix_qa_threads_parent_channel_id"), "qa_threads", ["parent_channel_id"])
    op.create_index(op.f("ix_qa_threads_asker_id"), "qa_threads", ["asker_id"])
    op.create_index(op.f("ix_qa_threads_answer_author_id"), "qa_threads", ["answer_author_id"])
    op.create_table(
        "qa_messages",
        sa.Column("message_id", SNOWFLAKE_KEY, autoincrement=False, nullable=False),
        sa.Column("thread_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("author_name", sa.String(length=100), nullable=False),
        sa.Column("reply_to_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("edited_at", UTCDateTime(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["qa_threads.thread_id"],
            name=op.f("fk_qa_messages_thread_id_qa_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_qa_messages")),
    )
    op.create_index(
        op.f("ix_qa_messages_thread_id_created_at"), "qa_messages", ["thread_id", "created_at"]
    )
    op.create_index(op.f("ix_qa_messages_author_id"), "qa_messages", ["author_id"])
    op.create_table(
        "qa_drafts",
        sa.Column("draft_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("asker_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("topic_slug", sa.String(length=60), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("draft_id", name=op.f("pk_qa_drafts")),
    )
    op.create_index(op.f("ix_qa_drafts_asker_id"), "qa_drafts", ["asker_id"])

    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    # PostgreSQL's search columns and their indexes go with their tables.
    op.drop_index(op.f("ix_qa_drafts_asker_id"), table_name="qa_drafts")
    op.drop_table("qa_drafts")
    op.drop_index(op.f("ix_qa_messages_author_id"), table_name="qa_messages")
    op.drop_index(op.f("ix_qa_messages_thread_id_created_at"), table_name="qa_messages")
    op.drop_table("qa_messages")
    op.drop_index(op.f("ix_qa_threads_answer_author_id"), table_name="qa_threads")
    op.drop_index(op.f("ix_qa_threads_asker_id"), table_name="qa_threads")
    op.drop_index(op.f("ix_qa_threads_parent_channel_id"), table_name="qa_threads")
    op.drop_index(op.f("ix_qa_threads_guild_id_created_at"), table_name="qa_threads")
    op.drop_table("qa_threads")
