"""Members' reminders: parsed times in their zone, delivered through the schedule ledger."""
