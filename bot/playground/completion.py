"""Tab completion of commands, options, members and channels at the playground prompt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.playground.lines import VERBS

if TYPE_CHECKING:
    from bot.playground.session import PlaygroundSession


def candidates(session: PlaygroundSession, line: str) -> list[str]:
    """Every completion of `line` as typed so far (whole lines, so spaces are fine)."""
    if line.startswith("/"):
        typed = line[1:]
        for name, command in session.commands.items():
            if typed.startswith(f"{name} "):
                done, _, current = typed.rpartition(" ")
                options = [f"{p.display_name}:" for p in command.parameters]
                return [f"/{done} {o}" for o in options if o.startswith(current)]
        return [f"/{name} " for name in sorted(session.commands) if name.startswith(typed)]
    verb, space, rest = line.partition(" ")
    if not space:
        return [f"{v} " for v in VERBS if v.startswith(verb)] + (["/"] if not verb else [])
    if verb == "as":
        return [f"as {m}" for m in session.world.members if m.startswith(rest)]
    if verb == "go":
        session.world.refresh_channels()
        return [f"go {c}" for c in session.world.channels if c.startswith(rest.lstrip("#"))]
    return []


def install_completion(session: PlaygroundSession) -> None:
    try:
        import readline
    except ImportError:  # not every platform ships readline; completion is a nicety
        return

    def complete(_text: str, state: int) -> str | None:
        line = readline.get_line_buffer()
        options = candidates(session, line)
        if state >= len(options):
            return None
        # readline replaces only the last word; hand it the tail after the last space.
        start = readline.get_begidx()
        return options[state][start:]

    readline.set_completer_delims(" ")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")
