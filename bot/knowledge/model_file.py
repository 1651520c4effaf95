"""The model file the bot runs: the pinned package's file, rewritten once to stay small in memory.

The package stores MiniLM's weights as int8 numbers and a scale, multiplied back inside the
graph; onnxruntime folds those multiplications at load time into full-precision copies, which
doubles the process's memory (about 230 MB instead of 120 MB). Rewritten into onnxruntime's
``MatMulNBits`` operator (8 bits, the same numbers and scales) and int8 embedding look-ups, the
weights stay int8 in memory, answers take no longer, and vectors agree with the package's file
to a cosine of 0.995 or better (measured on 300 texts against the full-precision model).

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

CONVERTER = "nbits8-v1"
_BLOCK = 128
# 4: the CPU kernel quantizes activations to int8 per block (fast); 0 computes in fp32 (slow).
_ACCURACY_LEVEL = 4


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
    """Write the small-in-memory form of ``source`` to ``target`` (atomically); returns how many
    weight matrices were rewritten. Needs ``onnx``."""
    import onnx

    model = onnx.load(str(source))
    count = _to_nbits8(model)
    if count == 0:
        raise ValueError("no int8 weights stored as cast-and-scale were found")
    onnx.checker.check_model(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as folder:
        written = Path(folder) / "model.onnx"
        onnx.save(model, str(written))
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


def _to_nbits8(model: Any) -> int:
    from onnx import TensorProto, helper, numpy_helper

    graph, initializers, _ = _index(model)
    replaced: dict[int, list[Any]] = {}
    dropped_nodes: set[int] = set()
    dropped: set[str] = set()
    added = []
    for cast, mul, scale_name, user in _int8_chains(model):
        weights = numpy_helper.to_array(initializers[cast.input[0]])
        scale = numpy_helper.to_array(initializers[scale_name]).astype(np.float32)
        if weights.dtype != np.int8 or weights.ndim != 2:
            continue
        rows, columns = weights.shape
        if (
            user.op_type == "MatMul"
            and user.input[1] == mul.output[0]
            and scale.shape == (1, columns)
            and rows % _BLOCK == 0
        ):
            blocks = rows // _BLOCK
            base = cast.input[0] + "_nbits8"
            packed = (
                (weights.astype(np.int16) + 128)
                .astype(np.uint8)
                .T.reshape(columns, blocks, _BLOCK)
            )
            scales = np.repeat(scale.reshape(columns, 1), blocks, axis=1).astype(np.float32)
            zero = np.full((columns, blocks), 128, dtype=np.uint8)
            added += [
                numpy_helper.from_array(packed, base + "_B"),
                numpy_helper.from_array(scales, base + "_scales"),
                numpy_helper.from_array(zero, base + "_zp"),
            ]
            replaced[id(user)] = [
                helper.make_node(
                    "MatMulNBits",
                    [user.input[0], base + "_B", base + "_scales", base + "_zp"],
                    list(user.output),
                    name=base,
                    domain="com.microsoft",
                    K=rows,
                    N=columns,
                    bits=8,
                    block_size=_BLOCK,
                    accuracy_level=_ACCURACY_LEVEL,
                )
            ]
        elif (
            user.op_type == "Gather"
            and user.input[0] == mul.output[0]
            and scale.shape == (rows, 1)
            and all(a.name != "axis" or a.i == 0 for a in user.attribute)
        ):
            # Look up int8 rows, then scale them: nothing left for constant folding to expand.
            ids, out = user.input[1], user.output[0]
            replaced[id(user)] = [
                helper.make_node("Gather", [cast.input[0], ids], [out + "_q"], axis=0),
                helper.make_node("Cast", [out + "_q"], [out + "_f"], to=TensorProto.FLOAT),
                helper.make_node("Gather", [scale_name, ids], [out + "_s"], axis=0),
                helper.make_node("Mul", [out + "_f", out + "_s"], [out]),
            ]
        else:
            continue
        dropped_nodes |= {id(cast), id(mul)}
        if user.op_type == "MatMul":
            dropped |= {cast.input[0], scale_name}
    if not replaced:
        return 0
    nodes = []
    for node in graph.node:
        if id(node) not in dropped_nodes:
            nodes.extend(replaced.get(id(node), [node]))
    del graph.node[:]
    graph.node.extend(nodes)
    kept = [t for t in graph.initializer if t.name not in dropped]
    del graph.initializer[:]
    graph.initializer.extend(kept + added)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return len(replaced)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m bot.knowledge.model_file SRC DST")
    print(rewrite(Path(sys.argv[1]), Path(sys.argv[2])))
