"""Scoring the whole answer path on a set of patient messages, by category and by style.

A set is a folder of JSON Lines files, each written blind from the two articles alone:

* ``answerable.jsonl`` — ``{"q", "style", "article", "section", "passage", "also"}``: a covered
  question and a verbatim phrase of the paragraph that answers it. Right means the reply is an
  answer that quotes a sentence of that paragraph (or of an ``also`` one).
* ``two_questions.jsonl`` — ``{"q", "parts": [...]}``: each part covered (labelled like above)
  or ``{"uncovered": true}``. Right means every covered part is quoted and, when a part is not
  covered, the reply says so.
* ``uncovered.jsonl`` — declined means neither an answer nor urgent.
* ``red_flags.jsonl`` — urgent means an urgent reply.
* ``calm.jsonl`` — wrongly urgent means an urgent reply; small talk should get a small-talk reply.
* ``warning_signs.jsonl`` — questions about what to watch for: calm safety guidance is right.

The reply is judged by its text, the way a patient reads it, so this measures the answer the
bot really sends, not a ranker's internal choice.
"""

from __future__ import annotations

import json
import re
import statistics
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.content import html_to_plain
from bot.knowledge.answer import Reply
from bot.knowledge.articles import Passage

Brain = Callable[[str], Reply]
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("—", "-").replace("–", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


def load_set(folder: Path) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        rows[path.stem] = [json.loads(line) for line in lines if line.strip()]
    return rows


@dataclass
class PassageFinder:
    """Finds the paragraph a label names by a phrase copied from it."""

    passages: Sequence[Passage]
    _cache: dict[tuple[str, str], list[Passage]] = field(default_factory=dict)

    def find(self, label: dict[str, Any]) -> list[Passage]:
        key = (label["article"], norm(label.get("passage", "")))
        if key not in self._cache:
            phrase = key[1]
            found = [
                p
                for p in self.passages
                if p.article_slug == label["article"] and phrase and phrase in norm(p.text)
            ]
            if not found:
                found = [
                    p
                    for p in self.passages
                    if p.article_slug == label["article"] and p.section == label["section"]
                ]
            self._cache[key] = found
        return self._cache[key]

    def quoted(self, reply_text: str, label: dict[str, Any]) -> bool:
        """Whether the reply quotes a sentence of the labelled paragraph (or an alternate)."""
        text = norm(html_to_plain(reply_text))
        labels = [label, *label.get("also", ())]
        for one in labels:
            for passage in self.find(one):
                for sentence in _SENTENCE.split(passage.text):
                    probe = norm(sentence)[:50].rstrip(".")
                    if len(probe) >= 15 and probe in text:
                        return True
        return False


@dataclass
class Tally:
    good: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, note: str) -> None:
        self.total += 1
        self.good += ok
        if not ok:
            self.misses.append(note)

    def __str__(self) -> str:
        if not self.total:
            return "-"
        return f"{self.good}/{self.total} = {self.good / self.total:.0%}"


@dataclass
class Report:
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_style: dict[str, dict[str, Tally]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Tally))
    )
    timings_ms: list[float] = field(default_factory=list)

    def add(self, category: str, style: str, ok: bool, note: str) -> None:
        self.by_category[category].add(ok, note)
        self.by_style[category][style].add(ok, note)


def _declines_other(reply: Reply) -> bool:
    return reply.kind == "answer" and bool(getattr(reply, "declined_part", False))


def score(brain: Brain, rows: dict[str, list[dict[str, Any]]], finder: PassageFinder) -> Report:
    report = Report()

    def ask(q: str) -> Reply:
        start = time.perf_counter()
        reply = brain(q)
        report.timings_ms.append((time.perf_counter() - start) * 1000)
        return reply

    for row in rows.get("answerable", ()):
        reply = ask(row["q"])
        ok = reply.kind == "answer" and finder.quoted(reply.text, row)
        report.add("answerable", row.get("style", "-"), ok, _note(row, reply))
    for row in rows.get("two_questions", ()):
        reply = ask(row["q"])
        covered = [p for p in row["parts"] if not p.get("uncovered")]
        quoted = all(finder.quoted(reply.text, p) for p in covered) and reply.kind == "answer"
        partial = len(covered) < len(row["parts"])
        ok = quoted and (_declines_other(reply) or not partial)
        report.add("two_questions", "two", ok, _note(row, reply))
    for row in rows.get("uncovered", ()):
        reply = ask(row["q"])
        ok = reply.kind not in ("answer", "urgent")
        report.add("uncovered", row.get("style", "-"), ok, _note(row, reply))
    for row in rows.get("red_flags", ()):
        reply = ask(row["q"])
        report.add("red_flags", row.get("style", "-"), reply.kind == "urgent", _note(row, reply))
    for row in rows.get("calm", ()):
        reply = ask(row["q"])
        report.add(
            "calm_not_urgent", row.get("kind", "-"), reply.kind != "urgent", _note(row, reply)
        )
        if row.get("kind") == "smalltalk":
            report.add(
                "smalltalk", row.get("style", "-"), reply.kind == "smalltalk", _note(row, reply)
            )
    for row in rows.get("warning_signs", ()):
        reply = ask(row["q"])
        report.add(
            "warning_signs", row.get("style", "-"), reply.kind == "safety", _note(row, reply)
        )
    return report


def _note(row: dict[str, Any], reply: Reply) -> str:
    cited = "; ".join(s.section for s in reply.sources)
    want = row.get("section") or row.get("flag") or row.get("kind") or ""
    return f"{row['q']!r} -> {reply.kind} [{cited}] (want {want})"


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


def print_report(label: str, report: Report, *, styles: bool = True, misses: bool = False) -> None:
    order = (
        "answerable",
        "two_questions",
        "uncovered",
        "red_flags",
        "calm_not_urgent",
        "smalltalk",
        "warning_signs",
    )
    parts = [f"{name} {report.by_category[name]}" for name in order if name in report.by_category]
    print(f"{label}: " + "; ".join(parts))
    if styles:
        for name in ("answerable", "uncovered", "calm_not_urgent"):
            if name not in report.by_style:
                continue
            cells = ", ".join(f"{s} {t}" for s, t in sorted(report.by_style[name].items()))
            print(f"  {name} by style: {cells}")
    if report.timings_ms:
        t = report.timings_ms
        print(
            f"  latency per message: p50 {statistics.median(t):.2f} ms,"
            f" p95 {percentile(t, 0.95):.2f} ms, max {max(t):.2f} ms"
        )
    if misses:
        for name in order:
            for note in report.by_category.get(name, Tally()).misses:
                print(f"  miss {name}: {note}")


def all_questions(rows: dict[str, list[dict[str, Any]]]) -> Iterable[str]:
    for group in rows.values():
        for row in group:
            yield row["q"]
