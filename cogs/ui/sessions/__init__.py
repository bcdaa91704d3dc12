"""Rendering and the Discord side of study sessions."""
