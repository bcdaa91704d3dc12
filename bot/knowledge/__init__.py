"""The knowledge base in `content/`: loading and validation, no Discord."""
