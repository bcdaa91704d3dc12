"""How Q&A looks on Discord: the question, similar questions, search results, stats."""

from __future__ import annotations

from datetime import timedelta

import discord

from bot.knowledge.model import Topic
from bot.services.qa.drafts import QuestionDraft
from bot.services.qa.questions import MarkedAnswer
from bot.services.qa.search import SearchPage, ThreadHit
from bot.services.qa.stats import QAStatistics
from cogs.ui.limits import DESCRIPTION, FIELD_NAME, FIELD_VALUE, TITLE, clip, safe_echo

QA_COLOUR = discord.Colour.from_rgb(235, 152, 52)
SNIPPET_SHOWN = 200


def thread_url(guild_id: int, thread_id: int, message_id: int | None = None) -> str:
    base = f"https://discord.com/channels/{guild_id}/{thread_id}"
    return f"{base}/{message_id}" if message_id else base


def question_header(asker: discord.Member) -> str:
    # A mention shows who asked; the bot's allowed_mentions is none, so it pings nobody.
    return f"**Question from {asker.mention}**"


def question_embed(
    draft: QuestionDraft, asker: discord.Member, topic: Topic | None
) -> discord.Embed:
    embed = discord.Embed(
        title=clip(draft.title, TITLE),
        description=clip(draft.question, DESCRIPTION),
        colour=QA_COLOUR,
    )
    embed.set_author(name=asker.display_name, icon_url=asker.display_avatar.url)
    about = f"Topic: {topic.title} · " if topic else ""
    embed.set_footer(
        text=f"{about}Found the answer? The asker or a mentor: message menu → Apps → Mark as answer"
    )
    return embed


def _hit_line(hit: ThreadHit) -> str:
    mark = "✅" if hit.solved else "❔"
    title = safe_echo(hit.title, 90)
    return f"{mark} [{title}]({thread_url(hit.guild_id, hit.thread_id, hit.message_id)})"


def similar_questions_embed(hits: tuple[ThreadHit, ...]) -> discord.Embed:
    close = any(not hit.weak for hit in hits)
    embed = discord.Embed(
        title="These solved questions look close to yours"
        if close
        else "Solved questions that may be related (weak matches)",
        description="Have a look first: the answer may already be there. "
        "If not, post yours with the button below.",
        colour=QA_COLOUR,
    )
    for hit in hits:
        # A weak match says so: it shares only some of the question's words.
        label = "✅ Weak match: " if hit.weak else "✅ "
        embed.add_field(
            name=clip(f"{label}{hit.title}", FIELD_NAME),
            value=clip(f"{safe_echo(hit.snippet, SNIPPET_SHOWN)}\n{_hit_line(hit)}", FIELD_VALUE),
            inline=False,
        )
    return embed


def search_results_embed(page: SearchPage) -> discord.Embed:
    scope = "solved questions" if page.solved_only else "Q&A threads"
    embed = discord.Embed(
        title=clip(f"Search {scope}: {safe_echo(page.query)}", TITLE), colour=QA_COLOUR
    )
    if not page.hits:
        embed.description = (
            "Nothing matched. Try fewer or other words." if page.page == 1 else "No more results."
        )
        return embed
    if page.closest:
        embed.description = "No thread has every word; closest:"
    for n, hit in enumerate(page.hits):
        where = "the answer" if hit.message_id else "the thread"
        link = f"[Jump to {where}]({thread_url(hit.guild_id, hit.thread_id, hit.message_id)})"
        if page.closest:
            link += f" · has {page.shared[n]} of your {page.words} words"
        embed.add_field(
            name=clip(f"{'✅' if hit.solved else '❔'} {hit.title}", FIELD_NAME),
            value=clip(f"{safe_echo(hit.snippet, SNIPPET_SHOWN)}\n{link}", FIELD_VALUE),
            inline=False,
        )
    embed.set_footer(text=f"Page {page.page} · ✅ solved · ❔ open")
    return embed


def related_threads_value(hits: tuple[ThreadHit, ...]) -> str:
    """Q&A threads under `/search` results: one line each."""
    return clip("\n".join(_hit_line(hit) for hit in hits), FIELD_VALUE)


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 1)} min" if span.total_seconds() >= 60 else "under a minute"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min"
    return f"{hours // 24} days {hours % 24} h"


def stats_embed(stats: QAStatistics) -> discord.Embed:
    embed = discord.Embed(title=f"Q&A over the last {stats.days} days", colour=QA_COLOUR)
    embed.add_field(name="Asked", value=str(stats.asked))
    embed.add_field(name="Solved", value=str(stats.solved))
    embed.add_field(name="Unanswered", value=str(stats.unanswered))
    median = stats.median_first_answer
    embed.add_field(
        name="Median time to a first answer",
        value=_duration(median) if median is not None else "no answers yet",
        inline=False,
    )
    helpers = "\n".join(
        f"{n}. <@{h.user_id}>: {h.accepted_answers} accepted answer"
        f"{'' if h.accepted_answers == 1 else 's'}, {h.replies} repl"
        f"{'y' if h.replies == 1 else 'ies'}"
        for n, h in enumerate(stats.helpers, start=1)
    )
    embed.add_field(name="Top helpers", value=helpers or "nobody yet", inline=False)
    embed.set_footer(text="Unanswered: no reply from anyone but the asker yet.")
    return embed


def answered_notice(marked: MarkedAnswer, answer: discord.Message) -> str:
    link = f"[Jump to the answer]({answer.jump_url})"
    if marked.moved:
        return f"✅ Answer moved: now answered by {answer.author.mention} · {link}"
    return f"✅ Answered by {answer.author.mention} · {link}"


def closed_notice(closer: discord.abc.User, reason: str | None) -> str:
    because = f": {safe_echo(reason, 300)}" if reason else "."
    return f"🔒 Closed by {closer.mention}{because}"
