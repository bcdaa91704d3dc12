"""`python -m bot notes export` writes files that `python -m bot check` accepts; a broken
note file is refused, named by its path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.db.engine import Database
from bot.knowledge.library import load_library
from bot.services.guide.export import export_notes
from bot.web.user_text import in_words
from tests.conftest import FixedClock
from tests.content_builders import valid_pair
from tests.qa_builders import GUILD
from tests.unit.test_cli import run
from tests.web.guide_world import AUTHOR, Source, add_note, delete_notes_of
from tests.web.hub_world import OTHER_GUILD, PRIVATE_CHANNEL

GOOD_NOTE = """---
topic: alpha
title: A good note
author: a learner
source: https://discord.com/channels/1/2/3
approved_by: a mentor
approved_at: 2026-03-02 09:00:00+00:00
---
Some text worth keeping.
"""


async def exported(db: Database, content: Path, guild_id: int | None = None) -> Path:
    await export_notes(
        db.sessions,
        content / "notes",
        words=in_words,
        topic_exists={"alpha", "beta"}.__contains__,
        guild_id=guild_id,
    )
    return content / "notes"


async def published(db: Database) -> None:
    from bot.services.publishing.consent import WebConsent

    consent = WebConsent(db.sessions, FixedClock())
    await consent.enable(GUILD, "ALX", by_user_id=1, channels={2000: True, PRIVATE_CHANNEL: False})


async def test_exported_notes_pass_the_check_and_a_second_run_changes_nothing(
    tmp_path: Path, migrated: Database, clock: FixedClock
) -> None:
    content = valid_pair(tmp_path / "content")
    await published(migrated)
    first = await add_note(migrated, clock.now, topic="alpha", text="Thanks <@9>: use a TTL.")
    await add_note(migrated, clock.now, topic="beta", source=Source())
    await add_note(
        migrated, clock.now, topic="alpha", title="Private", source=Source(2001, 5, 2001)
    )
    await add_note(migrated, clock.now, topic="alpha", title="Elsewhere", guild=OTHER_GUILD)
    await add_note(migrated, clock.now, topic="gone-topic", title="Topic gone")

    folder = await exported(migrated, content)
    files = sorted(p.name for p in folder.glob("*.md"))
    assert files == [f"{GUILD}-{first}.md", f"{GUILD}-{first + 1}.md"]
    text = (folder / f"{GUILD}-{first}.md").read_text()
    assert text.startswith("---\ntopic: alpha\ntitle: Cache a view for a minute\n")
    assert "author: a learner\nsource: null\napproved_by: a mentor\n" in text
    assert "approved_at: 2026-03-02 09:00:00+00:00\n---\nThanks @a learner: use a TTL.\n" in text
    assert load_library(content).ok, [str(p) for p in load_library(content).problems]

    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.md")}
    outcome = await export_notes(
        migrated.sessions, folder, words=in_words, topic_exists={"alpha", "beta"}.__contains__
    )
    assert (outcome.written, outcome.unchanged, outcome.removed) == (0, 2, 0)
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.md")} == before


async def test_a_forgotten_note_leaves_the_folder_and_a_maintainers_file_stays(
    tmp_path: Path, migrated: Database, clock: FixedClock
) -> None:
    content = valid_pair(tmp_path / "content")
    await published(migrated)
    await add_note(migrated, clock.now, topic="alpha")
    folder = await exported(migrated, content)
    (folder / "alpha-by-hand.md").write_text(GOOD_NOTE)

    await delete_notes_of(migrated, AUTHOR)
    await exported(migrated, content)
    assert sorted(p.name for p in folder.glob("*.md")) == ["alpha-by-hand.md"]
    assert load_library(content).ok


def test_an_empty_or_missing_notes_folder_is_fine(tmp_path: Path) -> None:
    content = valid_pair(tmp_path / "content")
    assert load_library(content).ok
    (content / "notes").mkdir()
    assert load_library(content).ok


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("topic: alpha\n", "topic: nowhere\n", "2: topic 'nowhere' does not exist"),
        ("title: A good note\n", "title: " + "x" * 101 + "\n", "3: 'title' is 101 characters"),
        ("author: a learner\n", "", "1: 'author' is required"),
        ("author: a learner\n", "author: [a, b]\n", "4: 'author' must be text"),
        ("source: https://discord.com/channels/1/2/3\n", "source: https://evil.example\n",
         "5: 'source' must be a Discord message link or null"),
        ("approved_at: 2026-03-02 09:00:00+00:00\n", "approved_at: soon\n",
         "7: 'approved_at' must be a UTC time"),
        ("approved_by: a mentor\n", "approved_by: a mentor\nhelpful: 3\n",
         "7: unknown field 'helpful'"),
        ("Some text worth keeping.\n", "\n", "9: the note's text is empty"),
        ("---\ntopic", "topic", "1: missing front matter"),
    ],
)  # fmt: skip
def test_a_broken_note_file_is_refused_by_its_path(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    content = valid_pair(tmp_path / "content")
    (content / "notes").mkdir()
    path = content / "notes" / "broken.md"
    path.write_text(GOOD_NOTE.replace(old, new, 1))
    problems = [str(p) for p in load_library(content).problems]
    assert any(p.startswith(f"{path}:{message}") for p in problems), problems


def test_the_bot_still_starts_with_a_broken_note_file(tmp_path: Path) -> None:
    # Notes are the check's to review, never served: start-up's load leaves them alone.
    content = valid_pair(tmp_path / "content")
    (content / "notes").mkdir()
    (content / "notes" / "broken.md").write_text("no front matter")
    assert load_library(content, editorial=False).ok


def test_the_command_line_exports_and_check_accepts_then_refuses_a_broken_file(
    tmp_path: Path,
) -> None:
    content = valid_pair(tmp_path / "content")
    env = {"CONTENT_DIR": str(content)}
    assert run(tmp_path, sys.executable, "-m", "bot", "migrate", **env).returncode == 0
    exported = run(tmp_path, sys.executable, "-m", "bot", "notes", "export", **env)
    assert exported.returncode == 0, exported.stderr
    assert f"Notes exported to {content / 'notes'}: 0 written" in exported.stdout
    (content / "notes" / "by-hand.md").write_text(GOOD_NOTE)
    checked = run(tmp_path, sys.executable, "-m", "bot", "check", **env)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    (content / "notes" / "by-hand.md").write_text(GOOD_NOTE.replace("topic: alpha", "topic: zz"))
    refused = run(tmp_path, sys.executable, "-m", "bot", "check", **env)
    assert refused.returncode == 1
    assert f"{content / 'notes' / 'by-hand.md'}:2: topic 'zz' does not exist" in refused.stdout

    wrong = run(tmp_path, sys.executable, "-m", "bot", "notes", **env)
    assert wrong.returncode == 1 and wrong.stderr.startswith("nexus: notes: ")
