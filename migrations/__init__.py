"""Alembic's environment and revisions, shipped in the wheel so an installed bot can migrate.

`bot.db.engine.alembic_config` locates this package with `importlib.resources`; the
`alembic` command line finds the same folder through `alembic.ini`.
"""
