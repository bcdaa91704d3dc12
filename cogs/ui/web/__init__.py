"""The web hub as Discord sees it: which channels @everyone can read, and links to pages."""
