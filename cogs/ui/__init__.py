"""Shared rendering: embeds, limits, views and checks used by every cog."""
