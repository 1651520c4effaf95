"""Loading the knowledge base at start: articles on disk -> lexical ranker -> semantic matcher.

The articles folder is the only source of truth: a clinic drops a new article (and its example
questions) into it and restarts the bot. The lexical ranker is built at once (milliseconds). The
semantic index needs the model and a vector for every passage, sentence and example question,
which takes a second or two on a fresh install, so it is built in a background thread while the
bot already polls; until it is ready, questions are answered by the lexical ranker alone.
Vectors are cached in SQLite by the digest of their text, so later starts reuse them and a
changed article only embeds what changed.

If the model cannot load (a missing or altered package, ``AFTERCARE_EMBEDDINGS=off``, no
decision model), the bot says so once in the log and keeps the lexical ranker: it never fails to
start because of the model.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import threading
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.content import read_article_sources
from bot.knowledge.articles import Article, ArticleFormatError, Passage, parse_article
from bot.knowledge.decision import Decision, DecisionFileError
from bot.knowledge.encoder import MODEL_ID, Encoder, EncoderUnavailable
from bot.knowledge.matcher import LexicalMatcher, Matcher, SemanticMatcher
from bot.knowledge.retrieval import Ranker, parse_out_of_scope, parse_synonyms
from bot.knowledge.safety import RedFlag
from bot.knowledge.semantic import GENERAL_TOPIC, SemanticIndex
from bot.knowledge.store import EmbeddingCache
from bot.settings import PROJECT_ROOT, Settings

log = logging.getLogger(__name__)

DECISION_PATH = PROJECT_ROOT / "data" / "answer_decision.json"
NOT_COVERED_PATH = PROJECT_ROOT / "data" / "not_covered.toml"
WARNINGS_PATH = PROJECT_ROOT / "data" / "warning_questions.toml"

# One model and one index per process and set of passages: the bot builds each once; a test
# run that starts many bots on the same articles reuses them.
_lock = threading.Lock()
_encoder: Encoder | None = None
_indexes: dict[str, SemanticIndex] = {}


def load_knowledge(
    settings: Settings, *, wait: bool = False, cache: bool = True
) -> tuple[list[Article], Matcher]:
    """The articles and the matcher; with ``wait`` the semantic index is ready on return.
    ``cache`` keeps vectors in the database (benches and tests turn it off)."""
    articles = [
        parse_article(s.name, s.markdown, s.questions)
        for s in read_article_sources(settings.articles_dir)
    ]
    passages = [p for article in articles for p in article.passages]
    ranker = Ranker.build(passages, load_synonyms(settings), load_out_of_scope(settings))
    if not settings.embeddings:
        log.info("answers use the word-matching ranker only (AFTERCARE_EMBEDDINGS=off)")
        return articles, LexicalMatcher(ranker)
    try:
        decision = Decision.load(DECISION_PATH)
    except (OSError, DecisionFileError) as error:
        log.warning("answers use the word-matching ranker only: no decision model (%s)", error)
        return articles, LexicalMatcher(ranker)
    matcher = SemanticMatcher(ranker, decision)
    db_path = settings.db_path if cache else None
    if wait:
        _warm_up(matcher, passages, db_path)
    else:
        # Not a daemon: onnxruntime aborts the process if the interpreter tears down while it
        # runs, so an early exit waits the second or two the index still needs.
        threading.Thread(
            target=_warm_up, args=(matcher, passages, db_path), name="semantic-index", daemon=False
        ).start()
    return articles, matcher


def _warm_up(matcher: SemanticMatcher, passages: Sequence[Passage], db_path: Path | None) -> None:
    started = time.perf_counter()
    try:
        encoder = _shared_encoder()
        index = _shared_index(
            encoder,
            passages,
            load_not_covered(NOT_COVERED_PATH),
            load_warning_questions(WARNINGS_PATH),
            db_path,
        )
    except EncoderUnavailable as error:
        log.warning("answers use the word-matching ranker only: %s", error)
        matcher.give_up()
        return
    except Exception as error:  # the bot must keep answering whatever went wrong here
        # One line, no traceback: a stop during start-up can interrupt this thread harmlessly.
        log.warning(
            "answers use the word-matching ranker only: the semantic index failed (%s)",
            type(error).__name__,
        )
        matcher.give_up()
        return
    matcher.attach(encoder.embed, index)
    _return_freed_memory()
    log.info(
        "semantic index ready: %d passages in %.1f s", len(passages), time.perf_counter() - started
    )


def _return_freed_memory() -> None:
    """Hand the heap freed after embedding every article back to the system.

    Embedding a thousand texts at start leaves tens of megabytes of freed buffers that glibc's
    allocator keeps for reuse; the bot never needs them again, so they only inflate its RSS
    (measured: 201 MB after a first start without this, see bench/answer_quality.py
    --latency). ``malloc_trim`` is glibc's; elsewhere this does nothing.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    trim = getattr(libc, "malloc_trim", None)
    if trim is not None:
        trim(0)


def _shared_encoder() -> Encoder:
    global _encoder
    with _lock:
        if _encoder is None:
            _encoder = Encoder.load()
        return _encoder


def _shared_index(
    encoder: Encoder,
    passages: Sequence[Passage],
    not_covered: Sequence[str],
    warnings: Sequence[tuple[str, str]],
    db_path: Path | None,
) -> SemanticIndex:
    key = _digest(passages, not_covered, warnings)
    with _lock:
        index = _indexes.get(key)
        if index is not None:
            return index
        if db_path is None:
            index = SemanticIndex.build(passages, encoder.embed, not_covered, warnings)
        else:
            # This thread's own connection: SQLite connections stay with their thread.
            db = Database(db_path)
            try:
                db.execute("PRAGMA busy_timeout=5000")
                cache = EmbeddingCache(db)
                embed = cache.cached(MODEL_ID, encoder.embed)
                index = SemanticIndex.build(passages, embed, not_covered, warnings)
                cache.keep_only(MODEL_ID, index.texts())
            finally:
                db.close()
        _indexes[key] = index
        return index


def _digest(
    passages: Sequence[Passage], not_covered: Sequence[str], warnings: Sequence[tuple[str, str]]
) -> str:
    digest = hashlib.sha256(MODEL_ID.encode())
    for p in passages:
        for part in (p.id, p.section, p.lead, p.text, *p.examples):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
    for question in not_covered:
        digest.update(question.encode("utf-8") + b"\1")
    for topic, question in warnings:
        digest.update(f"{topic}\2{question}".encode() + b"\3")
    return digest.hexdigest()


def _read_toml(path: Path) -> dict[str, Any] | None:
    """A clinic's TOML file, None when there is none; a syntax error names the file."""
    if not path.is_file():
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ArticleFormatError(f"{path.name}: {error}") from None


def load_not_covered(path: Path) -> list[str]:
    """The questions the clinic lists as not covered by its articles (none without the file)."""
    data = _read_toml(path)
    if data is None:
        return []
    questions = data.get("questions", [])
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        raise ArticleFormatError(f"{path.name}: 'questions' must be a list of strings")
    return [q.strip() for q in questions if q.strip()]


def load_warning_questions(path: Path) -> list[tuple[str, str]]:
    """Questions patients ask about warning signs, as (topic, question): a topic is a red flag's
    name or ``general`` (the tables of ``data/warning_questions.toml``; none without the file).
    A message close to one of them is answered with the clinic's safety guidance on that topic.
    """
    data = _read_toml(path)
    if data is None:
        return []
    topics = {flag.value for flag in RedFlag} | {GENERAL_TOPIC}
    found: list[tuple[str, str]] = []
    for topic, table in data.items():
        if topic.startswith("_"):
            continue
        questions = table.get("questions") if isinstance(table, dict) else None
        if topic not in topics or not isinstance(questions, list):
            raise ArticleFormatError(
                f"{path.name}: [{topic}] must be a red flag or 'general' with a 'questions' list"
            )
        if not all(isinstance(q, str) for q in questions):
            raise ArticleFormatError(f"{path.name}: [{topic}] questions must be strings")
        found += [(topic, q.strip()) for q in questions if q.strip()]
    return found


def passages_from_files(settings: Settings) -> list[Passage]:
    """Every passage of the articles on disk, parsed exactly as the bot reads them."""
    return [
        passage
        for source in read_article_sources(settings.articles_dir)
        for passage in parse_article(source.name, source.markdown, source.questions).passages
    ]


def lexical_ranker_from_files(settings: Settings) -> Ranker:
    """The bot's lexical ranker straight from the files: for benches and tests."""
    return Ranker.build(
        passages_from_files(settings), load_synonyms(settings), load_out_of_scope(settings)
    )


def load_synonyms(settings: Settings) -> dict[str, tuple[str, ...]]:
    """The clinic's synonym groups; without the file the bot still answers, less forgivingly."""
    path = settings.synonyms_path
    if not path.is_file():
        log.warning("no synonyms file; answers will only match the articles' own words")
        return {}
    return parse_synonyms(path.read_text(encoding="utf-8"))


def load_out_of_scope(settings: Settings) -> tuple[str, ...]:
    """Topics the clinic's articles do not cover, declined even when a passage looks close."""
    path = settings.out_of_scope_path
    if not path.is_file():
        return ()
    return parse_out_of_scope(path.read_text(encoding="utf-8"))
