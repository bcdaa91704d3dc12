#!/bin/sh
# Container entry point: run one `python -m bot` command, `run` unless arguments name another
# (`web`, `migrate`, `check`, ...). It does not migrate: `run` and `web` bring the schema up to
# date themselves unless NEXUS_AUTO_MIGRATE=false, and compose runs `migrate` once instead.
set -eu
if [ "$#" -eq 0 ]; then
    set -- run
fi
# exec: python replaces the shell, so `docker stop`'s SIGTERM reaches the bot itself.
exec python -m bot "$@"
