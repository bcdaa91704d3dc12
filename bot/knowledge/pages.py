"""How a topic is laid out in Discord embeds: pages that always fit Discord's limits.

Pure layout (no discord import), so `python -m bot check` can prove every page fits and
the cog renders exactly these pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.model import Topic

DESCRIPTION_MAX = 4096
FIELD_VALUE_MAX = 1024
EMBED_MAX = 6000
_FENCE = "```"


@dataclass(frozen=True)
class PageField:
    name: str
    value: str


@dataclass(frozen=True)
class TopicPage:
    title: str
    description: str
    fields: tuple[PageField, ...]
    footer: str

    @property
    def size(self) -> int:
        """Characters as Discord counts them towards the 6,000 per embed."""
        fields = sum(len(f.name) + len(f.value) for f in self.fields)
        return len(self.title) + len(self.description) + fields + len(self.footer)

    def fits(self) -> bool:
        return (
            len(self.description) <= DESCRIPTION_MAX
            and all(len(f.value) <= FIELD_VALUE_MAX for f in self.fields)
            and self.size <= EMBED_MAX
        )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _join_lines(lines: list[str], limit: int) -> str:
    """Lines joined by newlines while they fit in `limit`, with a '…' line when cut."""
    kept: list[str] = []
    for line in lines:
        if len("\n".join([*kept, line, "…"])) > limit:
            return "\n".join([*kept, "…"])
        kept.append(line)
    return "\n".join(kept)


def _split_block(block: str, limit: int) -> list[str]:
    """Cut an oversized block at line ends, re-opening a code fence that was cut."""
    chunks: list[str] = []
    current: list[str] = []
    fence: str | None = None
    for line in block.split("\n"):
        while len(line) > limit - 8:
            current.append(line[: limit - 8])
            line = line[limit - 8 :]
        if current and len("\n".join([*current, line])) + 4 > limit:
            chunks.append("\n".join([*current, _FENCE] if fence else current))
            current = [fence] if fence else []
        current.append(line)
        if line.strip().startswith(_FENCE):
            fence = None if fence else line.strip()
    chunks.append("\n".join(current))
    return chunks


def _related_field(topic: Topic, titles: dict[str, str]) -> PageField | None:
    names = [titles.get(slug, slug) for slug in topic.related]
    return PageField("Related", _clip(", ".join(names), FIELD_VALUE_MAX)) if names else None


def _resources_field(topic: Topic) -> PageField | None:
    links = [f"[{r.title}]({r.url})" for r in topic.resources]
    return PageField("Resources", _join_lines(links, FIELD_VALUE_MAX)) if links else None


def topic_pages(topic: Topic, titles: dict[str, str]) -> list[TopicPage]:
    """The topic as one page, or several when it does not fit in one embed."""
    fields = tuple(f for f in (_related_field(topic, titles), _resources_field(topic)) if f)
    footer_room = len(f"{topic.category.label} · {topic.level.value} · page 99/99")
    fields_size = sum(len(f.name) + len(f.value) for f in fields)
    budget = min(DESCRIPTION_MAX, EMBED_MAX - len(topic.title) - footer_room - fields_size)
    blocks = [f"*{topic.summary}*"] + [f"**{s.title}**\n{s.body}" for s in topic.sections]
    descriptions: list[str] = []
    current = ""
    for block in blocks:
        for piece in _split_block(block, budget) if len(block) > budget else [block]:
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= budget:
                current = candidate
            else:
                descriptions.append(current)
                current = piece
    descriptions.append(current)
    total = len(descriptions)
    return [
        TopicPage(
            title=topic.title,
            description=text,
            fields=fields,
            footer=_footer(topic, number, total),
        )
        for number, text in enumerate(descriptions, start=1)
    ]


def _footer(topic: Topic, number: int, total: int) -> str:
    base = f"{topic.category.label} · {topic.level.value}"
    return base if total == 1 else f"{base} · page {number}/{total}"
