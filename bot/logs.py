"""One logging format for the whole bot, with the token scrubbed from every record."""

from __future__ import annotations

import logging

from bot.config import Settings

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class RedactSecret(logging.Filter):
    """Replaces the secret in a record's message, its traceback and its stack."""

    MASK = "********"

    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._secret in message:
            record.msg, record.args = message.replace(self._secret, self.MASK), None
        # The formatter renders `exc_info` only when `exc_text` is empty, so a redacted
        # `exc_text` is what every handler prints; an exception's args (and its causes')
        # appear only in that text.
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text and self._secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self._secret, self.MASK)
        if record.stack_info and self._secret in record.stack_info:
            record.stack_info = record.stack_info.replace(self._secret, self.MASK)
        return True


class NoVoiceWarnings(logging.Filter):
    """Drops discord.py's warnings that its voice libraries are missing: Nexus joins no
    voice channel, so they would only bury the lines that matter at start-up."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    if settings.discord_token is not None:
        handler.addFilter(RedactSecret(settings.discord_token.reveal()))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # discord.py's gateway chatter is useful only when debugging; its client says only
    # "logging in using static token" at INFO.
    logging.getLogger("discord").setLevel(max(logging.INFO, root.level))
    client = logging.getLogger("discord.client")
    client.setLevel(max(logging.WARNING, root.level) if root.level > logging.DEBUG else root.level)
    if not any(isinstance(f, NoVoiceWarnings) for f in client.filters):
        client.addFilter(NoVoiceWarnings())
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))


def quiet_logging() -> None:
    """Only errors, for the playground, where the conversation is the output."""
    logging.getLogger().setLevel(logging.ERROR)
    for name in ("discord", "apscheduler", "alembic"):
        logging.getLogger(name).setLevel(logging.ERROR)
