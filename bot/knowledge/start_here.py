""" "Start here" reading paths: the topics a backend or a frontend learner reads first.

A topic joins a path with a `start_here` entry in its front matter, mapping the path to
its step: `start_here: {frontend: 2}`. The steps of a path run 1, 2, 3... with no gap or
repeat, so the order lives beside the topics it orders and `python -m bot check` keeps it
whole when a topic is added or removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

# The paths the hub's home page shows, in this order, with their headings.
PATHS = {"backend": "Start here: backend", "frontend": "Start here: frontend"}


class Problems(Protocol):
    def add(self, path: Path, line: int, message: str) -> None: ...


class Stepped(Protocol):
    @property
    def slug(self) -> str: ...
    @property
    def source(self) -> Path: ...
    @property
    def start_here(self) -> tuple[tuple[str, int], ...]: ...


def read_start_here(
    path: Path, meta: Mapping[str, Any], line: int, problems: Problems
) -> tuple[tuple[str, int], ...]:
    """The topic's (path, step) pairs; a problem for anything else."""
    raw = meta.get("start_here")
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        problems.add(path, line, "'start_here' must map a path to a step, like {backend: 1}")
        return ()
    steps: list[tuple[str, int]] = []
    for name, step in raw.items():
        if name not in PATHS:
            known = ", ".join(PATHS)
            problems.add(path, line, f"'start_here' path '{name}' is not one of: {known}")
        elif not isinstance(step, int) or isinstance(step, bool) or step < 1:
            problems.add(path, line, f"'start_here' step for {name} must be a whole number >= 1")
        else:
            steps.append((str(name), step))
    return tuple(steps)


def check_paths(topics: Mapping[str, Stepped], problems: Problems) -> None:
    """Each path's steps are 1..n, each taken by one topic."""
    for name in PATHS:
        taken: dict[int, Stepped] = {}
        for topic in topics.values():
            for path_name, step in topic.start_here:
                if path_name != name:
                    continue
                if step in taken:
                    problems.add(
                        topic.source, 1,
                        f"'start_here' {name} step {step} is also {taken[step].slug}'s",
                    )  # fmt: skip
                taken[step] = topic
        missing = [n for n in range(1, max(taken, default=0) + 1) if n not in taken]
        if missing:
            first = next(iter(taken.values()))
            problems.add(first.source, 1, f"'start_here' {name} has no step {missing[0]}")


def start_paths(topics: Mapping[str, Stepped]) -> dict[str, list[Any]]:
    """Each path's topics in step order (paths with no topic left out)."""
    paths: dict[str, list[tuple[int, Any]]] = {name: [] for name in PATHS}
    for topic in topics.values():
        for name, step in topic.start_here:
            paths[name].append((step, topic))
    return {name: [t for _, t in sorted(steps)] for name, steps in paths.items() if steps}
