"""The /progress chart as a PNG, if the optional ``charts`` extra (matplotlib) is installed.

Without matplotlib ``soreness_png`` returns None and the bot sends the text chart instead, so the
default install stays small. Only numbers reach this module: no names, no message text.

Drawing takes about 70 ms (the first call of a process about half a second: matplotlib's import
and font set-up), far too long for the event loop, so the handler calls it in a worker thread
(``asyncio.to_thread``). It therefore draws with the Agg canvas directly, never through
``pyplot``: no global figure registry, no GUI backend, nothing left open after a call; one lock
keeps two charts from being drawn at once (matplotlib does not promise thread safety).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence

EXPECTED_HOURS = (24.0, 48.0)

Series = Sequence[tuple[str, Sequence[tuple[float, int]]]]

_drawing = threading.Lock()


def soreness_png(series: Series) -> bytes | None:
    """One line per session: (label, [(hours after session, score)]); the usual 24–48 h of
    soreness is shaded. None when matplotlib is not installed. Blocks for tens of ms: call it
    off the event loop."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        return None
    with _drawing:
        figure = Figure(figsize=(6, 3.5), dpi=120)
        FigureCanvasAgg(figure)  # headless: the figure draws into a pixel buffer
        axes = figure.add_subplot(1, 1, 1)
        axes.axvspan(*EXPECTED_HOURS, color="tab:green", alpha=0.15, label="usual soreness")
        for label, points in series:
            axes.plot([h for h, _ in points], [s for _, s in points], marker="o", label=label)
        axes.set_xlim(left=0)
        axes.set_ylim(0, 10)
        axes.set_xlabel("hours after session")
        axes.set_ylabel("soreness (0-10)")
        if series:
            axes.legend(loc="upper right", fontsize="small")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        figure.clear()  # nothing refers to it any more; drop its artists now
        return buffer.getvalue()
