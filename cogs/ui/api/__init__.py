"""Embeds, views and thread glue of the API request feature."""
