"""The "must not" column of ARCHITECTURE.md, checked on every module so the shape holds."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _violations(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in paths
        for name in sorted(_imports(path))
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]


def test_domain_is_pure() -> None:
    forbidden = (
        "telegram",
        "apscheduler",
        "sqlite_utils",
        "sqlite3",
        "httpx",
        "bot.storage",
        "bot.handlers",
        "bot.aftercare.sweep",
        "bot.app",
    )
    assert _violations(_modules(BOT / "domain"), forbidden) == []


def test_domain_never_reads_the_wall_clock() -> None:
    offenders = []
    for path in _modules(BOT / "domain"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"now", "utcnow", "today", "time", "monotonic"}
                and isinstance(node.value, ast.Name)
                and node.value.id in {"datetime", "date", "time"}
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_storage_speaks_no_telegram() -> None:
    forbidden = ("telegram", "bot.handlers", "bot.aftercare.sweep", "bot.app")
    assert _violations(_modules(BOT / "storage"), forbidden) == []


def test_handlers_stay_thin_and_independent() -> None:
    problems = _violations(_modules(BOT / "handlers"), ("sqlite_utils", "sqlite3", "bot.app"))
    for path in _modules(BOT / "handlers"):
        for name in _imports(path):
            if name.startswith("bot.handlers.") and name != "bot.telegram.replies":
                problems.append(f"{path.relative_to(ROOT)} imports sibling handler {name}")
    assert problems == []


def test_settings_import_only_the_standard_library() -> None:
    third_party = {n.split(".")[0] for n in _imports(BOT / "settings.py")}
    assert third_party <= {
        "__future__",
        "os",
        "re",
        "collections",
        "dataclasses",
        "pathlib",
        "zoneinfo",
        "typing",
    }


def test_content_and_keyboards_touch_no_database_or_telegram_sending() -> None:
    problems = _violations([BOT / "content.py"], ("telegram", "sqlite_utils"))
    keyboards = BOT / "keyboards.py"
    if keyboards.exists():
        problems += _violations([keyboards], ("sqlite_utils", "bot.storage"))
    assert problems == []


def test_nothing_below_the_scheduler_imports_it() -> None:
    forbidden = ("bot.aftercare.sweep",)
    paths = _modules(BOT / "domain") + _modules(BOT / "storage")
    assert _violations(paths, forbidden) == []
