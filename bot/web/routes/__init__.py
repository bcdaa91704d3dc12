"""Route areas of the web hub; each module's `register(app)` adds its routes."""
