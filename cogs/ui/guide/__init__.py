"""The community guide's embeds, buttons and forms."""
