# Every target bootstraps the project's own virtualenv, so a fresh machine needs nothing but Python.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Everything the linters and the type checker read.
CODE   := bot tests bench
# Branch coverage of bot/ may not fall below this (measured with `make test`; set just under it).
COVERAGE_FLOOR := 85

.PHONY: run demo test lint fmt dead bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# Prepare the answer model's small, fast file once (bot/knowledge/model_file.py), so the
	# first start does not; if it cannot be made the bot still runs on the package's file.
	-$(BIN)/python -c "from bot.knowledge.encoder import Encoder; Encoder.load()"
	touch $(STAMP)

run: $(STAMP)  ## run the bot (no TELEGRAM_BOT_TOKEN: the local demo)
	$(BIN)/python -m bot

demo: $(STAMP)  ## the local demo: chat with the real bot in this terminal (no token needed)
	$(BIN)/python -m bot demo

test: $(STAMP) lint  ## lint, then the whole test suite with a branch-coverage floor
	$(BIN)/python -m pytest -q --cov --cov-branch --cov-fail-under=$(COVERAGE_FLOOR)

lint: $(STAMP)  ## ruff (rules and formatting), mypy over bot/tests/bench, dead code, the import rules
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy
	$(BIN)/vulture
	$(BIN)/python -m pytest -q --no-header -p no:cacheprovider tests/test_architecture.py

fmt: $(STAMP)  ## format the code and apply ruff's safe fixes
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

dead: $(STAMP)  ## list code nothing refers to (vulture; settings in pyproject.toml)
	$(BIN)/vulture

bench: $(STAMP)  ## print the speed, memory and answer-quality figures
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
