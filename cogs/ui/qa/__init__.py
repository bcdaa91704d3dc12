"""Embeds, buttons and thread glue of the Q&A feature."""
