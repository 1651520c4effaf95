"""The triage model's training (bench/triage_training.py) and the file it writes for the bot."""

from __future__ import annotations

import json
import math

from triage_training import train

from bot.knowledge.safety.triage_model import NONE, TriageModel

CLASSES = ("bleeding", "breathing", NONE)
TINY = [
    ("it keeps bleeding through the plaster", "bleeding"),
    ("blood everywhere and it wont stop", "bleeding"),
    ("still bleeding after an hour", "bleeding"),
    ("cant breathe properly", "breathing"),
    ("so short of breath walking up stairs", "breathing"),
    ("my chest is tight and i cant get air", "breathing"),
    ("what time is my next appointment", NONE),
    ("can i go swimming tomorrow", NONE),
    ("how long will i be sore", NONE),
    ("should i use heat or ice", NONE),
]


def test_training_is_deterministic_and_learns_a_tiny_set():
    first = train(TINY, classes=CLASSES, epochs=30, seed=3)
    second = train(TINY, classes=CLASSES, epochs=30, seed=3)
    assert first.to_json() == second.to_json()
    for text, label in TINY:
        probabilities = first.probabilities(text)
        assert max(probabilities, key=probabilities.__getitem__) == label


def test_the_model_survives_a_json_round_trip():
    model = train(TINY, classes=CLASSES, epochs=30).with_rule(urgent_at=0.8, veto_below=0.1)
    text = json.dumps(model.to_json())
    again = TriageModel.from_json(json.loads(text))
    assert again.to_json() == model.to_json()
    assert (again.urgent_at, again.veto_below) == (0.8, 0.1)
    for message, _ in TINY:
        before, after = model.probabilities(message), again.probabilities(message)
        assert all(math.isclose(before[c], after[c], abs_tol=0.02) for c in CLASSES)


def test_the_shipped_rule_trades_no_red_flag_for_fewer_false_alarms():
    from train_triage import Row, Scored, choose_no_loss

    def scored(label: str, kind: str, rules: str | None, p: float) -> Scored:
        return Scored(Row(f"{kind} {rules} {p}", label, "blind99", kind), rules, p, "fainting")

    fresh = [
        # A red flag the rules catch and the classifier doubts: a veto at 0.2 would lose it.
        scored("bleeding", "red", "bleeding", 0.15),
        # A red flag only the classifier sees, at 0.37.
        scored("breathing", "red", None, 0.37),
        # Two calm messages the rules flag, which the classifier rightly doubts.
        scored(NONE, "ordinary", "fainting", 0.12),
        scored(NONE, "ordinary", "fainting", 0.08),
    ]
    urgent_at, veto_below = choose_no_loss(fresh, fresh, 0.4, 0.05)
    # Both false alarms silenced, the doubted red flag kept, the classifier's one added.
    assert (urgent_at, veto_below) == (0.35, 0.15)
