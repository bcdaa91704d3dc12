"""One playground session: who you are, where you are, and what each typed line does."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from rich.console import Console
from rich.text import Text
from simcord import BackendError, SetupError

from bot.playground.lines import (
    PlaygroundError,
    SlashCommands,
    parse_duration,
    parse_line,
    parse_slash,
    split,
)
from bot.playground.render import message_block
from bot.playground.world import PlaygroundWorld
from bot.tree import expected_error_message

if TYPE_CHECKING:
    from bot.app import NexusBot

HELP = """\
/command option:value ...   run a slash command, e.g. /topic caching
as <member>                 become alice, bob or mentor
go <#channel | API-1 | thread name>   move to a channel or thread
say <text>                  post a message here
click <button label>        click that button on the latest message that has it
answer <n>                  mark the n-th latest message here as the answer (Q&A threads)
interested <event name>     press Interested on a scheduled event (a study session)
fetch GET /listings/1 [json] call the server's API mock, as a frontend would
time +2h                    move the simulated clock on (posts, reminders, nudges fire)
history [n]                 show the last n messages here (default 10)
help                        this list
quit                        leave (Ctrl-D works too)"""


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
        try:
            await self.actor.slash(self.channel, parsed.command, **options)
        except (BackendError, SetupError) as error:
            raise PlaygroundError(str(error).splitlines()[0]) from None
        self.show_new()

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
        await self.actor.send(self.channel, argument)
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
                        await self.actor.click(message, label=label)
                        self.show_new()
                        self._show_if_edited(message.id, before)
                        return
        raise PlaygroundError(f"no message here has a '{argument}' button")

    async def _do_answer(self, argument: str) -> None:
        position = int(argument) if argument.isdigit() and int(argument) > 0 else 0
        if not position:
            raise PlaygroundError("answer which message? e.g. answer 1 (the latest)")
        visible = [m for m in self.channel.history(viewer=self.actor) if not m.flags.ephemeral]
        if position > len(visible):
            raise PlaygroundError(f"there are only {len(visible)} messages here")
        try:
            await self.actor.context_menu(self.channel, "Mark as answer", visible[-position])
        except (BackendError, SetupError) as error:
            raise PlaygroundError(str(error).splitlines()[0]) from None
        self.show_new()

    async def _do_interested(self, argument: str) -> None:
        wanted = argument.strip().lower()
        events = self.world.env.backend.get_guild(self.world.guild.id).scheduled_events
        event = next((e for e in events.values() if e.name.lower().startswith(wanted)), None)
        if event is None or not wanted:
            names = ", ".join(e.name for e in events.values()) or "none yet"
            raise PlaygroundError(f"no event named '{argument}'; events: {names}")
        await self.actor.subscribe_event(event.id)
        self.console.print(Text(f"{self.actor_name} is interested in {event.name}.", style="dim"))

    async def _do_time(self, argument: str) -> None:
        step = parse_duration(argument)
        bot, env = self.world.bot, self.world.env
        target = bot.clock() + step
        # The scheduler reads the real clock, so the playground walks the simulated one from
        # slot to slot and runs what is due at each, as the scheduler would on time.
        while (slot := await _next_wake_up(bot)) and slot <= target:
            await env.advance_time((slot - bot.clock()).total_seconds())
            await bot.run_due_now()
        await env.advance_time((target - bot.clock()).total_seconds())
        await bot.run_due_now()
        now = bot.clock().strftime("%a %d %b %Y %H:%M UTC")
        self.console.print(Text(f"⏰ It is now {now}.", style="dim"))
        self.show_new(everywhere=True)

    async def _do_fetch(self, argument: str) -> None:
        method, _, rest = argument.strip().partition(" ")
        path, _, body = rest.strip().partition(" ")
        if not method or not path.startswith("/"):
            raise PlaygroundError("fetch needs a method and a path, e.g. fetch GET /listings/1")
        mock = self.world.bot.services.api_mock
        answer = await mock.answer(
            self.world.guild.id, method.upper(), path, body.encode() if body else None
        )
        shown = "" if answer.json_body is None else json.dumps(answer.json_body, indent=2)
        self.console.print(Text(f"API mock: {method.upper()} {path} -> {answer.status}"))
        if shown:
            self.console.print(Text(shown))

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


async def _next_wake_up(bot: NexusBot) -> datetime | None:
    """The next instant something is due: a scheduled slot, a nudge or a session reminder."""
    now = bot.clock()
    due = [
        await bot.services.takeaways.next_slot_after(now),
        await bot.services.nudges.next_due_after(now),
        await bot.services.session_reminders.next_due_after(now),
    ]
    return min((d for d in due if d is not None), default=None)
