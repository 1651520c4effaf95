"""The README's two commands are the ones CI and a newcomer actually run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = text[: text.index("\n## ")]  # the opening section, before the first subheading
    return re.findall(r"^\s*(make [a-z-]+)\s*$", head, flags=re.MULTILINE)


def test_the_readme_opens_with_the_run_and_test_commands() -> None:
    assert _readme_commands()[:2] == ["make run", "make test"]


def test_ci_runs_the_readmes_test_command_and_nothing_else() -> None:
    lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip()
        and not line.startswith("#")
        and not line.startswith("set ")
        and not line.startswith("cd ")
    ]
    assert lines == ["make test"]


def test_the_make_targets_bootstrap_their_own_virtualenv() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test"):
        assert re.search(rf"^{target}: \$\(STAMP\)", makefile, flags=re.MULTILINE), target
    assert "-m venv" in makefile


def test_every_setting_the_code_reads_is_documented() -> None:
    settings_code = (ROOT / "bot" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'"((?:TELEGRAM|AFTERCARE)_[A-Z_]+)"', settings_code))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert names
    assert sorted(n for n in names if n not in readme) == []
    assert sorted(n for n in names if n not in example) == []


def test_every_declared_make_target_has_a_recipe() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY: (.+)$", makefile, flags=re.MULTILINE)
    assert phony is not None
    empty = [
        target
        for target in phony.group(1).split()
        if not re.search(rf"^{target}:[^\n]*\n\t\S", makefile, flags=re.MULTILINE)
    ]
    assert empty == []


def test_make_test_lints_first_and_holds_a_coverage_floor() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: \$\(STAMP\) lint\b", makefile, flags=re.MULTILINE)
    floor = re.search(r"^COVERAGE_FLOOR := (\d+)$", makefile, flags=re.MULTILINE)
    assert floor is not None and int(floor.group(1)) >= 80
    assert "--cov-fail-under=$(COVERAGE_FLOOR)" in makefile
    for tool in ("ruff check", "ruff format --check", "mypy", "tests/test_architecture.py"):
        assert tool in makefile, tool


def _named_paths(text: str) -> list[str]:
    """Every `path/like.py` or `folder/` in backticks, with `{a,b}` expanded."""
    paths = []
    for token in re.findall(r"`([\w./{},*-]+/[\w./{},*-]*)`", text):
        if "*" in token or token.endswith(".db"):  # a pattern, or a file the bot creates
            continue
        brace = re.search(r"\{([^}]+)\}", token)
        options = brace.group(1).split(",") if brace else [""]
        for option in options:
            paths.append(
                token[: brace.start()] + option + token[brace.end() :] if brace else token
            )
    return paths


# Folders the bot makes when it runs (backups, the model cache), never in a fresh clone;
# absolute paths are the Docker image's.
MADE_AT_RUN_TIME = {"data/backups", "backups/", "data/models/cache/", "data/models/cache"}


def test_the_docs_name_only_files_and_folders_that_exist() -> None:
    missing = []
    for doc in ("README.md", "ARCHITECTURE.md"):
        for path in _named_paths((ROOT / doc).read_text(encoding="utf-8")):
            if path in MADE_AT_RUN_TIME or path.startswith("/"):  # a container path
                continue
            if not ((ROOT / path).exists() or (ROOT / "bot" / path).exists()):
                missing.append(f"{doc}: {path}")
    assert missing == []
