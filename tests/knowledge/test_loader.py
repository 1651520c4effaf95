"""Reading the clinic's question lists: the questions its articles do not cover, and the
questions about warning signs. A mistake in either file is one clear error, not a silent gap."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.articles import ArticleFormatError
from bot.knowledge.loader import WARNINGS_PATH, load_not_covered, load_warning_questions
from bot.knowledge.safety import RedFlag


def test_the_shipped_warning_questions_cover_every_topic_the_guidance_has():
    topics = {topic for topic, _ in load_warning_questions(WARNINGS_PATH)}
    assert topics == {flag.value for flag in RedFlag} | {"general"}


def test_warning_questions_are_read_as_topic_and_question(tmp_path: Path):
    path = tmp_path / "warning_questions.toml"
    path.write_text(
        '_note = "for the clinic"\n'
        '[infection]\nquestions = ["what does an infected spot look like", "  "]\n'
        '[general]\nquestions = ["when should i call you"]\n',
        encoding="utf-8",
    )
    assert load_warning_questions(path) == [
        ("infection", "what does an infected spot look like"),
        ("general", "when should i call you"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        '[sunburn]\nquestions = ["what if i burn"]\n',
        '[infection]\nquestions = "not a list"\n',
        "[infection]\nquestions = [1, 2]\n",
        "[infection\n",
    ],
)
def test_a_mistake_in_the_warning_questions_is_one_clear_error(tmp_path: Path, text: str):
    path = tmp_path / "warning_questions.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ArticleFormatError, match=r"warning_questions\.toml"):
        load_warning_questions(path)


def test_without_the_files_there_are_no_questions(tmp_path: Path):
    assert load_warning_questions(tmp_path / "missing.toml") == []
    assert load_not_covered(tmp_path / "missing.toml") == []
