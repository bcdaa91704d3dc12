"""Topic messages: the paged embed, its buttons, and posting a topic to a channel."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Self, cast

import discord
from discord import app_commands

from bot.errors import NotFound
from bot.knowledge.model import Topic
from bot.knowledge.pages import TopicPage
from cogs.ui.components import PersistentButton
from cogs.ui.guide.community import with_community
from cogs.ui.limits import CHOICE_NAME, clip, safe_echo
from cogs.ui.web.links import add_web_link, topic_page_url, web_url

if TYPE_CHECKING:
    from bot.services.topics.lookup import TopicService

TOPIC_COLOUR = discord.Colour.from_rgb(46, 160, 67)
SLUG = r"(?P<slug>[a-z0-9-]{1,60})"
MAX_RELATED_BUTTONS = 15


def topic_service(interaction: discord.Interaction[Any]) -> TopicService:
    from bot.app import NexusBot

    return cast(NexusBot, interaction.client).services.topics


def topic_choices(service: TopicService, typed: str) -> list[app_commands.Choice[str]]:
    """Autocomplete choices for a topic option: the title shown, the slug sent."""
    return [
        app_commands.Choice(name=clip(t.title, CHOICE_NAME), value=t.slug)
        for t in service.autocomplete(typed)
    ]


def page_embed(page: TopicPage) -> discord.Embed:
    embed = discord.Embed(title=page.title, description=page.description, colour=TOPIC_COLOUR)
    for field in page.fields:
        embed.add_field(name=field.name, value=field.value, inline=False)
    embed.set_footer(text=page.footer)
    return embed


def topic_message(
    service: TopicService, topic: Topic, page_number: int = 1
) -> tuple[discord.Embed, discord.ui.View]:
    """The embed of one page of `topic`, with paging and related-topic buttons."""
    pages = service.pages(topic)
    page_number = min(max(page_number, 1), len(pages))
    view = discord.ui.View(timeout=None)
    if len(pages) > 1:
        view.add_item(TopicPageButton(topic.slug, page_number - 1, "◀ Previous", page_number == 1))
        view.add_item(
            TopicPageButton(topic.slug, page_number + 1, "Next ▶", page_number == len(pages))
        )
    for slug in topic.related[:MAX_RELATED_BUTTONS]:
        view.add_item(OpenTopicButton(slug, service.title_of(slug)))
    return page_embed(pages[page_number - 1]), view


async def post_topic(interaction: discord.Interaction[Any], topic: Topic) -> None:
    """Post `topic` publicly, unless it was posted in this channel moments ago."""
    service = topic_service(interaction)
    channel_id = interaction.channel_id or 0
    earlier = service.earlier_post(channel_id, topic.slug)
    if earlier is not None:
        await interaction.response.send_message(
            f"**{topic.title}** was posted here a few seconds ago: {earlier.jump_url}",
            ephemeral=True,
        )
        return
    embed, view = topic_message(service, topic)
    base = web_url(interaction)
    if base is not None:
        add_web_link(view, topic_page_url(base, topic.slug))
    embeds = await with_community(interaction, topic.slug, embed, view)
    sent = await interaction.response.send_message(embeds=embeds, view=view)
    # The callback already names the new message: no extra fetch on this hot path.
    if isinstance(sent.resource, discord.InteractionMessage):
        service.remember_post(channel_id, topic.slug, sent.resource.jump_url)


def _require(service: TopicService, slug: str) -> Topic:
    topic = service.get(slug)
    if topic is None:
        raise NotFound("That topic is no longer in the knowledge base. Try `/topics`.")
    return topic


class OpenTopicButton(PersistentButton, template=rf"nexus:topic:open:{SLUG}"):
    """Opens a topic just for the member who clicks (related topics, "Read more")."""

    def __init__(self, slug: str, label: str) -> None:
        super().__init__(f"nexus:topic:open:{slug}", label)
        self.slug = slug

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(match["slug"], label)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        service = topic_service(interaction)
        embed, view = topic_message(service, _require(service, self.slug))
        embeds = await with_community(interaction, self.slug, embed, view)
        await interaction.response.send_message(embeds=embeds, view=view, ephemeral=True)


class ShowTopicButton(PersistentButton, template=rf"nexus:topic:show:{SLUG}"):
    """Posts a suggested topic publicly, as if its name had been typed right."""

    def __init__(self, slug: str, label: str) -> None:
        super().__init__(f"nexus:topic:show:{slug}", label, style=discord.ButtonStyle.primary)
        self.slug = slug

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(match["slug"], label)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        await post_topic(interaction, _require(topic_service(interaction), self.slug))


class TopicPageButton(PersistentButton, template=rf"nexus:topic:page:{SLUG}:(?P<page>\d{{1,3}})"):
    def __init__(self, slug: str, page: int, label: str, disabled: bool = False) -> None:
        super().__init__(f"nexus:topic:page:{slug}:{page}", label, disabled=disabled, row=0)
        self.slug = slug
        self.page = page

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(match["slug"], int(match["page"]), label)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        service = topic_service(interaction)
        embed, view = topic_message(service, _require(service, self.slug), self.page)
        embeds = await with_community(interaction, self.slug, embed, view)
        await interaction.response.edit_message(embeds=embeds, view=view)


def suggestions_message(name: str, suggestions: tuple[Topic, ...]) -> tuple[str, discord.ui.View]:
    shown = safe_echo(name)
    view = discord.ui.View(timeout=None)
    for topic in suggestions:
        view.add_item(ShowTopicButton(topic.slug, topic.title))
    if not suggestions:
        return f"No topic named '{shown}'. Browse them all with `/topics`.", view
    return f"No topic named '{shown}'. Did you mean ...?", view


PERSISTENT_BUTTONS: tuple[type[PersistentButton], ...] = (
    OpenTopicButton,
    ShowTopicButton,
    TopicPageButton,
)
