"""Forms (Discord modals) in the playground: shown as a list of fields, filled with `fill`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

from bot.playground.lines import PlaygroundError, split

if TYPE_CHECKING:
    from bot.playground.session import PlaygroundSession

TEXT_INPUT = 4
ACTION_ROW = 1
LABEL = 18
PARAGRAPH = 2
FILL_EXAMPLE = 'fill notes="Needs a logged-in host" response_status=201'


@dataclass(frozen=True)
class FormField:
    custom_id: str
    label: str
    required: bool
    default: str | None
    placeholder: str | None
    max_length: int | None
    paragraph: bool

    def matches(self, name: str) -> bool:
        wanted = name.strip().lower()
        return wanted in (self.custom_id.lower(), self.label.lower())


@dataclass(frozen=True)
class OpenForm:
    """A modal the bot showed, waiting to be submitted by the member it was shown to."""

    shown: Any  # simcord's InteractionResult, which submit_modal takes back
    owner: str
    title: str
    fields: tuple[FormField, ...]

    def field_named(self, name: str) -> FormField:
        found = next((f for f in self.fields if f.matches(name)), None)
        if found is None:
            names = ", ".join(f.custom_id for f in self.fields)
            raise PlaygroundError(f"this form has no field '{name}'; its fields: {names}")
        return found


def read_form(shown: Any, owner: str) -> OpenForm:
    modal = shown.modal
    return OpenForm(
        shown=shown,
        owner=owner,
        title=str(modal.get("title") or "Form"),
        fields=tuple(_text_inputs(modal.get("components") or [])),
    )


def _text_inputs(components: list[dict[str, Any]]) -> list[FormField]:
    found: list[FormField] = []
    for component in components:
        kind = component.get("type")
        if kind == ACTION_ROW:
            found.extend(_text_inputs(component.get("components") or []))
        elif kind == LABEL and isinstance(component.get("component"), dict):
            inner = dict(component["component"], label=component.get("label"))
            found.extend(_text_inputs([inner]))
        elif kind == TEXT_INPUT:
            found.append(
                FormField(
                    custom_id=str(component["custom_id"]),
                    label=str(component.get("label") or component["custom_id"]),
                    required=bool(component.get("required", True)),
                    default=component.get("value"),
                    placeholder=component.get("placeholder"),
                    max_length=component.get("max_length"),
                    paragraph=component.get("style") == PARAGRAPH,
                )
            )
    return found


def form_block(form: OpenForm) -> Text:
    text = Text()
    text.append(f"📝 Form: {form.title}\n", style="bold")
    for field in form.fields:
        text.append(f"  {field.custom_id}", style="bold magenta")
        details = [field.label, "required" if field.required else "optional"]
        if field.max_length is not None:
            details.append(f"at most {field.max_length} characters")
        text.append(f"  ({', '.join(details)})\n")
        if field.default:
            text.append(f"      now: {_one_line(field.default)}\n", style="dim")
        elif field.placeholder:
            text.append(f"      e.g. {_one_line(field.placeholder)}\n", style="dim")
    text.append(
        f"Fill it with: {FILL_EXAMPLE} (a field by its name or label; "
        "fields left out keep what they show; `fill` alone submits it as it is)",
        style="dim",
    )
    return text


def _one_line(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else f"{flat[: limit - 1]}…"


def form_values(form: OpenForm, argument: str) -> dict[str, str]:
    """What Discord would submit: each field's shown value, replaced where `fill` says."""
    values = {f.custom_id: f.default for f in form.fields if f.default is not None}
    for word in split(argument):
        name, sep, value = word.partition("=")
        if not sep or not name:
            raise PlaygroundError(f"'{word}' is not field=value; e.g. {FILL_EXAMPLE}")
        field = form.field_named(name)
        if field.max_length is not None and len(value) > field.max_length:
            raise PlaygroundError(
                f"{field.custom_id} takes at most {field.max_length} characters "
                f"({len(value)} given)"
            )
        values[field.custom_id] = value.replace("\\n", "\n")
    missing = [f.custom_id for f in form.fields if f.required and not values.get(f.custom_id)]
    if missing:
        raise PlaygroundError(f"fill in {', '.join(missing)} too (required)")
    return values


async def do_fill(session: PlaygroundSession, argument: str) -> None:
    form = session.form
    if form is None:
        raise PlaygroundError(
            "no form is open; a command or button that asks for details opens one "
            "(e.g. /api contract 1)"
        )
    if form.owner != session.actor_name:
        raise PlaygroundError(f"this form is {form.owner}'s: `as {form.owner}` to fill it")
    values = form_values(form, argument)
    session.form = None
    await session.interact(session.actor.submit_modal(form.shown, values))
