"""One playground session: who you are, where you are, and what each typed line does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands
from rich.console import Console
from rich.text import Text
from simcord import BackendError, SetupError

from bot.playground import verbs
from bot.playground.forms import OpenForm, do_fill, form_block, read_form
from bot.playground.lines import (
    HELP,
    PlaygroundError,
    SlashCommands,
    parse_line,
    parse_slash,
    split,
)
from bot.playground.patience import patiently
from bot.playground.render import message_block
from bot.playground.world import PlaygroundWorld
from bot.tree import expected_error_message

Verb = Callable[["PlaygroundSession", str], Awaitable[None]]
# Verbs that live beside the session (forms, the clock, voice, menus, the mock).
MORE_VERBS: dict[str, Verb] = {
    "fill": do_fill,
    "menu": verbs.do_menu,
    "join": verbs.do_join,
    "leave": verbs.do_leave,
    "interested": verbs.do_interested,
    "time": verbs.do_time,
    "fetch": verbs.do_fetch,
}


def slash_commands(tree: app_commands.CommandTree[Any]) -> SlashCommands:
    found: SlashCommands = {}
    stack: list[Any] = list(tree.get_commands())
    while stack:
        item = stack.pop()
        if isinstance(item, app_commands.Group):
            stack.extend(item.commands)
        elif isinstance(item, app_commands.Command):
            found[item.qualified_name] = item
    return found


class PlaygroundSession:
    def __init__(self, world: PlaygroundWorld, console: Console) -> None:
        self.world = world
        self.console = console
        self.actor_name = "alice"
        self.channel = world.base.channel
        self.commands = slash_commands(world.bot.tree)
        self._seen: dict[int, int] = {}
        self._errors_seen = 0
        self.bot_errors = 0
        # The form (modal) the bot showed last, until it is filled in or another one opens.
        self.form: OpenForm | None = None
        self.mark_seen()

    @property
    def actor(self) -> Any:
        return self.world.members[self.actor_name]

    @property
    def prompt(self) -> str:
        where = self.channel.name if self.channel.is_thread else f"#{self.channel.name}"
        return f"{self.actor_name}@{where}> "

    def name_of(self, kind: str, ident: int) -> str:
        guild = self.world.guild
        if kind == "#":
            channel = next((c for c in self.world.channels.values() if c.id == ident), None)
            return f"#{channel.name}" if channel else "#unknown"
        if kind == "@&":
            role = next((r for r in guild.roles.values() if r.id == ident), None)
            return f"@{role.name}" if role else "@role"
        member = next((n for n, m in self.world.members.items() if m.id == ident), None)
        return f"@{member}" if member else "@Nexus"

    async def execute(self, line: str) -> None:
        text = line.strip()
        if not text or text.startswith("#!"):
            return
        if text.startswith("/"):
            await self._slash(text)
        else:
            await self._verb(text)
        self._report_new_bot_errors()

    async def _slash(self, text: str) -> None:
        parsed = parse_slash(text, self.commands)
        command = self.commands[parsed.command]
        options = {
            p.display_name: self._convert(p, parsed.options[p.display_name])
            for p in command.parameters
            if p.display_name in parsed.options
        }
        await self.interact(self.actor.slash(self.channel, parsed.command, **options))

    async def interact(self, action: Awaitable[Any]) -> None:
        """Do what a member does (a command, a click, a form), wait for the bot as long as
        it takes, and show its answer: new messages, and a form when it asks for one."""
        try:
            result = await patiently(self.world.env, self.console, action)
        except (BackendError, SetupError) as error:
            raise PlaygroundError(str(error).splitlines()[0]) from None
        self.show_new()
        if result is not None and getattr(result, "modal", None) is not None:
            self.form = read_form(result, self.actor_name)
            self.console.print(form_block(self.form))

    def _convert(self, parameter: app_commands.Parameter, raw: str) -> Any:
        kind = parameter.type
        name = parameter.display_name
        try:
            if kind is discord.AppCommandOptionType.integer:
                return int(raw)
            if kind is discord.AppCommandOptionType.number:
                return float(raw)
        except ValueError:
            raise PlaygroundError(f"{name}: '{raw}' is not a number") from None
        if kind is discord.AppCommandOptionType.boolean:
            if raw.lower() not in {"true", "false", "yes", "no"}:
                raise PlaygroundError(f"{name}: use true or false")
            return raw.lower() in {"true", "yes"}
        if kind is discord.AppCommandOptionType.channel:
            self.world.refresh_channels()
            channel = self.world.channel_named(raw)
            if channel is None:
                raise PlaygroundError(f"{name}: there is no channel named #{raw.lstrip('#')}")
            return channel
        if kind is discord.AppCommandOptionType.role:
            role = self.world.guild.roles.get(raw.lstrip("@"))
            if role is None:
                raise PlaygroundError(f"{name}: there is no role named @{raw.lstrip('@')}")
            return role
        if kind in (discord.AppCommandOptionType.user, discord.AppCommandOptionType.mentionable):
            return self._member(raw.lstrip("@"))
        return raw

    def _member(self, name: str) -> Any:
        member = self.world.members.get(name.lower())
        if member is None:
            raise PlaygroundError(f"no member named {name}; try {', '.join(self.world.members)}")
        return member

    async def _verb(self, text: str) -> None:
        line = parse_line(text)
        more = MORE_VERBS.get(line.verb)
        if more is not None:
            await more(self, line.argument)
            return
        handler = getattr(self, f"_do_{line.verb}")
        await handler(line.argument)

    async def _do_as(self, argument: str) -> None:
        self._member(argument)
        self.actor_name = argument.lower()
        self.mark_seen()
        self.console.print(Text(f"You are now {self.actor_name}.", style="dim"))

    async def _do_go(self, argument: str) -> None:
        self.world.refresh_channels()
        target = argument.strip().lstrip("#").lower()
        channel = self.world.channel_named(target) or next(
            (c for n, c in self.world.channels.items() if n.startswith(f"{target} ")), None
        )
        if channel is None or not target:
            names = ", ".join(f"#{n}" for n in self.world.channels)
            raise PlaygroundError(f"no channel or thread '{argument}'; there is {names}")
        self.channel = channel
        self.console.print(
            Text(f"You are now in {self.prompt[len(self.actor_name) + 1 : -2]}.", style="dim")
        )
        self.mark_seen()

    async def _do_say(self, argument: str) -> None:
        if not argument:
            raise PlaygroundError("say what? e.g. say Has anyone used select_related?")
        await patiently(self.world.env, self.console, self.actor.send(self.channel, argument))
        self.show_new()

    async def _do_click(self, argument: str) -> None:
        wanted = " ".join(split(argument)).lower()
        if not wanted:
            raise PlaygroundError("click which button? e.g. click Claim")
        for message in reversed(self.channel.history(viewer=self.actor)):
            for row in message.components:
                for child in getattr(row, "children", []):
                    label = getattr(child, "label", None) or ""
                    if isinstance(child, discord.Button) and label.lower().startswith(wanted):
                        if child.disabled:
                            raise PlaygroundError(f"the '{label}' button is disabled")
                        before = _looks(message)
                        await self.interact(self.actor.click(message, label=label))
                        self._show_if_edited(message.id, before)
                        return
        raise PlaygroundError(f"no message here has a '{argument}' button")

    async def _do_answer(self, argument: str) -> None:
        position = int(argument) if argument.isdigit() and int(argument) > 0 else 0
        if not position:
            raise PlaygroundError("answer which message? e.g. answer 1 (the latest)")
        target = verbs.nth_latest(self, position)
        await self.interact(self.actor.context_menu(self.channel, "Mark as answer", target))

    async def _do_history(self, argument: str) -> None:
        count = int(argument) if argument.isdigit() else 10
        for message in self.channel.history(viewer=self.actor)[-count:]:
            self.console.print(message_block(message, self.name_of))

    async def _do_help(self, argument: str) -> None:
        self.console.print(Text(HELP))

    async def _do_quit(self, argument: str) -> None:
        raise EOFError

    def mark_seen(self) -> None:
        for channel in self.world.channels.values():
            history = channel.history(viewer=self.actor)
            self._seen[channel.id] = history[-1].id if history else 0

    def _show_if_edited(self, message_id: int, before: str) -> None:
        # A button that edits its own message (paging) shows nothing new; show the edit.
        for message in self.channel.history(viewer=self.actor):
            if message.id == message_id and _looks(message) != before:
                self.console.print(message_block(message, self.name_of))

    def show_new(self, *, everywhere: bool = False) -> None:
        """Print what appeared since the last look: here, and elsewhere as a one-line note."""
        self.world.refresh_channels()
        for channel in list(self.world.channels.values()):
            fresh = [
                m
                for m in channel.history(viewer=self.actor)
                if m.id > self._seen.get(channel.id, 0)
            ]
            if not fresh:
                continue
            self._seen[channel.id] = fresh[-1].id
            if channel.id == self.channel.id or everywhere:
                if channel.id != self.channel.id:
                    self.console.print(Text(f"in #{channel.name}:", style="dim"))
                for message in fresh:
                    self.console.print(message_block(message, self.name_of))
                    if "Something went wrong (ref" in message.content:
                        self.bot_errors += 1
            else:
                self.console.print(
                    Text(f"↳ {len(fresh)} new message(s) in #{channel.name}", style="dim")
                )

    def _report_new_bot_errors(self) -> None:
        errors = self.world.env.errors
        for error in errors[self._errors_seen :]:
            if expected_error_message(error) is None:
                self.bot_errors += 1
                self.console.print(Text(f"bot error: {type(error).__name__}: {error}", style="red"))
        self._errors_seen = len(errors)


def _looks(message: discord.Message) -> str:
    """What a member sees of a message, to tell whether an edit changed it."""
    return repr((message.content, [e.to_dict() for e in message.embeds]))
