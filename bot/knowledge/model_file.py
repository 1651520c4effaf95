"""The model file the bot runs: the pinned package's file, rewritten once to be small and fast.

The package stores MiniLM's weights as int8 numbers and a scale, multiplied back inside the
graph; onnxruntime folds those multiplications at load time into full-precision copies, which
doubles the process's memory (about 230 MB instead of 120 MB) and runs at full-precision speed.
Rewritten with onnxruntime's own dynamic quantizer (int8 weights per output channel, int8
matrix products), the weights stay int8 in memory and a question embeds about three times
faster. Measured on this project's development sets, answers are as good or slightly better
than with the package's file as it is (bench/RESULTS.md); vectors agree with the full-precision
model to a cosine of about 0.99.

Before quantizing, each layer's self-attention, which the file spells out as some 25 small
operations (reshapes, transposes, a masked softmax), is replaced by onnxruntime's single
``Attention`` operation (quantized to ``QAttention``), and each GELU's five operations by one
``BiasGelu`` (onnxruntime's own fusion). The arithmetic is the same (identical vectors in full
precision; once quantized, a cosine of 0.9999 on average with the unfused file) in a graph of
75 operations instead of 440, and a question embeds about 13 % faster: each operation has a
fixed cost, a large share of a short question's time.

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

CONVERTER = "dynamic-int8-fused-v2"


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
    if fuse_attention(model) == 0:
        log.info("no self-attention in the expected form: the model keeps its own operations")
    _fuse_gelu(model)
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
            op_types_to_quantize=["MatMul", "Gather", "Attention"],
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


# MiniLM-L6's self-attention: 12 heads over 384 dimensions.
HEADS = 12
_ROLES = (".query.", ".key.", ".value.")


def fuse_attention(model: Any) -> int:
    """Replace each layer's spelled-out self-attention by one ``com.microsoft.Attention`` node.

    The pattern, as the package's file writes it (a PyTorch export of scaled-dot-product
    attention): three ``MatMul(x, W) + b`` projections named query/key/value, split into heads,
    a masked softmax, and a final ``MatMul(probabilities, V)`` whose result is transposed and
    reshaped back to ``[batch, tokens, 384]``. ``Attention`` takes ``x``, the three weights side
    by side, the three biases and the attention mask, and returns that same tensor (its default
    scale is the export's 1/sqrt(head size); a masked token is excluded either way). Anything
    not in this form is left as it is; returns how many layers were fused.
    """
    from onnx import TensorProto, helper, numpy_helper

    graph, initializers, consumers = _index(model)
    producer = {out: node for node in graph.node for out in node.output}

    def only_user(name: str, op_type: str) -> Any | None:
        users = consumers.get(name, [])
        return users[0] if len(users) == 1 and users[0].op_type == op_type else None

    mask = "attention_mask_int32"
    fused = 0
    for node in list(graph.node):
        if node.op_type != "MatMul" or "scaled_dot_product_attention" not in node.name:
            continue
        transpose = only_user(node.output[0], "Transpose")
        reshape = transpose and only_user(transpose.output[0], "Reshape")
        projections = _projections(producer, initializers, consumers, node)
        if reshape is None or projections is None:
            continue
        x, weights, biases = projections
        name = f"attention_{fused}"
        graph.initializer.extend(
            [
                numpy_helper.from_array(np.concatenate(weights, axis=1), f"{name}_qkv_weight"),
                numpy_helper.from_array(np.concatenate(biases), f"{name}_qkv_bias"),
            ]
        )
        attention = helper.make_node(
            "Attention",
            [x, f"{name}_qkv_weight", f"{name}_qkv_bias", mask],
            [reshape.output[0]],
            name=name,
            domain="com.microsoft",
            num_heads=HEADS,
        )
        # In the reshape's place: everything it reads from is computed before it.
        graph.node.insert(list(graph.node).index(reshape), attention)
        graph.node.remove(reshape)
        fused += 1
    if fused:
        graph.node.insert(
            0, helper.make_node("Cast", ["attention_mask"], [mask], to=TensorProto.INT32)
        )
        model.opset_import.extend([helper.make_opsetid("com.microsoft", 1)])
        _drop_unused(model)
    return fused


def _fuse_gelu(model: Any) -> None:
    """onnxruntime's own fusions: GELU's erf formula into ``Gelu``, then with the bias added
    before it into ``BiasGelu``."""
    from onnxruntime.transformers.fusion_biasgelu import FusionBiasGelu
    from onnxruntime.transformers.fusion_gelu import FusionGelu
    from onnxruntime.transformers.onnx_model import OnnxModel

    graph = OnnxModel(model)
    FusionGelu(graph).apply()
    FusionBiasGelu(graph, is_fastgelu=False).apply()
    graph.prune_graph()


def _projections(
    producer: dict[str, Any],
    initializers: dict[str, Any],
    consumers: dict[str, list[Any]],
    attention_out: Any,
) -> tuple[str, list[np.ndarray], list[np.ndarray]] | None:
    """The input of one attention and its query, key and value weights and biases, in that
    order; None if they are not ``MatMul(x, W) + b`` with W and b stored in the file."""
    from onnx import numpy_helper

    node = producer.get(attention_out.input[1])  # V, split into heads: back to its projection
    while node is not None and node.op_type in ("Transpose", "Reshape", "Add"):
        node = producer.get(node.input[0])
    if node is None or node.op_type != "MatMul":
        return None
    x = node.input[0]
    found: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for user in consumers.get(x, []):
        if user.op_type != "MatMul" or user.input[1] not in initializers:
            continue
        adds = consumers.get(user.output[0], [])
        bias = [i for a in adds if a.op_type == "Add" for i in a.input if i in initializers]
        roles = [r for r in _ROLES if bias and r in bias[0]]
        if len(adds) != 1 or len(bias) != 1 or len(roles) != 1:
            continue
        found[roles[0]] = (
            numpy_helper.to_array(initializers[user.input[1]]).astype(np.float32),
            numpy_helper.to_array(initializers[bias[0]]).astype(np.float32),
        )
    if set(found) != set(_ROLES):
        return None
    return x, [found[r][0] for r in _ROLES], [found[r][1] for r in _ROLES]


def _drop_unused(model: Any) -> None:
    """Remove the nodes and stored tensors nothing reads any more (the unfused attention)."""
    graph = model.graph
    needed = {o.name for o in graph.output}
    kept = []
    for node in reversed(list(graph.node)):
        if any(out in needed for out in node.output):
            kept.append(node)
            needed.update(node.input)
    del graph.node[:]
    graph.node.extend(reversed(kept))
    used = [t for t in graph.initializer if t.name in needed]
    del graph.initializer[:]
    graph.initializer.extend(used)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m bot.knowledge.model_file SRC DST")
    print(rewrite(Path(sys.argv[1]), Path(sys.argv[2])))
