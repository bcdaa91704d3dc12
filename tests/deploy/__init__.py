"""Deployment tests: the wheel as users install it, and the container files that wrap it."""
