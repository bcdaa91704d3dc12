"""`/remind` replies and reminder posts."""
