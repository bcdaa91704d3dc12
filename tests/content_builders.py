"""Builders of content folders for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path


def topic_text(
    slug: str,
    *,
    title: str | None = None,
    category: str = "data",
    aliases: str = "[]",
    related: str = "[]",
    summary: str = "A short summary.",
    url: str = "https://docs.example.org/page",
    body: str | None = None,
    reviewed: str | None = None,
    versions: str | None = None,
) -> str:
    """A valid topic file; `reviewed` and `versions`, when given, end the front matter
    (lines 12 and on), so the other fields keep their lines."""
    body = body or (
        "## Key ideas\n- One idea.\n\n## Example\n```python\nprint('hi')\n```\n\n"
        "## Pitfalls\n- One pitfall.\n\n## In practice\nUse it well.\n"
    )
    review = "".join(
        f"{key}: {value}\n"
        for key, value in (("reviewed", reviewed), ("versions", versions))
        if value is not None
    )
    return (
        f"---\ntitle: {title or slug.replace('-', ' ').title()}\nslug: {slug}\n"
        f"category: {category}\nlevel: beginner\naliases: {aliases}\nsummary: {summary}\n"
        f"related: {related}\nresources:\n  - title: Docs\n    url: {url}\n{review}---\n{body}"
    )


def takeaways_text(slug: str, count: int = 2, body: str = "A practical lesson.") -> str:
    items = "\n".join(f"## {slug}-lesson-{i}: Lesson {i}\n{body}\n" for i in range(count))
    return f"---\ntopic: {slug}\n---\n{items}"


def write_content(root: Path, topics: dict[str, str], takeaways: dict[str, str]) -> Path:
    (root / "topics").mkdir(parents=True, exist_ok=True)
    (root / "takeaways").mkdir(parents=True, exist_ok=True)
    for slug, text in topics.items():
        (root / "topics" / f"{slug}.md").write_text(text)
    for slug, text in takeaways.items():
        (root / "takeaways" / f"{slug}.md").write_text(text)
    return root


def valid_pair(root: Path, **first: str) -> Path:
    """Two valid topics (alpha, beta) with takeaways; `first` overrides alpha's fields."""
    return write_content(
        root,
        {"alpha": topic_text("alpha", **first), "beta": topic_text("beta", related="[alpha]")},
        {"alpha": takeaways_text("alpha"), "beta": takeaways_text("beta")},
    )


def shipped_counts(content: Path) -> tuple[int, int]:
    """How many topics and takeaways a content folder holds, counted from its files."""
    topics = len(list((content / "topics").glob("*.md")))
    takeaways = sum(
        line.startswith("## ")
        for path in (content / "takeaways").glob("*.md")
        for line in path.read_text(encoding="utf-8").splitlines()
    )
    return topics, takeaways
