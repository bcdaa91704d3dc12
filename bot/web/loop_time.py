"""How long a coroutine holds the event loop: the time of its steps, not of its waits.

A question page waits for the database for most of its 3 ms, and the loop serves slash
commands meanwhile; only the steps between those waits keep a command waiting. The pacer
charges a page for these, so that its share of the loop is what it says.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Generator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class LoopTime(Generic[T]):
    """Awaits `coroutine` as if directly, adding the time of each of its steps to `spent`."""

    def __init__(self, coroutine: Coroutine[Any, Any, T], clock: Callable[[], float]) -> None:
        self._coroutine = coroutine
        self._clock = clock
        self.spent = 0.0

    def __await__(self) -> Generator[Any, Any, T]:
        # The task that awaits this drives it: each value the coroutine yields (a future it
        # waits for) goes up to the task, and what the task sends or throws back goes down.
        to_send: Any = None
        to_throw: BaseException | None = None
        while True:
            started = self._clock()
            try:
                if to_throw is None:
                    waiting_for = self._coroutine.send(to_send)
                else:
                    waiting_for = self._coroutine.throw(to_throw)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            finally:
                self.spent += self._clock() - started
            try:
                to_send, to_throw = (yield waiting_for), None
            except BaseException as thrown:  # a cancellation goes down to the coroutine
                to_send, to_throw = None, thrown
