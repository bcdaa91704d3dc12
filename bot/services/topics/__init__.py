"""Topic lookups over the knowledge base: names, suggestions, search, reload."""
