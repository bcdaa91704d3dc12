"""Services own the rules of Nexus. They are plain async Python and import no `discord`."""
