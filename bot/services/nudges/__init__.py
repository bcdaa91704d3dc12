"""Helpers who opted in, and nudges for stalled work, delivered through the schedule ledger."""
