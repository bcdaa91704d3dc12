"""Code a frontend learner can paste to call a request's mock: a `curl` line and a `fetch()`."""

from __future__ import annotations

import json
import re

from bot.services.api.json_examples import JsonValue

PARAMETER = re.compile(r"\{[^/{}]+\}")
# A parameter's stand-in in a ready-to-run URL: the mock matches any value in its place.
SAMPLE_VALUE = "1"
SENDS_BODY = frozenset({"POST", "PUT", "PATCH"})


def sample_path(path: str) -> str:
    """`/listings/{id}` -> `/listings/1`: a path the mock answers as it stands."""
    return PARAMETER.sub(SAMPLE_VALUE, path)


def _shell_quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def curl_snippet(method: str, url: str, body: JsonValue | None) -> str:
    parts = ["curl", "-i"]
    if method != "GET":
        parts += ["-X", method]
    if method in SENDS_BODY and body is not None:
        parts += ["-H", _shell_quoted("Content-Type: application/json")]
        parts += ["-d", _shell_quoted(json.dumps(body, ensure_ascii=False))]
    parts.append(_shell_quoted(url))
    return " ".join(parts)


def fetch_snippet(method: str, url: str, body: JsonValue | None) -> str:
    options = [f'  method: "{method}",']
    if method in SENDS_BODY and body is not None:
        options.append('  headers: { "Content-Type": "application/json" },')
        options.append(f"  body: JSON.stringify({json.dumps(body, ensure_ascii=False)}),")
    return (
        f"const response = await fetch({json.dumps(url)}, {{\n"
        + "\n".join(options)
        + "\n});\nconsole.log(response.status, await response.json());"
    )
