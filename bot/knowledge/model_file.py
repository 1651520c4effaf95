"""The model file the bot runs: the pinned package's file, rewritten once to be small and fast.

The package stores MiniLM's weights as int8 numbers and a scale, multiplied back inside the
graph; onnxruntime folds those multiplications at load time into full-precision copies, which
doubles the process's memory (about 230 MB instead of 120 MB) and runs at full-precision speed.
Rewritten with onnxruntime's own dynamic quantizer (int8 weights per output channel, int8
matrix products), the weights stay int8 in memory and a question embeds about three times
faster. Measured on this project's development sets, answers are as good or slightly better
than with the package's file as it is (bench/RESULTS.md); vectors agree with the full-precision
model to a cosine of about 0.99.

The rewrite needs the ``onnx`` package and runs once, in a child process (so its memory is
returned), into a cache file named after the source file's sha256 and :data:`CONVERTER`, so a new
model or a changed rewrite never reuses a stale file. If it cannot be done (no ``onnx``, a
read-only disk, an unexpected graph), the package's file is used as it is: correct, only bigger.
Run by hand: ``python -m bot.knowledge.model_file SRC DST``.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

CONVERTER = "dynamic-int8-v1"


def converted(source: Path, source_sha256: str, cache_dir: Path) -> Path:
    """The rewritten copy of ``source`` in ``cache_dir``, made once; ``source`` if that fails."""
    target = cache_dir / f"minilm-{CONVERTER}-{source_sha256[:16]}.onnx"
    if target.is_file():
        return target
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "bot.knowledge.model_file", str(source), str(target)],
            check=True,
            capture_output=True,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning(
            "the model runs from the package's file (about twice the memory): %s",
            type(error).__name__,
        )
        return source
    return target


def rewrite(source: Path, target: Path) -> int:
    """Write the small, fast form of ``source`` to ``target`` (atomically); returns how many
    weight matrices were folded back before quantizing. Needs ``onnx``."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load(str(source))
    count = _fold_int8_weights(model)
    if count == 0:
        raise ValueError("no int8 weights stored as cast-and-scale were found")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as folder:
        full = Path(folder) / "full.onnx"
        onnx.save(model, str(full))
        del model
        written = Path(folder) / "model.onnx"
        quantize_dynamic(
            str(full),
            str(written),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul", "Gather"],
        )
        os.replace(written, target)
    return count


def _index(model: Any) -> tuple[Any, dict[str, Any], dict[str, list[Any]]]:
    graph = model.graph
    initializers = {t.name: t for t in graph.initializer}
    consumers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    return graph, initializers, consumers


def _int8_chains(model: Any) -> list[tuple[Any, Any, str, Any]]:
    """``Cast(int8 weight) -> Mul(scale) -> user``: how the package stores each weight."""
    import onnx

    graph, initializers, consumers = _index(model)
    chains = []
    for cast in list(graph.node):
        if cast.op_type != "Cast" or cast.input[0] not in initializers:
            continue
        if initializers[cast.input[0]].data_type not in (
            onnx.TensorProto.INT8,
            onnx.TensorProto.UINT8,
        ):
            continue
        users = consumers.get(cast.output[0], [])
        if len(users) != 1 or users[0].op_type != "Mul":
            continue
        mul = users[0]
        other = [i for i in mul.input if i != cast.output[0]]
        if (
            len(other) != 1
            or other[0] not in initializers
            or len(consumers.get(other[0], [])) != 1
        ):
            continue
        after = consumers.get(mul.output[0], [])
        if len(after) == 1:
            chains.append((cast, mul, other[0], after[0]))
    return chains


def _fold_int8_weights(model: Any) -> int:
    """Turn each cast-and-scale int8 weight back into a plain full-precision one (which the
    quantizer then stores as int8 again, per output channel)."""
    from onnx import numpy_helper

    graph, initializers, _ = _index(model)
    chains = _int8_chains(model)
    dropped: set[str] = set()
    added = []
    for cast, mul, scale_name, _user in chains:
        weights = numpy_helper.to_array(initializers[cast.input[0]]).astype(np.float32)
        scale = numpy_helper.to_array(initializers[scale_name]).astype(np.float32)
        added.append(numpy_helper.from_array(weights * scale, mul.output[0]))
        graph.node.remove(cast)
        graph.node.remove(mul)
        dropped |= {cast.input[0], scale_name}
    kept = [t for t in graph.initializer if t.name not in dropped]
    del graph.initializer[:]
    graph.initializer.extend(kept + added)
    return len(chains)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m bot.knowledge.model_file SRC DST")
    print(rewrite(Path(sys.argv[1]), Path(sys.argv[2])))
