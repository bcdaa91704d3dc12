"""`/helpers` and `/nexus nudges` replies."""
