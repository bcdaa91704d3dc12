"""Embeds of the `/nexus` admin commands."""
