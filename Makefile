# Every target bootstraps the project's own virtualenv, so a fresh machine needs nothing but Python.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## run the bot (no TELEGRAM_BOT_TOKEN: the local demo)
	$(BIN)/python -m bot

test: $(STAMP)  ## lint, type-check and run the whole test suite
	$(BIN)/ruff check bot tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: $(STAMP)  ## print the speed, memory and answer-quality figures
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
