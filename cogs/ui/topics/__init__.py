"""Topic pages, topic lists and their persistent buttons."""
