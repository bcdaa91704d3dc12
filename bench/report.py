"""What a benchmark run found, as tables: printed as they come, and written by `make bench`
to `docs/performance.md` (the machine, the commit, one section per suite: bench/document.py).

A suite calls `table(...)` for each set of figures it measured and `note(...)` for a line
that belongs with them (what was seeded, why something was skipped). Each row keeps its
goal beside its figure, so the report says what was aimed at, not only what came out:
`table` refuses a table without a "goal" column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

GOAL_COLUMN = "goal"
NO_TARGET = "-"


@dataclass(frozen=True)
class Goal:
    """What a figure aims at, in words, and (when there is a target) how to judge it."""

    text: str
    check: Callable[[float], bool] | None = None
    # A guard is judged too, but in its own words: tripping it is news, not a missed goal.
    passed: str = "met"
    failed: str = "MISSED"

    def verdict(self, value: float | None) -> str:
        if self.check is None:
            return NO_TARGET
        if value is None:
            return "not measured"
        return self.passed if self.check(value) else self.failed


def at_most(limit: float, text: str) -> Goal:
    return Goal(text, lambda value: value <= limit)


def below(limit: float, text: str) -> Goal:
    return Goal(text, lambda value: value < limit)


def at_least(limit: float, text: str) -> Goal:
    return Goal(text, lambda value: value >= limit)


def equal_to(expected: float, text: str) -> Goal:
    return Goal(text, lambda value: value == expected)


# Figures with no target: a reference others are divided by, or one watched for change.
REFERENCE = Goal("reference for the ratios (no target)")
GUARD = Goal("regression guard (no target)")
CONTEXT = Goal("context (no target)")


def guard(why: str) -> Goal:
    return Goal(f"regression guard (no target): {why}")


# Commands answer in a few ms through the simulated Discord, and their ratios to a no-op
# move more with the machine than with the code (issue 33): one tripwire for all of them.
GUARD_RATIO = 3.0


def ratio_guard(base: str) -> Goal:
    """The commands' one regression guard: p99 at most 3x the no-op of the same visibility.
    Reported, not a goal: "within" or "TRIPPED", never "met" or "MISSED"."""
    return Goal(
        f"regression guard, not a goal: p99 <= {GUARD_RATIO:g}x {base}",
        lambda ratio: ratio <= GUARD_RATIO,
        passed="within",
        failed="TRIPPED",
    )


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass
class SuiteReport:
    name: str
    summary: str = ""
    parts: list[Table | str] = field(default_factory=list)


class Report:
    """Every suite's tables and notes of one `python -m bench` run, in order."""

    def __init__(self) -> None:
        self.suites: list[SuiteReport] = []

    def begin(self, name: str, summary: str = "") -> None:
        self.suites.append(SuiteReport(name, summary))
        print(f"\n=== {name} ===\n{summary}", flush=True)

    def _current(self) -> SuiteReport:
        if not self.suites:
            self.begin("unnamed")
        return self.suites[-1]

    def add(self, part: Table | str) -> None:
        self._current().parts.append(part)


RUN = Report()


def table(title: str, columns: list[str] | tuple[str, ...], rows: list[list[str]]) -> Table:
    """Record (and print) one table; every cell is already formatted text."""
    made = Table(title, tuple(columns), tuple(tuple(str(cell) for cell in row) for row in rows))
    if GOAL_COLUMN not in made.columns:
        raise ValueError(f"{title}: every table says the goal beside its figures")
    for row in made.rows:
        if len(row) != len(made.columns):
            raise ValueError(f"{title}: a row has {len(row)} cells for {len(made.columns)} columns")
    RUN.add(made)
    print(render_plain(made), flush=True)
    return made


def note(text: str) -> None:
    """Record (and print) one line that goes with the current suite's tables."""
    RUN.add(text)
    print(text, flush=True)


def ms(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def times(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def render_plain(made: Table) -> str:
    widths = [
        max(len(cell) for cell in (heading, *(row[i] for row in made.rows)))
        for i, heading in enumerate(made.columns)
    ]
    lines = [f"\n{made.title}"]
    for cells in (made.columns, *made.rows):
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        )
    return "\n".join(lines)


def render_markdown(made: Table) -> str:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    head = [f"**{made.title}**", "", line(made.columns), "|" + "---|" * len(made.columns)]
    return "\n".join([*head, *(line(row) for row in made.rows)])
