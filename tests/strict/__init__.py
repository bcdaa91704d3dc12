"""The strict layer: Discord's documented rules that simcord, kinder than Discord, does not
enforce, reproduced over simcord for every end-to-end test (tests/conftest.py's
`simcord_env` installs them all).

Each rule is a module of this package with an `install(monkeypatch)` function, listed in
`RULES`; docs/architecture.md lists what each enforces and the Discord documentation page it
follows. A rule that needs a test's cooperation (a fault to inject once) is a function the
test calls instead, in the same module.
"""

from __future__ import annotations

import importlib

import pytest

# Modules of this package whose `install` runs for every simcord test, in this order.
RULES: tuple[str, ...] = ("writes", "threads", "mentions", "events")


def install_all(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in RULES:
        importlib.import_module(f"{__name__}.{name}").install(monkeypatch)
