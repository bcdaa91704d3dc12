"""At most 100 users and 100 roles in a message's `allowed_mentions`.

Discord's allowed mentions object: `users` and `roles` are arrays of ids "(Max size of
100)"; a longer one makes the whole message refused with 400 Invalid Form Body (code 50035),
so nobody is pinged at all. simcord accepts any length. This rule checks every body that
can carry `allowed_mentions`: a message sent or edited, a webhook or follow-up message, and
an interaction response (where it sits under `data`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from simcord.backend.errors import BackendError

from tests.strict.routing import wrap_dispatch

MAX_IDS = 100
INVALID_FORM_BODY = 50035


def _mention_lists(body: Any) -> list[tuple[str, Any]]:
    if not isinstance(body, dict):
        return []
    holders = [body]
    if isinstance(body.get("data"), dict):  # an interaction response
        holders.append(body["data"])
    found: list[tuple[str, Any]] = []
    for holder in holders:
        mentions = holder.get("allowed_mentions")
        if isinstance(mentions, dict):
            found.extend((kind, mentions.get(kind)) for kind in ("users", "roles"))
    return found


def too_many(body: Any) -> str | None:
    """The first of `users`/`roles` holding more than 100 ids, or None."""
    for kind, ids in _mention_lists(body):
        if isinstance(ids, list) and len(ids) > MAX_IDS:
            return kind
    return None


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    def rule(call: Callable[[], Any], backend: Any, method: str, path: str, body: Any) -> Any:
        kind = too_many(body) if method in ("POST", "PATCH") else None
        if kind is not None:
            error = {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 100 or fewer in length."}
            raise BackendError(
                400,
                INVALID_FORM_BODY,
                "Invalid Form Body",
                errors={"allowed_mentions": {kind: {"_errors": [error]}}},
            )
        return call()

    wrap_dispatch(monkeypatch, rule)
