"""A cheap first comparison for large indexes: which passages are worth comparing exactly.

With a clinic's hundreds of articles the semantic index holds tens of thousands of 384-number
vectors (about 64 MB at 500 articles), and comparing a question with every one of them is a
matter of reading that memory: about 3 ms per reading on one core, several readings per message.
Nearly all of those vectors are nowhere near the question. A copy of them projected onto the
index's own main directions (principal components fitted on its vectors, 128 of 384 numbers: a
third of the bytes) ranks the passages well enough to pick the few worth comparing exactly; only
those are then read in full (:meth:`bot.knowledge.semantic.SemanticIndex.scores`).

The projection keeps the part of each vector along the directions in which the index's vectors
differ most; what it drops is the part along directions in which they hardly differ, which moves
every passage's similarity by about the same amount. It is fitted on the index itself, so it
follows whatever the clinic's articles talk about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ReducedCopy:
    """Vectors projected onto their ``dimensions`` main directions, one array per kind.

    ``similarities`` approximates ``vectors @ question`` for each kind as
    ``question · mean + (question · basis) · ((vectors - mean) · basis)``.
    """

    basis: np.ndarray
    mean: np.ndarray
    kinds: tuple[np.ndarray, ...]

    @classmethod
    def fit(cls, kinds: Sequence[np.ndarray], dimensions: int) -> ReducedCopy:
        """Principal directions of all ``kinds`` together (one basis, so the approximate
        similarities of texts, sentences and examples stay comparable with each other)."""
        count = max(sum(len(k) for k in kinds), 1)
        width = kinds[0].shape[1]
        total = np.zeros(width, dtype=np.float64)
        scatter = np.zeros((width, width), dtype=np.float64)
        for vectors in kinds:
            total += vectors.sum(axis=0, dtype=np.float64)
            scatter += (vectors.T @ vectors).astype(np.float64)
        mean = total / count
        covariance = scatter / count - np.outer(mean, mean)
        _, directions = np.linalg.eigh(covariance)  # ascending: the main ones come last
        basis = np.ascontiguousarray(directions[:, ::-1][:, :dimensions], dtype=np.float32)
        shift = mean.astype(np.float32) @ basis
        return cls(
            basis=basis,
            mean=mean.astype(np.float32),
            kinds=tuple(np.ascontiguousarray(v @ basis - shift) for v in kinds),
        )

    def similarities(self, question: np.ndarray) -> tuple[np.ndarray, ...]:
        """Approximate similarities of ``question`` with every vector, kind by kind."""
        reduced = question @ self.basis
        offset = np.float32(question @ self.mean)
        return tuple(vectors @ reduced + offset for vectors in self.kinds)

    @property
    def nbytes(self) -> int:
        return self.basis.nbytes + self.mean.nbytes + sum(k.nbytes for k in self.kinds)
