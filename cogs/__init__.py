"""discord.py extensions: each parses options, calls a service and renders the answer."""
