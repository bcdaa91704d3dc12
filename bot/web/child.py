"""The web hub as a child process of the bot (`python -m bot run`) or of the playground.

The child is `python -m bot web` with the parent's settings (`Settings.hub_environment`), so
pages never share an event loop with commands. A supervisor thread, not a task, watches it:
the playground blocks its loop at the prompt, and a restart must not wait for a command.
If the child dies it is started again after a pause that doubles up to a limit (and starts
short again once a child has lived a while); stopping the parent stops it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence

from bot.config import Settings

log = logging.getLogger(__name__)
# `serve_hub` prints this line once it listens (bot/web/standalone.py: print_address).
ADDRESS_LINE = re.compile(r"Nexus web hub on (?P<url>http://\S+?)/? ")
FIRST_PAUSE_SECONDS = 1.0
LONGEST_PAUSE_SECONDS = 30.0
# A child that served this long is counted healthy: the next restart pauses briefly again.
HEALTHY_AFTER_SECONDS = 60.0
# How long stopping waits for the child to finish its pages before it is killed.
STOP_SECONDS = 8.0
# Set in a child's environment to its parent's pid (read by bot/web/standalone.py).
PARENT_VARIABLE = "NEXUS_HUB_PARENT_PID"


class HubChild:
    """Starts, watches and stops one `python -m bot web` child."""

    def __init__(self, settings: Settings, *, command: Sequence[str] | None = None) -> None:
        self._environment = {
            **os.environ,
            **settings.hub_environment(),
            # The child stops by itself if this process dies without stopping it.
            PARENT_VARIABLE: str(os.getpid()),
        }
        self._command = list(command or (sys.executable, "-m", "bot", "web"))
        self._process: subprocess.Popen[str] | None = None
        self._stopping = threading.Event()
        self._listening = threading.Event()
        self._lock = threading.Lock()
        self._watcher: threading.Thread | None = None
        self.url: str | None = None
        self.restarts = 0
        self.last_exit: int | None = None

    @property
    def pid(self) -> int | None:
        process = self._process
        return None if process is None else process.pid

    def start(self, timeout: float = 30.0) -> str | None:
        """Start the child and return its address once it listens (None if it did not in
        `timeout` seconds: the supervisor goes on trying, and logs why)."""
        self._watcher = threading.Thread(target=self._supervise, name="nexus-hub", daemon=True)
        self._watcher.start()
        self._listening.wait(timeout)
        return self.url

    def wait_listening(self, timeout: float) -> bool:
        """True once a (re)started child listens again; for tests and the playground."""
        return self._listening.wait(timeout)

    def reload(self) -> None:
        """Ask the child to reload its content now (it also polls the content version)."""
        with self._lock:
            process = self._process
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGHUP)

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL after STOP_SECONDS) and its supervisor."""
        self._stopping.set()
        with self._lock:
            process = self._process
        if process is not None:
            _terminate(process)
        if self._watcher is not None:
            self._watcher.join(STOP_SECONDS + 2)

    def _supervise(self) -> None:
        pause = FIRST_PAUSE_SECONDS
        while not self._stopping.is_set():
            lived = self._run_once()
            if self._stopping.is_set():
                return
            self.restarts += 1
            pause = FIRST_PAUSE_SECONDS if lived >= HEALTHY_AFTER_SECONDS else pause
            log.warning(
                "web hub child exited with status %s; starting it again in %.0f s",
                self.last_exit,
                pause,
            )
            if self._stopping.wait(pause):
                return
            pause = min(pause * 2, LONGEST_PAUSE_SECONDS)

    def _run_once(self) -> float:
        """Run one child until it exits; how many seconds it lived."""
        started = time.monotonic()
        environment = dict(self._environment)
        if self.url is not None:
            # The same port again, so the address printed to the user stays true.
            environment["NEXUS_WEB_PORT"] = self.url.rsplit(":", 1)[1]
        try:
            process = subprocess.Popen(
                self._command,
                env=environment,
                stdout=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                # Its own process group: a Ctrl-C in the terminal reaches the parent, which
                # stops the child in order instead of both dying at once.
                start_new_session=True,
            )
        except OSError as error:
            log.error("web hub child could not start: %s", error)
            self.last_exit = None
            return 0.0
        with self._lock:
            self._process = process
        if self._stopping.is_set():
            _terminate(process)
        assert process.stdout is not None
        for line in process.stdout:
            found = ADDRESS_LINE.search(line)
            if found is not None:
                self.url = found["url"]
                log.info("web hub child %d listens on %s", process.pid, self.url)
                self._listening.set()
        self.last_exit = process.wait()
        self._listening.clear()
        return time.monotonic() - started


def _terminate(process: subprocess.Popen[str]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    try:
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait()
