"""Keeping Python's full garbage collections from stalling the event loop.

A full collection scans every object the process tracks and holds the interpreter while it
does: with 2,000 topics loaded, about 100 ms, in which no interaction is answered and no
gateway heartbeat goes out. Nearly all of those objects live as long as the process
(discord.py, SQLAlchemy, the knowledge base), so once they are built they are moved out of
the collector's sight (`gc.freeze`). A reload builds the next knowledge base with
collections paused, so no collection scans it half-built, then moves it aside the same way.

What is moved aside is freed as usual when nothing refers to it any more; only reference
cycles among such objects would outlive their use. The knowledge base holds none (frozen
dataclasses, tuples, dicts of strings), so an old one is freed when a reload replaces it.
The test suite never freezes: it builds and drops a bot per test.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def set_aside_long_lived() -> None:
    """Exclude every object alive now from future collections (they stay alive as usual)."""
    gc.freeze()


@contextmanager
def collections_paused() -> Iterator[None]:
    """No automatic collection while a large, long-lived structure is being built."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
