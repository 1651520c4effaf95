"""The /progress chart as a PNG, if the optional ``charts`` extra (matplotlib) is installed.

Without matplotlib ``soreness_png`` returns None and the bot sends the text chart instead, so the
default install stays small. Only numbers reach this module: no names, no message text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

EXPECTED_HOURS = (24.0, 48.0)


def charts_available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def soreness_png(series: Sequence[tuple[str, Sequence[tuple[float, int]]]]) -> bytes | None:
    """One line per session: (label, [(hours after session, score)]); the usual 24–48 h of
    soreness is shaded. None when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        return None
    figure: Any = pyplot.figure(figsize=(6, 3.5), dpi=120)
    try:
        axes = figure.add_subplot(1, 1, 1)
        axes.axvspan(*EXPECTED_HOURS, color="tab:green", alpha=0.15)
        for label, points in series:
            axes.plot([h for h, _ in points], [s for _, s in points], marker="o", label=label)
        axes.set_ylim(0, 10)
        axes.set_xlabel("hours after session")
        axes.set_ylabel("soreness (0-10)")
        if series:
            axes.legend(loc="upper right", fontsize="small")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
