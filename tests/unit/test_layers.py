"""The layering rules of docs/architecture.md, checked on the source tree."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _offenders(folder: str, forbidden: str) -> list[str]:
    return [
        str(path.relative_to(ROOT))
        for path in _sources(folder)
        if any(m == forbidden or m.startswith(f"{forbidden}.") for m in _imported_modules(path))
    ]


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("bot/services", "discord"),
        ("bot/db", "discord"),
        ("bot/knowledge", "discord"),
        ("bot/web", "discord"),
        ("cogs", "bot.db"),
    ],
)
def test_layer_never_imports_what_it_must_not(folder: str, forbidden: str) -> None:
    assert _offenders(folder, forbidden) == []


def test_services_are_one_package_per_feature_without_prefixed_modules() -> None:
    flat = [p.stem for p in (ROOT / "bot/services").glob("*.py")]
    prefixed = [name for name in flat if name.split("_")[0] in {"api", "qa", "topic", "topics"}]
    assert prefixed == []
    for feature in ("api", "qa", "schedules", "topics"):
        assert (ROOT / "bot/services" / feature / "__init__.py").is_file()
