"""Forgetting a member: `/qa forget-me` across every feature's tables (`forget.py`)."""
