"""The import rules of ARCHITECTURE.md, checked on every module so the shape holds.

``bot/`` is grouped by feature (knowledge, aftercare, clinics, patients, privacy) with the shared
basics beside them (settings, clock, logs, content, storage, telegram). Inside a feature the rule
depends on a file's role:

* pure modules hold the rules: no Telegram, no SQLite, no HTTP, no scheduler, no clock;
* stores speak SQL and never Telegram;
* handlers are thin: no SQL, no composition root, no other feature's handlers;
* nothing in the runtime imports the development tools (the stand-in, the demo).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TypeGuard

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"

PURE = [
    *(
        BOT / "knowledge" / f"{name}.py"
        for name in (
            "articles",
            "text",
            "retrieval",
            "semantic",
            "shortlist",
            "decision",
            "smalltalk",
            "relayed",
        )
    ),
    *sorted((BOT / "knowledge" / "safety").rglob("*.py")),
    *(
        BOT / "aftercare" / f"{name}.py"
        for name in (
            "plan",
            "quiet_hours",
            "lateness",
            "session_time",
            "reminders",
            "checkins",
            "typed_scores",
            "zones",
            "care",
        )
    ),
    BOT / "clinics" / "invites.py",
    BOT / "clinics" / "rules.py",
    BOT / "patients" / "model.py",
    BOT / "telegram" / "callbacks.py",  # the button codec: rules for data, no Telegram
]
STORES = [*sorted(BOT.rglob("*store*.py")), *sorted((BOT / "storage").rglob("*.py"))]
HANDLERS = [
    *sorted(BOT.rglob("handlers.py")),
    *(p for p in sorted(BOT.rglob("*.py")) if p.parent.name == "handlers"),
    BOT / "telegram" / "commands.py",
    BOT / "telegram" / "fallbacks.py",
]
FEATURES = ("knowledge", "aftercare", "clinics", "patients", "privacy")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _violations(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in paths
        for name in sorted(_imports(path))
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]


def _feature(path: Path) -> str | None:
    parts = path.relative_to(BOT).parts
    return parts[0] if parts[0] in FEATURES else None


def test_the_role_lists_name_real_files() -> None:
    missing = [str(p.relative_to(ROOT)) for p in PURE + HANDLERS if not p.exists()]
    assert missing == []
    assert len(STORES) >= 8


def test_pure_modules_import_no_io() -> None:
    forbidden = (
        "telegram",
        "apscheduler",
        "sqlite_utils",
        "sqlite3",
        "httpx",
        "bot.storage",
        "bot.telegram",
        "bot.app",
        "bot.devtools",
    )
    problems = _violations(PURE, forbidden)
    problems += [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in PURE
        for name in _imports(path)
        if name.startswith("bot.")
        and (
            name.endswith(("store", "service", "handlers", "sweep", "sender")) or ".store" in name
        )
    ]
    assert problems == []


def test_pure_modules_never_read_the_wall_clock() -> None:
    offenders = []
    for path in PURE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"now", "utcnow", "today", "time", "monotonic"}
                and isinstance(node.value, ast.Name)
                and node.value.id in {"datetime", "date", "time"}
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_stores_speak_no_telegram() -> None:
    forbidden = ("telegram", "bot.telegram", "bot.app", "bot.aftercare.sweep")
    problems = _violations(STORES, forbidden)
    problems += [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in STORES
        for name in _imports(path)
        if name.startswith("bot.") and "handlers" in name
    ]
    assert problems == []


def test_handlers_stay_thin_and_independent() -> None:
    problems = _violations(HANDLERS, ("sqlite_utils", "sqlite3", "bot.app"))
    for path in HANDLERS:
        own = _feature(path)
        for name in _imports(path):
            parts = name.split(".")
            if "handlers" in parts[:-1] or (len(parts) > 2 and parts[2] == "handlers"):
                other = parts[1] if len(parts) > 1 else None
                if other != own:
                    problems.append(f"{path.relative_to(ROOT)} imports {other}'s handlers {name}")
    assert problems == []


#: What handlers share with each other (they may not import each other's handlers).
HANDLER_HELPERS = [BOT / "telegram" / "replies.py", BOT / "aftercare" / "consent.py"]
#: The database's own names: the connection, SQL, transactions and raw columns belong to stores
#: (and to the service functions that own a transaction), never to a handler.
DATABASE_NAMES = {"db", "conn", "execute", "atomic", "set_fields"}


def test_handlers_neither_open_transactions_nor_write_raw_columns() -> None:
    """A handler changes data only through a typed service or store function (which owns its
    transaction) and reads the update's moment from ``context.now``, not the clock."""
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}"
        for path in HANDLERS + HANDLER_HELPERS
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and (node.attr in DATABASE_NAMES or node.attr == "clock")
    ]
    assert offenders == []


def test_the_runtime_never_imports_the_development_tools() -> None:
    runtime = [
        p
        for p in sorted(BOT.rglob("*.py"))
        if "devtools" not in p.parts and p.name != "__main__.py"
    ]
    assert _violations(runtime, ("bot.devtools",)) == []


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


def test_content_and_keyboards_touch_no_database() -> None:
    keyboards = sorted(BOT.rglob("keyboards.py"))
    problems = _violations([BOT / "content.py"], ("telegram", "sqlite_utils"))
    problems += _violations(keyboards, ("sqlite_utils", "sqlite3", "bot.storage"))
    assert problems == []


def _asserts(node: ast.AST) -> TypeGuard[ast.stmt]:
    """An ``assert`` statement, or ``raise AssertionError`` by hand."""
    if isinstance(node, ast.Assert):
        return True
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return isinstance(raised, ast.Name) and raised.id == "AssertionError"


def test_the_runtime_raises_named_errors_instead_of_asserting() -> None:
    """``python -O`` strips asserts, and a bare AssertionError says nothing in a log: the
    runtime raises a named error or handles the case."""
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted(BOT.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if _asserts(node)
    ]
    assert offenders == []
