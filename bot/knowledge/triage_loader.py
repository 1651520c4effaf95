"""Loads the learned triage second opinion (data/triage_model.json) once, outside the domain.

``bot.domain`` does no file I/O, so the parsed model is handed to
:func:`bot.knowledge.safety.triage` by :mod:`bot.knowledge.answer`, the one path both the Telegram
handlers
and ``python -m bot ask`` take: both therefore judge a message with the same model. The file is
written by ``bench/train_triage.py``. Without it (or with a file this code cannot read) triage
falls back to the hand-built rules alone and says so in the log.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path

from bot.knowledge.safety.triage_model import TriageModel
from bot.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

MODEL_PATH = PROJECT_ROOT / "data" / "triage_model.json"


def load_model(path: Path) -> TriageModel | None:
    """The model in `path`, or None (rules-only triage) when it is missing or unreadable."""
    if not path.is_file():
        log.warning("no triage model at %s; red-flag triage uses the rules alone", path.name)
        return None
    try:
        return TriageModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.error("unreadable triage model %s (%s); triage uses the rules alone", path.name, error)
        return None


@cache
def default_model() -> TriageModel | None:
    """The shipped model, read on first use and kept for the life of the process."""
    return load_model(MODEL_PATH)
