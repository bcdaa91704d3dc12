"""Settings: defaults, one-line errors naming the variable, and a token that never shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import RateLimit, Settings
from bot.errors import ConfigError


def load(**environ: str) -> Settings:
    return Settings.from_env(environ, env_file=None)


def test_defaults_need_no_configuration() -> None:
    settings = load()
    assert settings.database_url == "sqlite+aiosqlite:///data/nexus.db"
    assert settings.content_dir == Path("content")
    assert (settings.timezone, settings.auto_migrate, settings.log_level) == ("UTC", True, "INFO")
    assert settings.discord_token is None
    assert settings.write_rate == RateLimit(5, 30.0)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "not a url"),
        ("DATABASE_URL", "mysql://root@localhost/nexus"),
        ("NEXUS_TIMEZONE", "Mars/Olympus"),
        ("NEXUS_DEV_GUILD_ID", "abc"),
        ("NEXUS_DEV_GUILD_ID", "-4"),
        ("NEXUS_AUTO_MIGRATE", "maybe"),
        ("LOG_LEVEL", "LOUD"),
        ("NEXUS_HTTP_PORT", "70000"),
        ("NEXUS_WEB_PORT", "http"),
        ("NEXUS_WEB_PORT", "70000"),
        ("NEXUS_WEB_URL", "nexus.example.org"),
        ("NEXUS_WEB_URL", "javascript:alert(1)"),
        ("NEXUS_WEB_URL", "https://"),
        ("NEXUS_WRITE_RATE", "fast"),
        ("NEXUS_CATCHUP_MINUTES", "soon"),
        ("DISCORD_TOKEN", "two words"),
        ("DISCORD_TOKEN", "hello"),
        ("DISCORD_TOKEN", "Bot.abc"),
        ("DISCORD_TOKEN", "a.b.c.d"),
        ("DISCORD_TOKEN", "abc.d+f.ghi"),
        ("NEXUS_WEB_URL", "nexus.example.org"),
        ("NEXUS_WEB_URL", "ftp://nexus.example.org"),
        ("NEXUS_WEB_URL", "https://nexus.example.org/?x=1"),
    ],
)
def test_an_invalid_value_is_one_line_naming_the_variable(variable: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(**{variable: value})
    message = str(caught.value)
    assert message.startswith(f"{variable}: ")
    assert "\n" not in message


def test_the_web_hub_defaults_to_localhost_and_no_public_url() -> None:
    settings = load()
    assert (settings.web_host, settings.web_port, settings.web_url) == ("127.0.0.1", None, None)


def test_a_hub_child_gets_the_bots_settings_but_never_its_token() -> None:
    settings = load(
        DISCORD_TOKEN="MTIz.abc.def",
        DATABASE_URL="postgresql+asyncpg://nexus@db/nexus",
        NEXUS_WEB_PORT="8081",
        NEXUS_WEB_URL="https://nexus.example.org",
    )
    child = Settings.from_env(settings.hub_environment(), env_file=None)

    assert child.discord_token is None
    assert (child.database_url, child.web_port, child.web_url) == (
        settings.database_url,
        8081,
        "https://nexus.example.org",
    )
    assert child.content_dir == settings.content_dir.resolve()
    assert child.auto_migrate is False  # the parent migrated


def test_the_public_web_url_loses_its_trailing_slash() -> None:
    settings = load(NEXUS_WEB_URL="https://nexus.example.org/", NEXUS_WEB_PORT="8081")
    assert (settings.web_url, settings.web_port) == ("https://nexus.example.org", 8081)


def test_the_token_never_appears_in_repr_or_str() -> None:
    settings = load(DISCORD_TOKEN="MTIz.secret-token.value")
    assert settings.discord_token is not None
    assert settings.discord_token.reveal() == "MTIz.secret-token.value"
    assert "secret-token-value" not in repr(settings)
    assert "secret-token-value" not in str(settings.discord_token)


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("NEXUS_TIMEZONE=Africa/Lagos\nLOG_LEVEL=debug\n")
    settings = Settings.from_env({"LOG_LEVEL": "warning"}, env_file=env_file)
    assert settings.timezone == "Africa/Lagos"
    assert settings.log_level == "WARNING"


def test_the_sqlite_folder_is_created(tmp_path: Path) -> None:
    settings = load(DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/deep/er/nexus.db")
    settings.prepare_storage()
    assert (tmp_path / "deep" / "er").is_dir()


def test_every_variable_is_in_env_example_and_the_readme() -> None:
    import re

    root = Path(__file__).resolve().parents[2]
    source = (root / "bot" / "config.py").read_text()
    names = set(re.findall(r'"((?:DISCORD|DATABASE|CONTENT|NEXUS|LOG)_[A-Z_]+)"', source))
    assert len(names) >= 10
    example = (root / ".env.example").read_text()
    readme = (root / "README.md").read_text()
    assert {n for n in names if f"{n}=" not in example} == set()
    assert {n for n in names if f"`{n}`" not in readme} == set()
