"""qa thread search: on SQLite, a thread is one search document, its replies included

A thread matches a search when every word is anywhere in it (title, question, answer or
any reply). On SQLite the thread's one FTS5 document now holds its replies too: a regular
FTS5 table (it keeps its own copy of the text, so `qa_threads` rows stay narrow), kept in
step by triggers on `qa_threads` and `qa_messages`. The per-message index is gone:
matching one message at a time missed threads whose words were spread over messages, and
mapping thousands of matching messages to their threads was most of a common word's cost.
PostgreSQL keeps its per-thread and per-message `tsvector` columns and matches threads
word by word instead (see `bot/services/qa/fulltext.py`): rewriting a thread's whole
vector on every message would re-index all its words each time.

Revision ID: 0011_thread_search
Revises: 0010_api_contracts
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011_thread_search"
down_revision: str | Sequence[str] | None = "0010_api_contracts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A thread's replies are searched up to this many characters: it bounds the work of each
# new message, which indexes the thread's document again.
REPLIES_MAX = 100_000
TOKENIZE = "porter unicode61 remove_diacritics 2"


def _replies_of(thread: str) -> str:
    """SQL: the text of a thread's replies, oldest first, as the document holds it."""
    return f"""substr(coalesce((SELECT group_concat(content, char(10)) FROM (
        SELECT content FROM qa_messages WHERE thread_id = {thread}
        ORDER BY created_at, message_id)), ''), 1, {REPLIES_MAX})"""


UP = [
    *(f"DROP TRIGGER IF EXISTS qa_messages_fts_{e}" for e in ("insert", "delete", "update")),
    "DROP TABLE IF EXISTS qa_message_fts",
    *(f"DROP TRIGGER IF EXISTS qa_threads_fts_{e}" for e in ("insert", "delete", "update")),
    "DROP TABLE IF EXISTS qa_thread_fts",
    f"""CREATE VIRTUAL TABLE qa_thread_fts USING fts5(
        title, question, answer_text, replies, tokenize='{TOKENIZE}')""",
    f"""INSERT INTO qa_thread_fts(rowid, title, question, answer_text, replies)
        SELECT thread_id, title, question, coalesce(answer_text, ''),
               {_replies_of("qa_threads.thread_id")}
        FROM qa_threads""",
    """CREATE TRIGGER qa_threads_fts_insert AFTER INSERT ON qa_threads BEGIN
        INSERT INTO qa_thread_fts(rowid, title, question, answer_text, replies)
        VALUES (new.thread_id, new.title, new.question, coalesce(new.answer_text, ''), '');
    END""",
    """CREATE TRIGGER qa_threads_fts_delete AFTER DELETE ON qa_threads BEGIN
        DELETE FROM qa_thread_fts WHERE rowid = old.thread_id;
    END""",
    """CREATE TRIGGER qa_threads_fts_update
    AFTER UPDATE OF title, question, answer_text ON qa_threads BEGIN
        UPDATE qa_thread_fts SET title = new.title, question = new.question,
            answer_text = coalesce(new.answer_text, '')
        WHERE rowid = new.thread_id;
    END""",
    # A new message is appended (messages arrive in order); an edit or a deletion
    # rebuilds the replies from the messages as they are now.
    f"""CREATE TRIGGER qa_messages_fts_insert AFTER INSERT ON qa_messages BEGIN
        UPDATE qa_thread_fts SET replies = CASE
            WHEN replies = '' THEN substr(new.content, 1, {REPLIES_MAX})
            ELSE substr(replies || char(10) || new.content, 1, {REPLIES_MAX}) END
        WHERE rowid = new.thread_id AND length(replies) < {REPLIES_MAX};
    END""",
    f"""CREATE TRIGGER qa_messages_fts_update AFTER UPDATE OF content ON qa_messages BEGIN
        UPDATE qa_thread_fts SET replies = {_replies_of("new.thread_id")}
        WHERE rowid = new.thread_id;
    END""",
    f"""CREATE TRIGGER qa_messages_fts_delete AFTER DELETE ON qa_messages BEGIN
        UPDATE qa_thread_fts SET replies = {_replies_of("old.thread_id")}
        WHERE rowid = old.thread_id;
    END""",
]

# Back to 0003's shape: external-content documents of threads and of messages.
DOWN = [
    *(f"DROP TRIGGER IF EXISTS qa_messages_fts_{e}" for e in ("insert", "delete", "update")),
    *(f"DROP TRIGGER IF EXISTS qa_threads_fts_{e}" for e in ("insert", "delete", "update")),
    "DROP TABLE IF EXISTS qa_thread_fts",
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
    "INSERT INTO qa_thread_fts(qa_thread_fts) VALUES ('rebuild')",
    "INSERT INTO qa_message_fts(qa_message_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in DOWN:
            op.execute(statement)
