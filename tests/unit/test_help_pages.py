"""`/help`'s listing pages: a feature's heading always stays with its first command."""

from __future__ import annotations

from cogs.ui.help.catalogue import CommandInfo
from cogs.ui.help.pages import PAGE_CHARS, help_pages


def command(name: str, feature: str, description: str) -> CommandInfo:
    return CommandInfo(name, description, feature, None, ())


def test_a_heading_that_would_end_a_page_moves_to_the_next_with_its_commands() -> None:
    # Feature A fills page 2 but for a few characters: B's heading alone would still fit.
    line = len("`/a 00` · ") + 90
    count = (PAGE_CHARS - len("\n**A**")) // (line + 1)
    commands = [command(f"a {n:02d}", "A", "x" * 90) for n in range(count)]
    spare = PAGE_CHARS - len("**A**\n" + "\n".join(["y" * line] * count))
    assert len("\n\n**B**") <= spare < len("\n\n**B**\n`/b 00` · ") + 90
    commands += [command(f"b {n:02d}", "B", "z" * 90) for n in range(3)]

    listing = help_pages(commands)[1:]

    for page in listing:
        lines = (page.description or "").splitlines()
        assert not lines[-1].startswith("**"), f"page ends on its heading {lines[-1]}"
    assert (listing[1].description or "").startswith("**B**\n`/b 00`")


def test_a_management_command_is_tagged_from_what_it_needs() -> None:
    info = CommandInfo("x pause", "Pause it", "A", None, (), ("manage_guild",))

    text = help_pages([info])[1].description or ""

    assert "`/x pause` · Pause it (Manage Server)" in text
