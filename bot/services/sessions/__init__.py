"""Study sessions and office hours as Discord scheduled events."""
