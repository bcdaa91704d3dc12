"""The web hub: the knowledge base and published solved questions, read-only, in HTML.

Routes call the same services as the cogs; this package imports no `discord`.
"""
