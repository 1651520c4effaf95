"""Quality gate on the colleague's dev set (bench/devset/*.jsonl without blind_): not timing.

The held-out evaluation uses other messages; this keeps changes to the ranker, the synonyms or
the example questions from quietly making the bot worse. The blind set (blind_*.jsonl) is for
measuring only (bench/answer_quality.py) and deliberately not gated here, so nobody tunes on it.
"""

import json
from pathlib import Path

import pytest

from bot.knowledge.loader import lexical_ranker_from_files
from bot.knowledge.retrieval import Ranker
from bot.knowledge.safety import triage
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "bench" / "devset"


def load(name):
    lines = (DEVSET / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


@pytest.fixture(scope="module")
def ranker() -> Ranker:
    return lexical_ranker_from_files(Settings())


def test_dev_set_answerable_questions_get_the_right_passage_at_least_80_percent(ranker):
    rows = load("answerable")
    right = 0
    for row in rows:
        wanted = {(row["article"], row["section"])}
        wanted |= {(alt["article"], alt["section"]) for alt in row.get("also", ())}
        match = ranker.best(row["q"])
        right += bool(match and (match.passage.article_slug, match.passage.section) in wanted)
    assert right / len(rows) >= 0.8


def test_dev_set_uncovered_questions_are_declined_at_least_80_percent(ranker):
    rows = load("uncovered")
    declined = sum(ranker.best(row["q"]) is None for row in rows)
    assert declined / len(rows) >= 0.8


def test_dev_set_red_flags_are_all_urgent():
    missed = [row["q"] for row in load("red_flags") if triage(row["q"]) is None]
    assert missed == []


def test_dev_set_ordinary_questions_are_rarely_urgent():
    rows = load("answerable") + load("uncovered") + load("ordinary")
    flagged = [row["q"] for row in rows if triage(row["q"]) is not None]
    assert len(flagged) <= len(rows) / 30
