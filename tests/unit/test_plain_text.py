"""Snippets and descriptions as plain text, cut at a word."""

from __future__ import annotations

from bot.knowledge.plain_text import clip_words, markdown_to_plain
from bot.knowledge.search import snippet, snippet_lines, tokens


def test_markdown_markers_go_and_code_stays_as_its_text() -> None:
    text = (
        "## Why\n**A single hot spot** is _bad_, see [the docs](https://x.example) ~~old~~\n"
        "> quoted `**kwargs` and select_related\n- 2 * 3 ||spoiler||\n"
        "```python\ndef __init__(self): ...\n```"
    )
    assert markdown_to_plain(text) == (
        "Why A single hot spot is bad, see the docs old quoted **kwargs and select_related "
        "2 * 3 spoiler def __init__(self): ..."
    )


def test_discord_tokens_are_left_whole_for_the_page_to_put_into_words() -> None:
    assert markdown_to_plain("**hi** <@123> <#45> <a:party_cat:9>") == (
        "hi <@123> <#45> <a:party_cat:9>"
    )


def test_a_cut_falls_between_words_with_an_ellipsis() -> None:
    text = "alpha beta gamma delta epsilon"
    assert clip_words(text, 100) == text
    assert clip_words(text, 14) == "alpha beta…"
    assert clip_words(text, 14, start=8) == "…beta gamma…"


def test_a_search_snippet_has_no_markers_and_no_cut_word() -> None:
    filler = " ".join(f"word{n}" for n in range(60))
    line = f"{filler} **A single hot spot** then the partner itself** {filler}"
    shown = snippet(snippet_lines([line]), tokens("hot spot"), 80)
    assert "**" not in shown
    assert "A single hot spot then the partner" in shown
    inner = shown.strip("…").split()
    assert all(word in line.replace("**", "").split() for word in inner)
