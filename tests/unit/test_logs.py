"""The token never reaches the log: not in messages, arguments, tracebacks or stacks."""

from __future__ import annotations

import io
import logging

from bot.logs import FORMAT, RedactSecret

TOKEN = "MTAx.secret-token.XYZ"


def capture() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactSecret(TOKEN))
    logger = logging.getLogger(f"tests.logs.{id(stream)}")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def test_the_token_in_a_message_and_its_arguments_is_redacted() -> None:
    logger, stream = capture()
    logger.info("connecting with %s", TOKEN)
    logger.info(f"token {TOKEN} again")
    assert TOKEN not in stream.getvalue()
    assert stream.getvalue().count("********") == 2


def test_the_token_in_a_raised_exception_is_redacted_from_the_traceback() -> None:
    logger, stream = capture()
    try:
        try:
            raise ValueError(f"login refused for {TOKEN}")
        except ValueError as cause:
            raise RuntimeError(f"could not start: {TOKEN!r}") from cause
    except RuntimeError:
        logger.exception("start-up failed")
    output = stream.getvalue()
    assert "start-up failed" in output and "RuntimeError" in output and "ValueError" in output
    assert TOKEN not in output
    assert "********" in output


def test_the_token_in_a_logged_stack_is_redacted() -> None:
    logger, stream = capture()
    record = logger.makeRecord(
        logger.name, logging.WARNING, __file__, 1, "where am I", (), None,
        sinfo=f'Stack (most recent call last):\n  login("{TOKEN}")',
    )  # fmt: skip
    logger.handle(record)
    assert "Stack (most recent call last)" in stream.getvalue()
    assert TOKEN not in stream.getvalue()
