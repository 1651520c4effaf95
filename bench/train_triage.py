"""Train the learned triage second opinion, measure it honestly, and write data/triage_model.json.

Run from the repository root: ``python bench/train_triage.py`` (about half an hour: one model
per held-out set, pure Python). ``--no-write`` prints the figures without writing the model;
``--no-veto`` keeps the classifier from removing a rule's flag (the family shipped before);
``--keep-rule`` skips leaving each set out and refits on every set with the decision rule the
shipped model already carries (minutes instead of over an hour);
``--folds K`` predicts each set by a model trained without its fold, the sets dealt round-robin
into K folds (K models instead of one per set: minutes instead of over an hour), and chooses the
rule on those predictions as the full run does;
``--final`` also scores the held-out sets (``HELD_OUT``) once, at the end of a round.
The training itself is ``bench/triage_training.py``.

How it is measured, and why this way:

* Every labelled set is used: the dev set, the early blind sets (blind..blind4) and the later
  ones, a folder each (blind6 on): red flags, calm messages and warning-sign questions
  ("ordinary": they must not be urgent), and questions (answerable, uncovered, two at once).
  The sets in ``HELD_OUT`` (this round's fresh ones) are never trained on nor used to choose.
* Leave one set out: each blind set is predicted by a classifier trained without it, so the
  classifier's opinions are always out of set.
* The rules were tuned on the sets as they were read, so each set is first scored with the rules
  AS THEY WERE when it was committed (``git archive`` of the commit that added it): the honest
  "before" of the rules. Without git history the current rules stand in.
* The decision rule (``urgent_at``, ``veto_below``) is chosen where both halves are honest: on
  the recent sets (``RECENT_FROM`` on), each scored with the rules AS COMMITTED with it (what the
  rules do with messages they never read) beside the classifier's out-of-fold opinion,
  maximising red-flag recall subject to ordinary messages wrongly urgent <= 1 in 30, both
  counted as the patient meets them (a flagged question about warning signs gets the clinic's
  safety guidance, not the urgent reply). It used to be chosen with TODAY's rules, which have
  read every set: on them the rules' false alarms are few and the veto looked idle (0.05), while
  each round's held-out sets showed the rules raising several times more false alarms on fresh
  messages, which a firmer veto cancels at no cost in recall. Today's in-sample figures are
  still printed beside it. The held-out sets are the check.
* Shipped: trained on every set but the held-out ones.

The decision family: a message is urgent when the rules fire and (the flag is self-harm or the
classifier's p(flag) >= veto_below), or when p(flag) >= urgent_at. urgent_at > 1 means the
classifier never adds a flag; veto_below = 0 means it never removes one.
"""

from __future__ import annotations

import functools
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

from bot.knowledge.safety import (  # noqa: E402
    RedFlag,
    first_sign,
    may_overrule,
    nothing_now,
    rules_triage,
    second_opinion,
    triage,
)
from bot.knowledge.safety.topics import is_warning_question  # noqa: E402
from bot.knowledge.safety.triage_model import NONE, TriageModel  # noqa: E402

DEVSET = ROOT / "bench" / "devset"
MODEL_PATH = ROOT / "data" / "triage_model.json"
CLASSES = (*(flag.value for flag in RedFlag), NONE)
BLINDS = ("blind", "blind2", "blind3", "blind4")
# The later sets, one folder each (bench/message_sets.py's format). Every one has been read: the
# held-out sets of each round join the training sets once read at the round's end.
FOLDER_SETS = (
    "blind6",
    "blind7",
    "blind8",
    "blind9",
    "blind10",
    "blind11",
    "blind12",
    "blind13",
    "blind14",
    "blind15",
    "blind16",
    "blind17",
    "blind18",
    "blind19",
    "blind20",
    "blind21",
    "blind22",
    "blind23",
    "blind24",
    "blind25",
    "blind26",
    "blind27",
    "blind28",
    "blind29",
    "blind30",
    "blind31",
    "blind32",
    "blind33",
    "blind35",
    "blind36",
    "blind39",
    "blind40",
    "blind41",
    "blind42",
    "blind43",
    "blind44",
    "blind45",
    "blind46",
    "blind47",
    "blind48",
    "blind49",
    "blind50",
    "blind51",
    # The last two rounds' sets: tuning sets, and held-out sets read once at each round's end.
    "blind34",
    "blind37",
    "blind38",
    "blind55",
    "blind56",
    "blind57",
    "blind58",
    "blind59",
    "blind52",
    "blind53",
    "blind54",
    # This round's tuning sets, measured once on arrival (blind60 was written to be held out and
    # was read by mistake early in the round, so it became one of them).
    "blind60",
    "blind63",
    "blind64",
    "blind65",
    "blind66",
    "blind67",
    # The ninth round's held-out sets, read once at its end.
    "blind61",
    "blind62",
    "blind68",
    "blind69",
    "blind70",
    # The tenth round's tuning sets, measured once on arrival.
    "blind74",
    "blind75",
    "blind76",
    "blind77",
    # The tenth round's held-out sets, read once at its end: the next training adds them (the
    # shipped model was fitted before the read, without them).
    "blind71",
    "blind72",
    "blind73",
    # Read once as a last check of the tenth round's final code.
    "blind78",
    "blind79",
    # The eleventh round's sets measured once on arrival, then tuned on.
    "blind83",
    "blind84",
    "blind85",
    # The eleventh round's held-out sets and last checks, read once at its end.
    "blind80",
    "blind81",
    "blind82",
    "blind86",
    "blind87",
    # The twelfth round's sets measured once on arrival, then tuned on. A refit with these and
    # the eleventh round's read sets kept the decision rule (0.4, 0.05) and changed no figure
    # for the better on the sets it could be checked on, so the shipped model is still the one
    # fitted in the eleventh round (bench/RESULTS.md, "Twelfth round").
    "blind91",
    "blind92",
    "blind93",
    # The twelfth round's held-out sets and last checks, read once at its end.
    "blind88",
    "blind89",
    "blind90",
    "blind94",
    "blind95",
    "blind96",
    "blind97",
    # The thirteenth round's sets measured once on arrival, then tuned on.
    "blind101",
    "blind102",
    "blind103",
    "blind106",
    "blind107",
    "blind108",
    "blind109",
    "blind110",
    "blind111",
    "blind112",
    "blind113",
    "blind114",
    # The thirteenth round's held-out sets, last checks and second check, read once at its end.
    "blind98",
    "blind99",
    "blind100",
    "blind104",
    "blind105",
    "blind115",
    "blind116",
    "blind117",
    "blind118",
    # The fourteenth round's sets measured once on arrival, then tuned on.
    "blind122",
    "blind123",
    "blind124",
    "blind125",
    "blind126",
    "blind129",
    "blind130",
    "blind131",
    "blind132",
    # The fourteenth round's held-out sets and second check, read once at its end.
    "blind119",
    "blind120",
    "blind121",
    "blind127",
    "blind128",
    # The fifteenth round's first tuning sets (its later ones, blind143-blind146, checked the
    # refit before it shipped).
    "blind136",
    "blind137",
    "blind138",
    "blind139",
    "blind140",
    # The fifteenth round's held-out sets and second check, read at its end, and its later
    # tuning sets.
    "blind133",
    "blind134",
    "blind135",
    "blind141",
    "blind142",
    "blind143",
    "blind144",
    "blind145",
    "blind146",
    # The sixteenth round's tuning sets (its latest ones, blind157-blind160, checked the refit
    # before it shipped).
    "blind150",
    "blind151",
    "blind152",
    "blind155",
    "blind156",
)
# The sixteenth round's fresh sets, untouched until its end (blind153 and blind154, written
# while the round's first fixes were made, are a second check read with them).
HELD_OUT: tuple[str, ...] = (
    "blind147",
    "blind148",
    "blind149",
    "blind153",
    "blind154",
)
# The sets whose rules, as committed, read fresh messages as today's rules will: the decision
# rule is chosen on them (below). Older sets met rules of a different design.
RECENT_FROM = 40
GROUPS = ("dev", *BLINDS, *FOLDER_SETS)
# What each file of a folder set is, for triage: a red flag, a calm message, or a question.
FOLDER_KINDS = {
    "red_flags": "red",
    "calm": "ordinary",
    "warning_signs": "ordinary",
    "answerable": "question",
    "uncovered": "question",
    "two_questions": "question",
}
BUDGET = 1 / 30
# Hyper-parameters: picked once by the grouped cross-validation on blind..blind3 (see --tune).
EPOCHS = 15
L2 = 1e-4
VETO = "--no-veto" not in sys.argv
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


def load_rows(groups: Sequence[str] = GROUPS) -> list[Row]:
    rows = []
    for group in groups:
        if (DEVSET / group).is_dir():
            rows += _folder_rows(group)
            continue
        prefix = "" if group == "dev" else f"{group}_"
        for r in _read(f"{prefix}red_flags"):
            rows.append(Row(r["q"], r["flag"], group, "red"))
        for r in _read(f"{prefix}ordinary"):
            rows.append(Row(r["q"], NONE, group, "ordinary"))
        for name in ("answerable", "uncovered"):
            for r in _read(f"{prefix}{name}"):
                rows.append(Row(r["q"], NONE, group, "question"))
    return rows


# The blind sets label chest pain apart; the bot's flag for it is the breathing/chest one.
_FLAG_OF = {"chest": RedFlag.BREATHING.value}


def _folder_rows(group: str) -> list[Row]:
    rows = []
    for name, kind in FOLDER_KINDS.items():
        for r in _read(f"{group}/{name}"):
            label = _FLAG_OF.get(r["flag"], r["flag"]) if kind == "red" else NONE
            rows.append(Row(r["q"], label, group, kind))
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
            ["git", "log", "--diff-filter=A", "--format=%H", "--", _red_flags_file(group)],
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


def _red_flags_file(group: str) -> str:
    return f"{group}/red_flags.jsonl" if (DEVSET / group).is_dir() else f"{group}_red_flags.jsonl"


@dataclass(frozen=True)
class Scored:
    row: Row
    rules: str | None  # the rules' flag (historic rules for a blind set when available)
    p_flag: float
    model_flag: str
    # Whether the classifier may silence the rules' sign (may_overrule; known for today's
    # rules only: older rules had no such notion, so only self-harm is kept from them).
    overrulable: bool = True
    # The patient said the flag is not happening now (``nothing_now``: denied outright, or told
    # as long-past history; today's rules only): the classifier may not add it.
    denied: bool = False


def decide(s: Scored, urgent_at: float, veto_below: float) -> str | None:
    if s.rules is not None and (
        s.rules == RedFlag.SELF_HARM.value or not s.overrulable or s.p_flag >= veto_below
    ):
        return s.rules
    if s.rules is None and s.p_flag >= urgent_at and not s.denied:
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


@functools.cache
def _warning_question(text: str) -> bool:
    return is_warning_question(text)


def figures(scored: Iterable[Scored], urgent_at: float, veto_below: float) -> Figures:
    """Counted as the patient meets them: a flagged message that asks about warning signs gets
    the clinic's safety guidance, not the urgent reply (``bot.knowledge.answer``), unless the
    flag is self-harm."""
    red = caught = same = ordinary = ordinary_urgent = questions = questions_urgent = 0
    for s in scored:
        verdict = decide(s, urgent_at, veto_below)
        if verdict is not None and verdict != RedFlag.SELF_HARM.value:
            verdict = None if _warning_question(s.row.q) else verdict
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


def score(
    model: TriageModel,
    rows: Sequence[Row],
    rules: dict[str, str | None],
    *,
    today: bool = False,
) -> list[Scored]:
    """The model's opinion of each row beside the rules' verdict (``today``: the shipped rules,
    whose signs say whether the classifier may overrule them)."""
    scored = []
    for r in rows:
        opinion = second_opinion(model, r.q)
        overrulable = not today or (sign := first_sign(r.q)) is None or may_overrule(r.q, sign)
        denied = today and nothing_now(r.q, RedFlag(opinion.flag))
        scored.append(Scored(r, rules[r.q], opinion.p_flag, opinion.flag, overrulable, denied))
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


def out_of_fold(
    rows: Sequence[Row], sets: Sequence[str], k: int, rules: dict[str, dict[str, str | None]]
) -> list[Scored]:
    """Predictions on every set in `sets` by a model trained without its fold (the sets dealt
    round-robin into `k` folds)."""
    scored = []
    for fold in (sets[i::k] for i in range(k)):
        model = fit([r for r in rows if r.group not in fold])
        for group in fold:
            scored += score(model, [r for r in rows if r.group == group], rules[group])
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


def honest_pool(pooled: Sequence[Scored], signs: dict[str, Any]) -> list[Scored]:
    """The recent sets' out-of-fold opinions beside the rules as committed with each set. Where
    today's rules see the same sign, whether the classifier may overrule it is read from it;
    otherwise (the old rules' sign, unknown today) it may, as the veto would then decide."""
    fresh = []
    for s in pooled:
        if s.row.group not in FOLDER_SETS or int(s.row.group[5:]) < RECENT_FROM:
            continue
        sign = signs[s.row.q]
        same = sign is not None and s.rules == sign.flag.value
        overrulable = may_overrule(s.row.q, sign) if same else True
        denied = nothing_now(s.row.q, RedFlag(s.model_flag))
        fresh.append(Scored(s.row, s.rules, s.p_flag, s.model_flag, overrulable, denied))
    return fresh


def choose_no_loss(
    fresh: Sequence[Scored], today: Sequence[Scored], urgent_at: float, veto_below: float
) -> tuple[float, float]:
    """The rule with the fewest false alarms on ``fresh`` that loses no red flag: it catches
    at least as many as the rule shipped before (``urgent_at``, ``veto_below``) both in
    ``today`` (the refitted model in sample, today's rules) and in ``fresh``."""
    floor = figures(fresh, urgent_at, veto_below).caught
    known_floor = figures(today, urgent_at, veto_below).caught
    rules = [(at, below) for at in URGENT_GRID for below in (VETO_GRID if VETO else (0.0,))]
    kept = [
        rule
        for rule in rules
        if figures(today, *rule).caught >= known_floor and figures(fresh, *rule).caught >= floor
    ]
    if not kept:
        return urgent_at, veto_below
    # Fewest false alarms; then the most red flags; then the classifier adding least.
    return min(
        kept,
        key=lambda rule: (
            figures(fresh, *rule).ordinary_urgent,
            -figures(fresh, *rule).caught,
            -figures(today, *rule).caught,
            -rule[0],
        ),
    )


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
    blinds = (*BLINDS, *FOLDER_SETS)
    rules: dict[str, dict[str, str | None]] = {"dev": current}
    for group in blinds:
        questions = [r.q for r in rows if r.group == group]
        old = historic_rules(group, questions)
        if old is None:
            print(f"{group}: no git history; scoring it with the current (tuned) rules")
        rules[group] = old if old is not None else current
    print(f"{len(rows)} messages; rules at the commit that added each blind set")

    if "--keep-rule" in sys.argv:
        # Refit on every set with the decision rule the shipped model already carries (minutes,
        # where leaving each set out takes over an hour): for new sets between full runs.
        kept = TriageModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
        ship(rows, current, kept.urgent_at, kept.veto_below, start)
        return
    # 1. Leave one set out: every blind set predicted by a model that never saw it, and scored
    #    with the rules as they were before anyone read it. The rule is chosen on the pool.
    if "--folds" in sys.argv:
        k = int(sys.argv[sys.argv.index("--folds") + 1])
        print(f"\n== {k} FOLDS OF SETS (classifier out of fold; rules as committed, then today's)")
        pooled = out_of_fold(rows, blinds, k, rules)
    else:
        print("\n== LEAVE ONE SET OUT (classifier out of set; rules as committed, then today's)")
        pooled = out_of_set(rows, "", blinds, rules)
    report_choice("rules as committed, with a veto allowed", *choose(pooled, veto=True))
    report_choice("rules as committed, classifier only adding", *choose(pooled, veto=False))
    # The rule is chosen with today's rules: the veto exists to cancel their false alarms, and
    # the rules as committed with each older set raise far more of those than the shipped ones.
    # The classifier's opinions stay out of set; the rules' figures are in-sample (optimistic).
    signs = {r.q: first_sign(r.q) for r in rows}
    pooled_now = [
        Scored(
            s.row,
            current[s.row.q],
            s.p_flag,
            s.model_flag,
            (sign := signs[s.row.q]) is None or may_overrule(s.row.q, sign),
            nothing_now(s.row.q, RedFlag(s.model_flag)),
        )
        for s in pooled
    ]
    report_choice("today's rules, classifier only adding", *choose(pooled_now, veto=False))
    report_choice(
        f"today's rules (in-sample), shipped family ({'veto' if VETO else 'no veto'})",
        *choose(pooled_now, veto=VETO),
    )
    # The rule is chosen where both halves are honest: the recent sets, each scored with the
    # rules as they were when it was committed (what the rules do with messages they never
    # read), beside the classifier's out-of-fold opinion. Today's rules saw every set, so on
    # them the rules' false alarms are few and the veto looks idle; on fresh messages the rules
    # raise several times more (each round's held-out sets said so), and the veto is what
    # cancels them.
    fresh = honest_pool(pooled, signs)
    report_choice("recent sets, rules as committed, 1-in-30 budget", *choose(fresh, veto=VETO))
    # Shipped: no red flag traded for fewer false alarms. The refitted model, trained on every
    # set, must leave every red flag today's rules and it catch in sample urgent, and on the
    # recent sets (rules as committed) it must catch at least as many as the rule shipped
    # before; of such rules, the one with the fewest false alarms there.
    model = fit(rows)
    previous = TriageModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
    today = score(model, rows, current, today=True)
    urgent_at, veto_below = choose_no_loss(fresh, today, previous.urgent_at, previous.veto_below)
    f = figures(fresh, urgent_at, veto_below)
    was = figures(fresh, previous.urgent_at, previous.veto_below)
    print(
        f"shipped: urgent_at {urgent_at}, veto_below {veto_below}; recent sets, rules as"
        f" committed: {f.line()}\n    the rule shipped before ({previous.urgent_at},"
        f" {previous.veto_below}): {was.line()}\n    in sample, today's rules:"
        f" {figures(today, urgent_at, veto_below).line()}"
    )
    print("  recent sets, rules as committed, each urgent_at and veto_below:")
    for at in URGENT_GRID:
        for below in VETO_GRID if VETO else (0.0,):
            print(f"    {at:<5} {below:<5} {figures(fresh, at, below).line()}")
    in_sample = figures(pooled_now, urgent_at, veto_below)
    print(f"  today's rules (in-sample) with the chosen rule: {in_sample.line()}")
    compare("  pooled, rules as committed:", pooled, urgent_at, veto_below)
    compare("  pooled, today's rules:", pooled_now, urgent_at, veto_below)
    for group in blinds:
        mine = [s for s in pooled if s.row.group == group]
        rules_f, chosen_f = figures(mine, 1.01, 0.0), figures(mine, urgent_at, veto_below)
        print(
            f"  {group:7s} rules {rules_f.recall:.0%} / {rules_f.fp:.1%}"
            f" | combined {chosen_f.recall:.0%} / {chosen_f.fp:.1%}"
            f" (questions {chosen_f.questions_urgent}/{chosen_f.questions})"
        )

    ship(rows, current, urgent_at, veto_below, start, model)


def ship(
    rows: list[Row],
    current: dict[str, str | None],
    urgent_at: float,
    veto_below: float,
    start: float,
    model: TriageModel | None = None,
) -> None:
    """Train on every set but the held-out ones (unless ``model`` is that already), print its
    figures, and write it."""
    shipped = (model or fit(rows)).with_rule(urgent_at=urgent_at, veto_below=veto_below)
    text = json.dumps(shipped.to_json(), separators=(",", ":"))
    reloaded = TriageModel.from_json(json.loads(text))
    print(
        f"\n== SHIPPED: trained on every set; {len(reloaded.weights)} buckets,"
        f" {len(text) / 1e6:.2f} MB JSON"
    )
    for group in GROUPS:
        scored = score(reloaded, [r for r in rows if r.group == group], current, today=True)
        print(f"  {group:7s} in-sample: {figures(scored, urgent_at, veto_below).line()}")
    if "--final" in sys.argv:
        held = load_rows(HELD_OUT)
        verdicts = {r.q: (None if (v := rules_triage(r.q)) is None else v.value) for r in held}
        for group in HELD_OUT:
            scored = score(reloaded, [r for r in held if r.group == group], verdicts, today=True)
            print(f"  {group:7s} HELD OUT: {figures(scored, urgent_at, veto_below).line()}")
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
