"""Why `python -m bot run` could not reach Discord, said in one line a person can act on."""

from __future__ import annotations

import ssl

import aiohttp
import discord


def describe_connection_failure(error: BaseException) -> str | None:
    """One line naming the cause and what to check, or None when `error` is not about
    reaching Discord (then it is a bug and keeps its traceback)."""
    if isinstance(error, discord.LoginFailure):
        return "DISCORD_TOKEN: Discord rejected this token; reset it in the developer portal"
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return "enable the Message Content intent for the bot in the Discord developer portal"
    if isinstance(error, aiohttp.ClientConnectorDNSError):
        return (
            "cannot reach Discord: the name discord.com did not resolve; "
            "check DNS and the machine's network connection"
        )
    if isinstance(error, aiohttp.ClientConnectorCertificateError | ssl.SSLError):
        return (
            "cannot reach Discord: the TLS certificate was not accepted; "
            "check the system clock and any proxy that intercepts HTTPS"
        )
    if isinstance(error, aiohttp.ClientConnectorError):
        return (
            f"cannot reach Discord: connection to {error.host}:{error.port} failed "
            f"({error.os_error.strerror or 'refused'}); check the network, firewall or proxy"
        )
    if isinstance(error, TimeoutError | aiohttp.ServerTimeoutError):
        return "cannot reach Discord: the connection timed out; check the network or proxy"
    if isinstance(error, aiohttp.ClientError | discord.GatewayNotFound):
        return f"cannot reach Discord: {type(error).__name__}; check the network and retry"
    if isinstance(error, discord.DiscordServerError):
        return (
            f"Discord answered {error.status} (a problem on Discord's side); "
            "retry later or check https://discordstatus.com"
        )
    return None
