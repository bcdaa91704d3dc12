from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# `info=` marks for a column that holds a member's Discord id (or ids and `<@id>` mentions,
# in text) and for one that holds a name they go by: `/qa forget-me` must clear each marked
# column (bot/services/privacy/forget.py), and a test walks the marks to prove it does.
MEMBER_ID = {"member": "id"}
MEMBER_NAME = {"member": "name"}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
