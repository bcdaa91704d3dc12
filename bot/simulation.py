"""The simulated "ALX ProDev" guild used by the tests, the benchmarks and the playground."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    from bot.app import NexusBot

MENTOR_PERMISSIONS = discord.Permissions(manage_guild=True, manage_threads=True)


@dataclass
class World:
    """A guild with #prodevprojectnexus, roles learner and mentor, and three members."""

    env: Any
    bot: NexusBot
    guild: Any
    channel: Any
    learner_role: Any
    mentor_role: Any
    alice: Any
    bob: Any
    mentor: Any


def build_world(env: Any) -> World:
    """Arrange the world on a running simcord environment."""
    guild = env.create_guild(name="ALX ProDev")
    channel = guild.create_text_channel("prodevprojectnexus")
    learner = guild.create_role("learner")
    mentor_role = guild.create_role("mentor", permissions=MENTOR_PERMISSIONS)
    return World(
        env=env,
        bot=env.bot,
        guild=guild,
        channel=channel,
        learner_role=learner,
        mentor_role=mentor_role,
        alice=guild.add_member(env.create_user("alice"), roles=[learner]),
        bob=guild.add_member(env.create_user("bob"), roles=[learner]),
        mentor=guild.add_member(env.create_user("mentor"), roles=[mentor_role]),
    )
