"""Typed settings read from the environment and `.env`.

Every problem is reported as a `ConfigError` whose message is one line naming the variable,
so start-up can print it instead of a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from bot.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/nexus.db"
SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
# A bot token is three URL-safe base64 parts joined by dots (the id, a time, a signature).
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Secret:
    """A string that never shows itself in `repr`, `str` or logs."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class RateLimit:
    """At most `count` write commands per member in any `seconds` window."""

    count: int
    seconds: float


@dataclass(frozen=True)
class Settings:
    discord_token: Secret | None = None
    database_url: str = DEFAULT_DATABASE_URL
    content_dir: Path = Path("content")
    dev_guild_id: int | None = None
    timezone: str = "UTC"
    auto_migrate: bool = True
    log_level: str = "INFO"
    http_port: int | None = None
    web_host: str = "127.0.0.1"
    # `python -m bot run` starts the web hub as a child process only when this is set.
    web_port: int | None = None
    # The hub's public address, for "Read on the web" links posted in Discord.
    web_url: str | None = None
    write_rate: RateLimit = field(default_factory=lambda: RateLimit(5, 30.0))
    catchup_minutes: int = 60
    # The playground and tests run against a fresh simulated Discord each time, so they
    # must sync even when the stored tree hash says nothing changed.
    force_command_sync: bool = False

    @property
    def database_backend(self) -> str:
        return make_url(self.database_url).get_backend_name()

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, env_file: str | Path | None = ".env"
    ) -> Settings:
        """Build settings from `environ` (default: the process) over an optional `.env`."""
        values: dict[str, str] = {}
        if env_file is not None and Path(env_file).is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        return cls(
            discord_token=_token(values.get("DISCORD_TOKEN")),
            database_url=_database_url(values.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            content_dir=Path(values.get("CONTENT_DIR") or "content"),
            dev_guild_id=_optional_int(values, "NEXUS_DEV_GUILD_ID", minimum=1),
            timezone=_timezone(values.get("NEXUS_TIMEZONE") or "UTC"),
            auto_migrate=_bool(values, "NEXUS_AUTO_MIGRATE", default=True),
            log_level=_log_level(values.get("LOG_LEVEL") or "INFO"),
            http_port=_optional_int(values, "NEXUS_HTTP_PORT", minimum=0, maximum=65535),
            web_host=(values.get("NEXUS_WEB_HOST") or "127.0.0.1").strip(),
            web_port=_optional_int(values, "NEXUS_WEB_PORT", minimum=0, maximum=65535),
            web_url=_web_url(values.get("NEXUS_WEB_URL")),
            write_rate=_rate(values.get("NEXUS_WRITE_RATE") or "5/30"),
            catchup_minutes=_optional_int(values, "NEXUS_CATCHUP_MINUTES", minimum=0) or 60,
        )

    def hub_environment(self) -> dict[str, str]:
        """The variables a `python -m bot web` child needs to serve the hub as this process
        would: the same database, content, address and logging. The parent has migrated, so
        the child does not; DISCORD_TOKEN is blank so that a `.env` beside the child cannot
        lend a process that never talks to Discord the token."""
        return {
            "DATABASE_URL": self.database_url,
            "CONTENT_DIR": str(self.content_dir.resolve()),
            "NEXUS_WEB_HOST": self.web_host,
            "NEXUS_WEB_PORT": "" if self.web_port is None else str(self.web_port),
            "NEXUS_WEB_URL": self.web_url or "",
            "LOG_LEVEL": self.log_level,
            "NEXUS_TIMEZONE": self.timezone,
            "NEXUS_AUTO_MIGRATE": "false",
            "DISCORD_TOKEN": "",
        }

    def prepare_storage(self) -> None:
        """Create the folder of a file-based SQLite database."""
        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            Path(str(url.database)).parent.mkdir(parents=True, exist_ok=True)


def _token(raw: str | None) -> Secret | None:
    if raw is None or not raw.strip():
        return None
    if any(ch.isspace() for ch in raw.strip()):
        raise ConfigError("DISCORD_TOKEN: must not contain spaces (copy the token exactly)")
    if TOKEN_SHAPE.fullmatch(raw.strip()) is None:
        # Refused before connecting: Discord would only say "improper token" after a trip.
        raise ConfigError(
            "DISCORD_TOKEN: not shaped like a bot token (three base64 parts joined by dots); "
            "copy it from the Developer Portal's Bot page"
        )
    return Secret(raw.strip())


def _database_url(raw: str) -> str:
    try:
        url: URL = make_url(raw.strip())
    except ArgumentError:
        raise ConfigError(
            "DATABASE_URL: not a database URL (expected e.g. sqlite+aiosqlite:///data/nexus.db)"
        ) from None
    if url.drivername not in SUPPORTED_DRIVERS:
        raise ConfigError(
            f"DATABASE_URL: driver '{url.drivername}' is not supported; "
            f"use one of {', '.join(SUPPORTED_DRIVERS)}"
        )
    return url.render_as_string(hide_password=False)


def _web_url(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    url = raw.strip().rstrip("/")
    scheme, _, rest = url.partition("://")
    if scheme not in ("http", "https") or not rest or any(ch.isspace() for ch in url):
        raise ConfigError(
            f"NEXUS_WEB_URL: '{raw}' is not an http(s) address (e.g. https://nexus.example.org)"
        )
    if "?" in rest or "#" in rest:
        raise ConfigError("NEXUS_WEB_URL: leave out the query string and fragment")
    return url


def _timezone(raw: str) -> str:
    try:
        ZoneInfo(raw.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"NEXUS_TIMEZONE: '{raw}' is not an IANA time zone (e.g. Africa/Lagos, UTC)"
        ) from None
    return raw.strip()


def _log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL: '{raw}' is not one of {', '.join(LOG_LEVELS)}")
    return level


def _bool(values: Mapping[str, str], name: str, *, default: bool) -> bool:
    raw = values.get(name)
    if raw is None or not raw.strip():
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name}: '{raw}' is not a yes/no value (use true or false)")


def _optional_int(
    values: Mapping[str, str], name: str, *, minimum: int, maximum: int | None = None
) -> int | None:
    raw = values.get(name)
    if raw is None or not raw.strip():
        return None
    try:
        number = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}: '{raw}' is not a whole number") from None
    if number < minimum or (maximum is not None and number > maximum):
        upper = f" and {maximum}" if maximum is not None else ""
        raise ConfigError(f"{name}: {number} is out of range (between {minimum}{upper})")
    return number


def _rate(raw: str) -> RateLimit:
    count, _, seconds = raw.strip().partition("/")
    try:
        limit = RateLimit(int(count), float(seconds))
    except ValueError:
        raise ConfigError(f"NEXUS_WRITE_RATE: '{raw}' is not COUNT/SECONDS (e.g. 5/30)") from None
    if limit.count < 1 or limit.seconds <= 0:
        raise ConfigError("NEXUS_WRITE_RATE: count and seconds must be positive")
    return limit
