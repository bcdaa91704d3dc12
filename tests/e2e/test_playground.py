"""The offline playground: typed lines drive the real bot; bad lines get one-line answers."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from bot.playground.lines import PlaygroundError
from bot.playground.session import PlaygroundSession
from bot.playground.world import furnish
from tests.conftest import ROOT


@pytest.fixture
async def session(simcord_env: Any) -> PlaygroundSession:
    console = Console(file=io.StringIO(), width=120, no_color=True)
    return PlaygroundSession(await furnish(simcord_env), console)


def output(session: PlaygroundSession) -> str:
    stream = session.console.file
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


async def test_the_prompt_shows_who_and_where(session: PlaygroundSession) -> None:
    assert session.prompt == "alice@#prodevprojectnexus> "
    await session.execute("as bob")
    await session.execute("go #api-requests")
    assert session.prompt == "bob@#api-requests> "


async def test_a_slash_line_with_a_bare_value_runs_the_command(session: PlaygroundSession) -> None:
    await session.execute("/topic caching")
    shown = output(session)
    assert "╭─ Caching" in shown
    assert "[ Slow queries ]" in shown


async def test_quoted_option_values_and_buttons(session: PlaygroundSession) -> None:
    await session.execute('/search query:"redis ttl"')
    await session.execute("/topic cachng")
    await session.execute("click caching")
    shown = output(session)
    assert "(only you can see this)" in shown
    assert "Did you mean" in shown
    assert shown.count("╭─ Caching") == 1


async def test_time_moves_the_clock_and_scheduled_posts_fire(session: PlaygroundSession) -> None:
    await session.execute("as mentor")
    await session.execute("/takeaways schedule channel:#prodevprojectnexus time:06:00")
    await session.execute("time +7h")
    shown = output(session)
    assert "It is now Thu 01 Jan 2026 07:00 UTC." in shown
    assert "💡" in shown and "[ Read more ]" in shown


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/frobnicate", "unknown command /frobnicate"),
        ("/takeaways schedule time:09:00", "needs channel"),
        ("/takeaways preview id:abc", "id: 'abc' is not a number"),
        ("/takeaways schedule channel:#nowhere time:09:00", "no channel named #nowhere"),
        ("as carol", "no member named carol"),
        ("go #nowhere", "no channel or thread"),
        ("click Nope", "no message here has a 'Nope' button"),
        ("time soon", "time +2h"),
        ("dance", "unknown command 'dance'"),
        ('/search query:"unclosed', "check your quotes"),
    ],
)
async def test_bad_lines_get_one_line_and_change_nothing(
    session: PlaygroundSession, line: str, message: str
) -> None:
    before = session.prompt
    with pytest.raises(PlaygroundError) as caught:
        await session.execute(line)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert session.prompt == before


def play(tmp_path: Path, script: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONTENT_DIR": str(ROOT / "content"), "PYTHONPATH": str(ROOT)}
    env.pop("DISCORD_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", "play", "--script", str(script)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_the_guided_tour_runs_to_the_end(tmp_path: Path) -> None:
    result = play(tmp_path, ROOT / "examples" / "tour.play")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "bot error" not in result.stdout
    assert result.stderr == ""
    # A script's members type at a person's pace: the write limit lets the tour through.
    assert "going a bit fast" not in result.stdout
    # The guide's loop: suggested, approved by the mentor, shown with its topic.
    assert "From the community" in result.stdout
    # The contract set in the tour answers through the mock, as a frontend would see it.
    assert "API mock: GET /listings/1 -> 200" in result.stdout
    assert '"host_name": "Ada"' in result.stdout


def test_a_script_stops_with_the_failing_line_number(tmp_path: Path) -> None:
    script = tmp_path / "bad.play"
    script.write_text("/topic caching\n/frobnicate now\n/topic docker\n")
    result = play(tmp_path, script)
    assert result.returncode == 1
    assert "line 2: unknown command /frobnicate" in result.stdout
    assert "docker" not in result.stdout.split("line 2:")[1]


def test_the_interactive_playground_serves_its_solved_question_on_the_web(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "CONTENT_DIR": str(ROOT / "content"), "PYTHONPATH": str(ROOT)}
    env.pop("DISCORD_TOKEN", None)
    env["COLUMNS"] = "200"  # one address per line
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "play"], cwd=tmp_path, env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    try:
        seen = ""
        while (found := re.search(r"http://127\.0\.0\.1:\d+/g/\d+/qa/\d+", seen)) is None:
            line = process.stdout.readline()
            assert line, f"the playground ended without an address: {seen}"
            seen += line
        # The prompt now waits for input; the hub answers from its own process meanwhile.
        with urllib.request.urlopen(found.group(0), timeout=10) as response:
            html = response.read().decode()
        assert "How long should a cached API response live?" in html
        assert "Accepted answer" in html and "by bob" in html
        # The API mock is served by that same hub, and the bot says so.
        process.stdin.write("/api mock\nquit\n")  # quit: a missing line ends the read
        process.stdin.flush()
        while "This server's mock:" not in (line := process.stdout.readline()):
            assert line, f"no mock address: {seen}"
            seen += line
        hub = found.group(0).split("/g/")[0]
        assert f"This server's mock: {hub}/g/" in line.replace("`", "")
    finally:
        process.stdin.close()
        process.wait(timeout=60)
    assert process.returncode == 0
    # Leaving the playground stops its hub too.
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(found.group(0), timeout=5)
