"""`/help`: the catalogue read from the command tree, and its pages."""
