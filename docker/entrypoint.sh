#!/bin/sh
# Container entry point: bring the schema up to date, then run the bot (or another
# `python -m bot` command given as arguments, e.g. `check`).
set -eu
python -m bot migrate
exec python -m bot "${@:-run}"
