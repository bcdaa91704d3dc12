"""qa thread words: on PostgreSQL, which threads hold each word, in their own text or replies

A search matches a thread when every word is somewhere in it. PostgreSQL found the threads
holding a word by reading every thread and message with that word from the heap (about
2,500 rows for a common word): most of a search's time. `qa_thread_words` keeps one row
per (lexeme, thread, whether in the thread's own text) instead, so matching is an
index-only scan. Statement triggers keep it in step: new messages add their lexemes (one
INSERT per statement, so a batch of messages costs one); edited or deleted messages
rebuild their threads' reply words from the messages left; a thread's own words follow
its title, question and answer. The lexemes come from the generated `search_vector`
columns, so they are what `@@` would match. SQLite needs none of this: a thread's replies
are in its FTS5 document (0011).

Revision ID: 0012_thread_words
Revises: 0011_thread_search
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012_thread_words"
down_revision: str | Sequence[str] | None = "0011_thread_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _words_of(rows: str, own: bool) -> str:
    """SQL: the distinct (word, thread_id, own) rows of `rows` (threads or messages)."""
    return f"""INSERT INTO qa_thread_words (word, thread_id, own)
        SELECT DISTINCT lexeme, thread_id, {str(own).lower()}
        FROM {rows} AS r, unnest(r.search_vector) AS words (lexeme)"""


def _rebuild(own: bool, threads: str) -> str:
    """plpgsql: one part of the words of `threads` again, from what they hold now."""
    source = "qa_threads" if own else "qa_messages"
    return f"""
        DELETE FROM qa_thread_words
        WHERE own = {str(own).lower()} AND thread_id IN ({threads});
        {_words_of(source, own)} WHERE r.thread_id IN ({threads})
        ON CONFLICT DO NOTHING;"""


def _function(name: str, body: str) -> str:
    return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {body}
        RETURN NULL;
    END $$"""


def _trigger(table: str, event: str, transitions: str) -> str:
    function = f"{table}_words_{event.lower()}"
    return f"""CREATE TRIGGER {function} AFTER {event} ON {table}
        REFERENCING {transitions} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"""


# Transition tables can't go with a column list (`UPDATE OF content`), so the update
# triggers look for what changed themselves.
_CHANGED_THREADS = """SELECT n.thread_id FROM new_rows AS n JOIN old_rows AS o USING (thread_id)
            WHERE n.search_vector IS DISTINCT FROM o.search_vector"""
_EDITED_MESSAGES = """SELECT n.thread_id FROM new_rows AS n JOIN old_rows AS o USING (message_id)
            WHERE n.search_vector IS DISTINCT FROM o.search_vector"""

UP = [
    """CREATE TABLE qa_thread_words (
        word text NOT NULL,
        thread_id bigint NOT NULL,
        own boolean NOT NULL,
        CONSTRAINT pk_qa_thread_words PRIMARY KEY (word, thread_id, own))""",
    _words_of("qa_threads", True),
    _words_of("qa_messages", False),
    _function(
        "qa_threads_words_insert",
        f"\n        {_words_of('new_rows', True)}\n        ON CONFLICT DO NOTHING;",
    ),
    _function("qa_threads_words_update", _rebuild(True, _CHANGED_THREADS)),
    _function(
        "qa_threads_words_delete",
        """
        DELETE FROM qa_thread_words WHERE thread_id IN (SELECT thread_id FROM old_rows);""",
    ),
    _function(
        "qa_messages_words_insert",
        f"\n        {_words_of('new_rows', False)}\n        ON CONFLICT DO NOTHING;",
    ),
    _function("qa_messages_words_update", _rebuild(False, _EDITED_MESSAGES)),
    _function("qa_messages_words_delete", _rebuild(False, "SELECT thread_id FROM old_rows")),
    *(
        _trigger(table, "INSERT", "NEW TABLE AS new_rows")
        for table in ("qa_threads", "qa_messages")
    ),
    *(
        _trigger(table, "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows")
        for table in ("qa_threads", "qa_messages")
    ),
    *(
        _trigger(table, "DELETE", "OLD TABLE AS old_rows")
        for table in ("qa_threads", "qa_messages")
    ),
]

_TRIGGERS = [
    (table, event)
    for table in ("qa_threads", "qa_messages")
    for event in ("insert", "update", "delete")
]
DOWN = [
    *(f"DROP TRIGGER {table}_words_{event} ON {table}" for table, event in _TRIGGERS),
    *(f"DROP FUNCTION {table}_words_{event}()" for table, event in _TRIGGERS),
    "DROP TABLE qa_thread_words",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in DOWN:
            op.execute(statement)
