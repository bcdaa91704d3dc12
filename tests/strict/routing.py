"""One hook for every rule: simcord routes each REST call through
`simcord.http.router.dispatch`, which a rule wraps (through `monkeypatch`) to check a call
before simulated Discord acts on it, or to change the answer after it did."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from simcord.http import router

Dispatch = Callable[..., Any]
# A rule gets the real call (to make, or not), the backend, the method, the path and the
# JSON body; what it returns is the answer.
RouteRule = Callable[[Callable[[], Any], Any, str, str, Any], Any]


def wrap_dispatch(monkeypatch: pytest.MonkeyPatch, rule: RouteRule) -> None:
    real: Dispatch = router.dispatch

    def dispatch(backend: Any, method: str, path: str, **kwargs: Any) -> Any:
        def call() -> Any:
            return real(backend, method, path, **kwargs)

        return rule(call, backend, method, path, kwargs.get("json"))

    monkeypatch.setattr(router, "dispatch", dispatch)
