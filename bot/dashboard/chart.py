"""The pathfinder timeline as a PNG: one row per country, a mark at its workshop, filled when held.

matplotlib is imported when a picture is first drawn (it costs about half a second), with the Agg
backend through ``Figure`` directly: no display, no pyplot global state, safe in a worker thread.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from babel.core import Locale

from bot.dashboard import TimelineRow

WIDTH = 1000  # pixels
ROW_HEIGHT = 34
MARGIN_HEIGHT = 150  # title, axis and legend
DPI = 100
HELD_COLOUR = "#0b6e4f"  # dark green and dark orange: apart for common colour blindness, and also told
PLANNED_COLOUR = "#b35806"  # apart by shape (filled circle / open diamond)
ALT_TEXT_LIMIT = 1000


def size_for(rows: int) -> tuple[int, int]:
    """The picture's size in pixels for ``rows`` countries."""
    return WIDTH, MARGIN_HEIGHT + ROW_HEIGHT * max(rows, 1)


def timeline_png(rows: Sequence[TimelineRow], *, title: str, held_label: str, planned_label: str,
                 empty_label: str, locale: Locale) -> bytes:
    """The timeline of ``rows`` (oldest first at the top) as PNG bytes of ``size_for(len(rows))``."""
    from babel.dates import format_skeleton  # as matplotlib: when a picture is first drawn
    from matplotlib.dates import date2num
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    width, height = size_for(len(rows))
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    ax = fig.add_axes((0.22, MARGIN_HEIGHT * 0.45 / height, 0.74, 1 - MARGIN_HEIGHT * 0.85 / height))
    fig.suptitle(title, fontsize=14, x=0.02, ha="left", y=1 - 12 / height, va="top")
    if not rows:
        ax.set_axis_off()
        ax.text(0.5, 0.5, empty_label, ha="center", va="center", transform=ax.transAxes, fontsize=12)
    else:
        ordered = sorted(rows, key=lambda r: (r.start, r.label))
        ys = list(range(len(ordered)))[::-1]
        for y, row in zip(ys, ordered):
            colour = HELD_COLOUR if row.held else PLANNED_COLOUR
            start, end = date2num(row.start), date2num(row.end)
            if end > start:
                ax.plot([start, end], [y, y], color=colour, linewidth=6, solid_capstyle="round")
            ax.plot([start], [y], marker="o" if row.held else "D", markersize=9,
                    markerfacecolor=colour if row.held else "white", markeredgecolor=colour, markeredgewidth=2,
                    linestyle="none")
            ax.annotate(row.when, (end, y), xytext=(8, 0), textcoords="offset points", va="center", fontsize=9,
                        color="#333333")
        ax.set_yticks(ys, [r.label for r in ordered], fontsize=10)
        first, last = ordered[0].start, max(r.end for r in ordered)
        span = max((last - first).days, 30)
        ax.set_xlim(date2num(first) - span * 0.06, date2num(last) + span * 0.4)  # room for the last date's words
        ax.set_ylim(-0.8, len(ordered) - 0.2)
        ax.xaxis.set_major_formatter(FuncFormatter(
            lambda value, _pos: format_skeleton("yMMM", _num_to_date(value), locale=locale)))
        ax.grid(axis="x", color="#dddddd")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.plot([], [], marker="o", color=HELD_COLOUR, linestyle="none", label=held_label)
        ax.plot([], [], marker="D", markerfacecolor="white", markeredgecolor=PLANNED_COLOUR, markeredgewidth=2,
                linestyle="none", label=planned_label)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -MARGIN_HEIGHT * 0.2 / height), ncol=2, frameon=False)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _num_to_date(value: float) -> date:
    from matplotlib.dates import num2date

    return num2date(value).date()


def alt_text(rows: Sequence[TimelineRow], *, title: str, empty_label: str) -> str:
    """The picture in words, for screen readers (and the body of a Matrix image): every workshop, in order."""
    if not rows:
        return f"{title}: {empty_label}"
    parts = [f"{r.label}, {r.when} ({r.status})" for r in sorted(rows, key=lambda r: (r.start, r.label))]
    text = f"{title}: " + "; ".join(parts) + "."
    return text if len(text) <= ALT_TEXT_LIMIT else text[: ALT_TEXT_LIMIT - 1] + "…"
