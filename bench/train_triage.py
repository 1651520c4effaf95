"""Train the learned triage second opinion, measure it honestly, and write data/triage_model.json.

Run from the repository root: ``python bench/train_triage.py`` (about a minute).
``--no-write`` prints the figures without writing the model; ``--veto`` lets the classifier
also remove a rule's flag (not shipped: see ``bench/RESULTS.md`` for why, and for the figures).
The training itself is ``bench/triage_training.py``.

How it is measured, and why this way:

* The rules were tuned on every set except blind4, so on those sets they are 100 % / 0 % and a
  cross-validation that used today's rules there would say no second opinion can ever help. A
  fresh set meets rules that never saw it, so each blind set is scored with the rules AS THEY WERE
  when that set was committed (``git archive`` of the commit that added it, which reproduces the
  "before" figures published for each set). Without git history the current rules stand in,
  which is optimistic.
* Cross-validation is grouped by set: the classifier predicting a blind set never trained on it.
  The decision rule (``urgent_at``, ``veto_below``) is chosen on the pooled out-of-set
  predictions of the training blind sets, maximising red-flag recall subject to ordinary messages
  wrongly urgent <= 1 in 30; when nothing meets the budget, the lowest-FP rule that keeps the
  rules' recall is reported instead and nothing is claimed.
* Held out: train on everything except blind4, choose the rule by the cross-validation above
  (blind, blind2, blind3 as folds), then measure blind4 once.
* Leave-one-set-out: the same for every blind set (the rule chosen by inner folds without it).
* Shipped: trained on every set, with the rule chosen on the pooled out-of-set predictions of all
  four blind sets.

The decision family: a message is urgent when the rules fire and (the flag is self-harm or the
classifier's p(flag) >= veto_below), or when p(flag) >= urgent_at. urgent_at > 1 means the
classifier never adds a flag; veto_below = 0 means it never removes one.
"""

from __future__ import annotations

import io
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from triage_training import train  # noqa: E402

from bot.knowledge.safety import RedFlag, rules_triage, triage  # noqa: E402
from bot.knowledge.safety.triage_model import NONE, TriageModel  # noqa: E402

DEVSET = ROOT / "bench" / "devset"
MODEL_PATH = ROOT / "data" / "triage_model.json"
CLASSES = (*(flag.value for flag in RedFlag), NONE)
BLINDS = ("blind", "blind2", "blind3", "blind4")
GROUPS = ("dev", *BLINDS)
BUDGET = 1 / 30
# Hyper-parameters: picked once by the grouped cross-validation on blind..blind3 (see --tune).
EPOCHS = 15
L2 = 1e-4
VETO = "--veto" in sys.argv
URGENT_GRID = (*(round(0.05 * i, 2) for i in range(2, 20)), 0.97, 0.99, 1.01)
VETO_GRID = (0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3)


@dataclass(frozen=True)
class Row:
    q: str
    label: str  # a flag value or NONE
    group: str
    kind: str  # "red", "ordinary" or "question" (answerable / uncovered)


def _read(name: str) -> list[dict[str, Any]]:
    path = DEVSET / f"{name}.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load_rows() -> list[Row]:
    rows = []
    for group in GROUPS:
        prefix = "" if group == "dev" else f"{group}_"
        for r in _read(f"{prefix}red_flags"):
            rows.append(Row(r["q"], r["flag"], group, "red"))
        for r in _read(f"{prefix}ordinary"):
            rows.append(Row(r["q"], NONE, group, "ordinary"))
        for name in ("answerable", "uncovered"):
            for r in _read(f"{prefix}{name}"):
                rows.append(Row(r["q"], NONE, group, "question"))
    return rows


_DUMP = """
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
try:
    triage = importlib.import_module("bot.knowledge.safety").triage
except ImportError:  # the layout before the feature folders
    triage = importlib.import_module("bot.domain.safety").triage
out = {}
for q in json.load(sys.stdin):
    flag = triage(q)
    out[q] = None if flag is None else str(getattr(flag, "value", flag))
json.dump(out, sys.stdout)
"""


def historic_rules(group: str, questions: Sequence[str]) -> dict[str, str | None] | None:
    """The rules' verdicts as they were when `group` was committed (before any tuning on it)."""
    try:
        added = subprocess.run(
            ["git", "log", "--diff-filter=A", "--format=%H", "--", f"{group}_red_flags.jsonl"],
            cwd=DEVSET,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        if not added:
            return None
        archive = subprocess.run(
            ["git", "archive", "--format=tar", added[-1], "bot"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        result = subprocess.run(
            [sys.executable, "-c", _DUMP, tmp],
            input=json.dumps(list(questions)),
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp,
        )
    verdicts: dict[str, str | None] = json.loads(result.stdout)
    return verdicts


@dataclass(frozen=True)
class Scored:
    row: Row
    rules: str | None  # the rules' flag (historic rules for a blind set when available)
    p_flag: float
    model_flag: str


def decide(s: Scored, urgent_at: float, veto_below: float) -> str | None:
    if s.rules is not None and (s.rules == RedFlag.SELF_HARM.value or s.p_flag >= veto_below):
        return s.rules
    if s.rules is None and s.p_flag >= urgent_at:
        return s.model_flag
    return None


@dataclass(frozen=True)
class Figures:
    red: int
    caught: int
    same: int
    ordinary: int
    ordinary_urgent: int
    questions: int
    questions_urgent: int

    @property
    def recall(self) -> float:
        return self.caught / self.red if self.red else 1.0

    @property
    def fp(self) -> float:
        return self.ordinary_urgent / self.ordinary if self.ordinary else 0.0

    def line(self) -> str:
        return (
            f"red flags urgent {self.caught}/{self.red} = {self.recall:.0%}"
            f" (same category {self.same / max(self.red, 1):.0%});"
            f" ordinary wrongly urgent {self.ordinary_urgent}/{self.ordinary} = {self.fp:.1%};"
            f" questions wrongly urgent {self.questions_urgent}/{self.questions}"
        )


def figures(scored: Iterable[Scored], urgent_at: float, veto_below: float) -> Figures:
    red = caught = same = ordinary = ordinary_urgent = questions = questions_urgent = 0
    for s in scored:
        verdict = decide(s, urgent_at, veto_below)
        if s.row.kind == "red":
            red += 1
            caught += verdict is not None
            same += verdict == s.row.label
        elif s.row.kind == "ordinary":
            ordinary += 1
            ordinary_urgent += verdict is not None
        else:
            questions += 1
            questions_urgent += verdict is not None
    return Figures(red, caught, same, ordinary, ordinary_urgent, questions, questions_urgent)


def fit(rows: Sequence[Row]) -> TriageModel:
    return train([(r.q, r.label) for r in rows], classes=CLASSES, epochs=EPOCHS, l2=L2)


def score(model: TriageModel, rows: Sequence[Row], rules: dict[str, str | None]) -> list[Scored]:
    scored = []
    for r in rows:
        opinion = model.opinion(r.q)
        scored.append(Scored(r, rules[r.q], opinion.p_flag, opinion.flag))
    return scored


def out_of_set(
    rows: Sequence[Row], held: str, folds: Sequence[str], rules: dict[str, dict[str, str | None]]
) -> list[Scored]:
    """Predictions on the blind sets in `folds`, each by a model trained without it and `held`."""
    scored = []
    for fold in folds:
        model = fit([r for r in rows if r.group not in (held, fold)])
        scored += score(model, [r for r in rows if r.group == fold], rules[fold])
    return scored


def choose(scored: Sequence[Scored], *, veto: bool) -> tuple[float, float, Figures, bool]:
    """The rule with the best cross-validated recall within the ordinary budget.

    With the veto, the budget is the target itself: ordinary wrongly urgent <= 1 in 30. Without
    it the classifier can only add flags, so the rules' own false alarms stay and the target is
    out of reach; the budget is then on what the classifier adds: at most 1 in 30 more.
    Returns (urgent_at, veto_below, figures, whether anything met the budget); when nothing
    does, the rules alone.
    """
    rules_alone = figures(scored, 1.01, 0.0)
    best: tuple[tuple[float, float, float], float, float, Figures] | None = None
    for urgent_at in URGENT_GRID:
        for veto_below in VETO_GRID if veto else (0.0,):
            f = figures(scored, urgent_at, veto_below)
            allowed = BUDGET if veto else rules_alone.fp + BUDGET
            if f.fp <= allowed + 1e-12:
                key = (f.recall, -f.fp, urgent_at)
                if best is None or key > best[0]:
                    best = (key, urgent_at, veto_below, f)
    if best is None:
        return 1.01, 0.0, rules_alone, False
    return best[1], best[2], best[3], True


def report_choice(label: str, urgent_at: float, veto_below: float, f: Figures, met: bool) -> None:
    how = "meets its 1-in-30 budget" if met else "NOTHING meets its budget: rules alone"
    print(f"{label}: urgent_at {urgent_at}, veto_below {veto_below} ({how})")
    print(f"    cross-validated: {f.line()}")


def compare(label: str, scored: Sequence[Scored], urgent_at: float, veto_below: float) -> None:
    print(f"{label}")
    print(f"    rules alone           {figures(scored, 1.01, 0.0).line()}")
    alone = [Scored(s.row, None, s.p_flag, s.model_flag) for s in scored]
    print(f"    classifier alone      {figures(alone, urgent_at, 0.0).line()}")
    print(f"    rules OR classifier   {figures(scored, urgent_at, 0.0).line()}")
    print(f"    rules with veto 0.3   {figures(scored, 1.01, 0.3).line()}")
    print(f"    chosen combination    {figures(scored, urgent_at, veto_below).line()}")


def main() -> None:
    start = time.perf_counter()
    rows = load_rows()
    current = {r.q: (None if (flag := rules_triage(r.q)) is None else flag.value) for r in rows}
    rules: dict[str, dict[str, str | None]] = {"dev": current}
    for group in BLINDS:
        questions = [r.q for r in rows if r.group == group]
        old = historic_rules(group, questions)
        if old is None:
            print(f"{group}: no git history; scoring it with the current (tuned) rules")
        rules[group] = old if old is not None else current
    now = {group: current for group in GROUPS}
    print(f"{len(rows)} messages; rules at the commit that added each blind set")

    # 1. Held out: blind4 never seen; the rule chosen on blind..blind3 out-of-set predictions.
    cv = out_of_set(rows, "blind4", BLINDS[:3], rules)
    print("\n== HELD OUT: trained without blind4; rule chosen by grouped CV on blind..blind3")
    report_choice("with a veto allowed", *choose(cv, veto=True))
    report_choice("classifier only adding flags", *choose(cv, veto=False))
    urgent_at, veto_below, f, met = choose(cv, veto=VETO)
    report_choice(
        f"shipped family ({'veto' if VETO else 'no veto'})", urgent_at, veto_below, f, met
    )
    print(f"    (veto at 0.3 for comparison: {figures(cv, 1.01, 0.3).line()})")
    compare("    CV pooled (blind..blind3, rules as committed):", cv, urgent_at, veto_below)
    model = fit([r for r in rows if r.group != "blind4"])
    test = [r for r in rows if r.group == "blind4"]
    compare(
        "  blind4 with the rules as committed (before tuning):",
        score(model, test, rules["blind4"]),
        urgent_at,
        veto_below,
    )
    compare(
        "  blind4 with today's rules (built after blind4 was read):",
        score(model, test, current),
        urgent_at,
        veto_below,
    )

    # 2. Leave one set out, for every blind set.
    print("\n== LEAVE ONE SET OUT (inner grouped CV picks the rule; rules as committed)")
    pooled: list[Scored] = []
    for held in BLINDS:
        inner = out_of_set(rows, held, [b for b in BLINDS if b != held], rules)
        u, v, _, ok = choose(inner, veto=VETO)
        model = fit([r for r in rows if r.group != held])
        scored = score(model, [r for r in rows if r.group == held], rules[held])
        pooled += scored
        rules_f, chosen_f = figures(scored, 1.01, 0.0), figures(scored, u, v)
        alone = figures([Scored(s.row, None, s.p_flag, s.model_flag) for s in scored], u, 0.0)
        print(
            f"  {held:7s} rule u={u} v={v}{'' if ok else ' (budget unmet)'}\n"
            f"      rules {rules_f.recall:.0%} / {rules_f.fp:.1%}"
            f" | classifier {alone.recall:.0%} / {alone.fp:.1%}"
            f" | combined {chosen_f.recall:.0%} / {chosen_f.fp:.1%}"
            f" (questions {chosen_f.questions_urgent}/{chosen_f.questions})"
        )

    # 3. Shipped: all sets; the rule chosen on the pooled out-of-set predictions of all four.
    urgent_at, veto_below, f, met = choose(pooled, veto=VETO)
    print("\n== SHIPPED: trained on every set")
    report_choice("(a veto would be)", *choose(pooled, veto=True))
    report_choice("rule from pooled out-of-set predictions", urgent_at, veto_below, f, met)
    shipped = fit(rows).with_rule(urgent_at=urgent_at, veto_below=veto_below)
    text = json.dumps(shipped.to_json(), separators=(",", ":"))
    reloaded = TriageModel.from_json(json.loads(text))
    print(f"model: {len(reloaded.weights)} buckets, {len(text) / 1e6:.2f} MB JSON")
    for group in GROUPS:
        scored = score(reloaded, [r for r in rows if r.group == group], now[group])
        print(f"  {group:7s} in-sample: {figures(scored, urgent_at, veto_below).line()}")
    timings = []
    for _ in range(3):
        for r in rows:
            t0 = time.perf_counter()
            triage(r.q, reloaded)
            timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    print(
        f"triage with the model: p50 {statistics.median(timings):.2f} ms,"
        f" p95 {timings[int(len(timings) * 0.95)]:.2f} ms"
    )
    if "--no-write" not in sys.argv:
        MODEL_PATH.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")
    print(f"done in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
