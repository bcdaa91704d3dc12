"""Embeds of scheduled takeaways and announcements."""
