"""Reading what a playground user types: slash commands with options, and the extra verbs."""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from discord import app_commands

VERBS = (
    "as", "go", "say", "click", "fill", "answer", "menu", "interested", "join", "leave",
    "fetch", "time", "history", "help", "quit",
)  # fmt: skip
HELP = """\
/command option:value ...   run a slash command, e.g. /topic caching (/ then Tab lists them)
as <member>                 become alice, bob or mentor
go <#channel | API-1 | thread name>   move to a channel or thread
say <text>                  post a message here
click <button label>        click that button on the latest message that has it
fill field=value ...        fill in and submit the form a command or button opened,
                            e.g. fill notes="Needs a login" (\\n for a new line)
answer <n>                  mark the n-th latest message here as the answer (Q&A threads)
menu "<name>" on <n>        a message's Apps menu on the n-th latest message here,
                            e.g. menu "Remind me about this" on 1 (menu alone lists them)
interested <event name>     press Interested on a scheduled event (a study session)
join <voice channel>        join a voice channel, e.g. join study-room (leave: leave it)
fetch GET /listings/1 [json] call the server's API mock, as a frontend would
time +2h                    move the simulated clock on (posts, reminders, nudges fire)
history [n]                 show the last n messages here (default 10)
help                        this list
quit                        leave (Ctrl-D works too)
The write limit (NEXUS_WRITE_RATE) counts real seconds here: `time` does not move it."""
DURATION = re.compile(r"^\+?(\d+)([smhd])$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
SlashCommands = dict[str, app_commands.Command[Any, Any, Any]]


class PlaygroundError(Exception):
    """A line the playground cannot act on; the message is one line for the user."""


@dataclass(frozen=True)
class SlashLine:
    command: str  # qualified name, e.g. "api request"
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class VerbLine:
    verb: str
    argument: str


def split(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError as error:
        raise PlaygroundError(f"could not read that line ({error}); check your quotes") from None


def parse_slash(line: str, commands: SlashCommands) -> SlashLine:
    """`/api request method:GET path:/x`, or `/topic caching`: a bare value fills the first
    option not given by name."""
    words = split(line.lstrip("/"))
    if not words:
        raise PlaygroundError("type a command after '/', e.g. /topic caching")
    name = _longest_command(words, commands)
    command = commands[name]
    rest = words[len(name.split()) :]
    known = {p.display_name: p for p in command.parameters}
    options: dict[str, str] = {}
    bare: list[str] = []
    for word in rest:
        key, sep, value = word.partition(":")
        if sep and key in known:
            options[key] = value
        else:
            bare.append(word)
    if bare:
        free = [p for p in command.parameters if p.display_name not in options]
        if not free:
            raise PlaygroundError(f"/{name} has no option for '{' '.join(bare)}'")
        options[free[0].display_name] = " ".join(bare)
    missing = [
        p.display_name for p in command.parameters if p.required and p.display_name not in options
    ]
    if missing:
        usage = " ".join(f"{p.display_name}:…" for p in command.parameters if p.required)
        raise PlaygroundError(f"/{name} needs {', '.join(missing)} (usage: /{name} {usage})")
    return SlashLine(name, options)


def _longest_command(words: list[str], commands: SlashCommands) -> str:
    for size in range(min(3, len(words)), 0, -1):
        candidate = " ".join(words[:size]).lower()
        if candidate in commands:
            return candidate
    close = closest_command(words, commands)
    hint = f" Did you mean /{close}?" if close else " Type / and press Tab for the commands."
    raise PlaygroundError(f"unknown command /{' '.join(words[:2])}.{hint}")


def closest_command(words: list[str], commands: SlashCommands) -> str | None:
    """The command a typo most likely meant: `/topc` is /topic, `/api clam` is /api claim."""
    best: tuple[float, str] | None = None
    for size in range(1, min(3, len(words)) + 1):
        typed = " ".join(words[:size]).lower()
        for name in commands:
            score = difflib.SequenceMatcher(None, typed, name).ratio()
            if score >= 0.75 and (best is None or score > best[0]):
                best = (score, name)
    if best is not None:
        return best[1]
    # A known group with an unknown subcommand: name one of its subcommands.
    return next((c for c in sorted(commands) if c.split()[0] == words[0].lower()), None)


def parse_line(line: str) -> VerbLine:
    verb, _, argument = line.strip().partition(" ")
    if verb.lower() not in VERBS:
        raise PlaygroundError(f"unknown command '{verb}'. Type help, or a /command.")
    return VerbLine(verb.lower(), argument.strip())


def parse_duration(text: str) -> timedelta:
    match = DURATION.match(text.strip().lower())
    if not match:
        raise PlaygroundError("say how long, e.g. time +2h, time +30m or time +1d")
    return timedelta(seconds=int(match[1]) * UNITS[match[2]])
