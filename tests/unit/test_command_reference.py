"""docs/commands.md is what `python -m bot docs` writes from the live command tree now."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.reference import REFERENCE_PATH, live_reference
from cogs.ui.help.catalogue import permission_label

ROOT = Path(__file__).resolve().parents[2]


async def test_the_committed_reference_matches_the_live_command_tree() -> None:
    expected = await live_reference(Settings(content_dir=ROOT / "content"))

    committed = (ROOT / REFERENCE_PATH).read_text(encoding="utf-8")
    assert committed == expected, "docs/commands.md is out of date: run `make docs`"


async def test_the_reference_names_every_group_and_its_permission() -> None:
    rendered = await live_reference(Settings(content_dir=ROOT / "content"))

    assert "### `/api claim`" in rendered
    assert "### Mark as answer (message menu)" in rendered
    nexus_status = rendered.split("### `/nexus status`", 1)[1].split("###", 1)[0]
    assert "**Who:** Manage Server" in nexus_status


def test_a_command_without_default_permissions_is_for_everyone() -> None:
    import discord

    assert permission_label(None) == "everyone"
    assert permission_label(discord.Permissions(manage_guild=True)) == "Manage Server"
