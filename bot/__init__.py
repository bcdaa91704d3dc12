"""Nexus: the #ProDevProjectNexus reference guide and collaboration hub, in Discord."""

__version__ = "0.1.0"
