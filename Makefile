# Two commands for newcomers: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test play lint typecheck unit bench migrate check docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m bot check
	$(BIN)/pytest -q

play: $(STAMP)
	$(BIN)/python -m bot play

migrate: $(STAMP)
	$(BIN)/python -m bot migrate

check: $(STAMP)
	$(BIN)/python -m bot check

# docs/commands.md, from the live command tree (a test fails when it is out of date).
docs: $(STAMP)
	$(BIN)/python -m bot docs

# Every suite, then docs/performance.md rewritten from this run (bench/__main__.py).
bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
