"""The rewrite of the model file: fewer, fused operations, the same vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

from bot.knowledge.encoder import Encoder, model_path
from bot.knowledge.model_file import _fold_int8_weights, fuse_attention

TEXTS = [
    "how long will I be sore after the needles in my shoulder",
    "hi",
    "can I go to the gym tomorrow or should I rest, and is a hot bath ok for the ache?",
]


@pytest.fixture(scope="module")
def folded() -> onnx.ModelProto:
    model = onnx.load(str(model_path()))
    assert _fold_int8_weights(model) > 0
    return model


def _vectors(model: onnx.ModelProto, folder: Path) -> np.ndarray:
    folder.mkdir()
    path = folder / "model.onnx"
    onnx.save(model, str(path))
    return Encoder.load(model=path).embed(TEXTS)


def test_each_layers_attention_becomes_one_operation_with_the_same_vectors(folded, tmp_path):
    before = _vectors(folded, tmp_path / "before")
    fused = onnx.ModelProto()
    fused.CopyFrom(folded)

    assert fuse_attention(fused) == 6  # MiniLM-L6: one per layer
    kinds = [n.op_type for n in fused.graph.node]
    assert kinds.count("Attention") == 6
    assert "Softmax" not in kinds  # the spelled-out attention is gone, not left beside it
    assert len(fused.graph.node) < len(folded.graph.node) // 2
    after = _vectors(fused, tmp_path / "after")
    assert np.abs(after - before).max() < 1e-4


def test_a_graph_without_that_attention_is_left_as_it_is():
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "plain", [x], [y])
    model = helper.make_model(graph)

    assert fuse_attention(model) == 0
    assert [n.op_type for n in model.graph.node] == ["Relu"]
