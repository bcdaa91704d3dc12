"""The versions the content is written for; a topic reviewed against older ones needs a look."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

_DOTTED_NUMBERS = re.compile(r"^\d+(?:\.\d+)*$")


@dataclass(frozen=True)
class Version:
    """A version as numbers, so 5.10 is newer than 5.9 (as text it would sort before it)."""

    parts: tuple[int, ...]

    @classmethod
    def parse(cls, text: str) -> Version:
        """`"5.2"` as `Version((5, 2))`; `ValueError` unless the text is numbers joined by dots."""
        if not _DOTTED_NUMBERS.match(text.strip()):
            raise ValueError(f"version '{text}' is not numbers joined by dots, like \"5.2\"")
        return cls(tuple(int(part) for part in text.strip().split(".")))

    def is_older_than(self, other: Version) -> bool:
        """Compared at the precision both give: 5.1 < 5.2, but "5" counts as any 5.x."""
        shared = min(len(self.parts), len(other.parts))
        return self.parts[:shared] < other.parts[:shared]

    def __str__(self) -> str:
        return ".".join(str(part) for part in self.parts)


# The stack the course builds on (a Django 5.2 LTS / DRF 3.16 project). Bumping a number here is
# a decision: every topic pinned to the older version then warns until someone reviews it.
# Tools without one version are left out on purpose: GitHub Actions, for instance, versions
# each action separately (actions/checkout@v5, actions/setup-python@v6), so it is not compared.
_CURRENT: Final = {
    "python": "3.14",
    "django": "5.2",
    "drf": "3.16",
    "simplejwt": "5.5",
    "celery": "5.5",
    "postgresql": "17",
    "redis": "7",
    "docker": "28",
    "kubernetes": "1.34",
    "channels": "4",
    "graphene": "3",
}

CURRENT_VERSIONS: Final[Mapping[str, Version]] = MappingProxyType(
    {tool: Version.parse(text) for tool, text in _CURRENT.items()}
)
