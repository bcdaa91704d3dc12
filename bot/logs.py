"""One logging format for the whole bot, with the token scrubbed from every record."""

from __future__ import annotations

import logging

from bot.config import Settings

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class RedactSecret(logging.Filter):
    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._secret in message:
            record.msg, record.args = message.replace(self._secret, "********"), None
        return True


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    if settings.discord_token is not None:
        handler.addFilter(RedactSecret(settings.discord_token.reveal()))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # discord.py's gateway chatter is useful only when debugging.
    logging.getLogger("discord").setLevel(max(logging.INFO, root.level))
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))


def quiet_logging() -> None:
    """Only errors, for the playground, where the conversation is the output."""
    logging.getLogger().setLevel(logging.ERROR)
    for name in ("discord", "apscheduler", "alembic"):
        logging.getLogger(name).setLevel(logging.ERROR)
