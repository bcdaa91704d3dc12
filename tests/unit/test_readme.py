"""The README and docs/ stay true to the code they describe.

- the README stays short enough to read (the history of benchmark runs lives in git);
- every variable `Settings.from_env` reads is in the README's configuration table and in
  `.env.example`, each exactly once, and neither lists a variable the code no longer reads;
- every relative link and image of README.md and docs/*.md points to a file that exists
  (and, into a Markdown file, to a heading it has);
- the README's command table names every top-level command of the bot, as listed by the
  generated reference docs/commands.md, and no command that is gone.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
ENV_EXAMPLE = ROOT / ".env.example"
CONFIG = ROOT / "bot" / "config.py"
COMMANDS = ROOT / "docs" / "commands.md"
README_MAX_LINES = 300
# Written by a command rather than by hand, so a checkout may not hold them yet.
GENERATED = {
    Path("docs/commands.md"): "make docs",
    Path("docs/performance.md"): "make bench",
}
DOCUMENTS = [README, *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
ENV_ASSIGNMENT = re.compile(r"^([A-Z][A-Z0-9_]*)=", re.MULTILINE)
# In docs/commands.md: "### `/api claim`" and "### Mark as answer (message menu)".
SLASH_HEADING = re.compile(r"^### `/([a-z0-9_-]+)", re.MULTILINE)
MENU_HEADING = re.compile(r"^### (.+?) \((?:message|user) menu\)$", re.MULTILINE)
SLASH_NAME = re.compile(r"`/([a-z0-9_-]+)")
TABLE_SEPARATOR = re.compile(r"\|(?:\s*:?-+:?\s*\|)+")
CELL_BORDER = re.compile(r"(?<!\\)\|")  # a pipe that is not escaped as \|


def settings_variables() -> list[str]:
    """The names `Settings.from_env` reads: `values.get("NAME")` and `helper(values, "NAME")`."""
    tree = ast.parse(CONFIG.read_text(encoding="utf-8"))
    from_env = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "from_env"
    )
    names: list[str] = []
    for node in ast.walk(from_env):
        if not isinstance(node, ast.Call):
            continue
        func, args = node.func, node.args
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "get"
            and isinstance(func.value, ast.Name)
            and func.value.id == "values"
        ):
            named = args[:1]
        elif args and isinstance(args[0], ast.Name) and args[0].id == "values":
            named = args[1:2]
        else:
            continue
        names += [
            a.value for a in named if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
    return sorted(set(names))


def without_code(text: str) -> str:
    """Markdown with fenced blocks and inline code removed: examples there are not links."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def section(text: str, heading: str) -> str:
    """The body of `## heading`, up to the next second-level heading."""
    match = re.search(
        rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL
    )
    assert match is not None, f"README.md has no '## {heading}' section"
    return match.group(1)


def first_cells(body: str) -> list[str]:
    """The first cell of every body row of the Markdown tables in `body` (header rows, the
    ones above a separator, left out)."""
    cells: list[str] = []
    in_body = False
    for line in body.splitlines():
        if not line.startswith("|"):
            in_body = False
        elif TABLE_SEPARATOR.fullmatch(line):
            in_body = True
        elif in_body:
            cells.append(CELL_BORDER.split(line)[1].strip())
    return cells


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: Counter[str] = Counter()
    found = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        base = slug(heading)
        found.add(base if not seen[base] else f"{base}-{seen[base]}")
        seen[base] += 1
    return found


def test_the_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines (at most {README_MAX_LINES}): move reference "
        "material to docs/"
    )


def test_settings_variables_are_found() -> None:
    names = settings_variables()
    assert "DISCORD_TOKEN" in names and "DATABASE_URL" in names, names
    assert len(names) >= 10, names


def test_the_configuration_table_lists_every_variable_once() -> None:
    body = section(README.read_text(encoding="utf-8"), "Configuration")
    listed = Counter(cell.strip("`") for cell in first_cells(body))
    expected = settings_variables()
    assert sorted(listed) == expected, "README's configuration table and bot/config.py differ"
    assert [name for name, count in listed.items() if count > 1] == []


def test_env_example_assigns_every_variable_once() -> None:
    assigned = Counter(ENV_ASSIGNMENT.findall(ENV_EXAMPLE.read_text(encoding="utf-8")))
    assert sorted(assigned) == settings_variables(), ".env.example and bot/config.py differ"
    assert [name for name, count in assigned.items() if count > 1] == []


def _link_targets() -> list[tuple[Path, str]]:
    return [
        (document, target)
        for document in DOCUMENTS
        for target in LINK.findall(without_code(document.read_text(encoding="utf-8")))
        if not SCHEME.match(target)
    ]


def test_documents_have_relative_links_to_check() -> None:
    assert any(document == README for document, _ in _link_targets())


@pytest.mark.parametrize(
    ("document", "target"),
    _link_targets(),
    ids=lambda value: value.name if isinstance(value, Path) else str(value),
)
def test_relative_links_point_to_files_that_exist(document: Path, target: str) -> None:
    file_part, _, anchor = target.partition("#")
    path = (document.parent / file_part).resolve() if file_part else document
    try:
        in_repo = path.relative_to(ROOT)
    except ValueError:
        pytest.fail(f"{document.name}: {target} leaves the repository")
    if in_repo in GENERATED and not path.exists():
        pytest.skip(f"{in_repo} is generated by `{GENERATED[in_repo]}` and not written yet")
    assert path.exists(), f"{document.relative_to(ROOT)}: {target} points to nothing"
    if anchor and path.suffix == ".md":
        assert anchor in anchors(path), f"{document.relative_to(ROOT)}: no heading #{anchor}"


@pytest.mark.parametrize("generated", sorted(GENERATED), ids=str)
def test_generated_documents_exist(generated: Path) -> None:
    if not (ROOT / generated).is_file():
        pytest.skip(f"{generated} is missing: `{GENERATED[generated]}` writes it")


def test_the_command_table_names_every_top_level_command() -> None:
    if not COMMANDS.is_file():
        pytest.skip("docs/commands.md is missing: `make docs` writes it from the command tree")
    reference = COMMANDS.read_text(encoding="utf-8")
    groups = sorted(set(SLASH_HEADING.findall(reference)))
    menus = sorted(set(MENU_HEADING.findall(reference)))
    assert groups, "docs/commands.md lists no slash command"

    cells = first_cells(section(README.read_text(encoding="utf-8"), "Commands"))
    table = "\n".join(cells)
    missing = [f"/{g}" for g in groups if not re.search(rf"`/{re.escape(g)}[ `]", table)]
    missing += [menu for menu in menus if f"`{menu}`" not in table]
    assert missing == [], f"README's command table leaves out {missing}"
    gone = sorted(set(SLASH_NAME.findall(table)) - set(groups))
    assert gone == [], f"README's command table names commands the bot lacks: {gone}"
