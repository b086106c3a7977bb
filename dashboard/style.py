"""One palette and one set of legend classes for the map, the chart and the exports.

Kept in one place so an exported slide and the interactive map can never disagree.
Colours are colour-blind-safe (Okabe-Ito based) and readable in greyscale print.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

BLOC_COLOURS: dict[str, str] = {
    "western": "#0072B2",  # blue
    "russia": "#D55E00",  # vermilion
    "un": "#56B4E9",  # sky blue
    "regional": "#009E73",  # bluish green
    "other": "#CC79A7",  # reddish purple
    "none": "#F2F2F2",  # nobody present: near-white, not grey (grey means "context")
}
BLOC_LABELS: dict[str, str] = {
    "western": "Western",
    "russia": "Russia",
    "un": "UN",
    "regional": "Regional",
    "other": "Other",
    "none": "None present",
}
CONTEXT_FILL = "#D9D9D9"  # neighbours shown for orientation only
UNKNOWN_OUTLINE = "#6A3D9A"  # countries with a partner present at unknown strength
BORDER = "#FFFFFF"
TEXT = "#222222"
NO_DATA_FILL = "#F2F2F2"

# Sequential classes for "known foreign strength present" (troops). Upper bounds, inclusive.
STRENGTH_BREAKS: tuple[float, ...] = (0, 500, 1_000, 2_500, 5_000, 15_000)
STRENGTH_COLOURS: tuple[str, ...] = (
    "#F2F2F2",
    "#FDD0A2",
    "#FDAE6B",
    "#FD8D3C",
    "#E6550D",
    "#A63603",
    "#7F2704",
)
# Classes for "number of partners present".
COUNT_BREAKS: tuple[float, ...] = (0, 1, 2, 3, 5)
COUNT_COLOURS: tuple[str, ...] = ("#F2F2F2", "#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")
# Shift score 0..1.
SHIFT_BREAKS: tuple[float, ...] = (0, 0.25, 0.5, 0.75, 1.0)
SHIFT_COLOURS: tuple[str, ...] = ("#F2F2F2", "#FEE0D2", "#FC9272", "#EF3B2C", "#A50F15")


@dataclass(frozen=True)
class LegendClass:
    label: str
    colour: str


def classify(value: float, breaks: tuple[float, ...], colours: tuple[str, ...]) -> str:
    """Colour of the first class whose upper bound holds `value`; NaN -> NO_DATA_FILL."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA_FILL
    for bound, colour in zip(breaks, colours, strict=False):
        if value <= bound:
            return colour
    return colours[len(breaks)] if len(colours) > len(breaks) else colours[-1]


def numeric_legend(
    breaks: tuple[float, ...], colours: tuple[str, ...], fmt: str = "{:,.0f}"
) -> list[LegendClass]:
    """Legend rows for `classify` with the same breaks: "0", "1–500", ..., "> 15,000"."""
    rows = [LegendClass(fmt.format(breaks[0]), colours[0])]
    for low, high, colour in zip(breaks, breaks[1:], colours[1:], strict=False):
        rows.append(LegendClass(f"{fmt.format(low)}–{fmt.format(high)}", colour))
    if len(colours) > len(breaks):
        rows.append(LegendClass(f"> {fmt.format(breaks[-1])}", colours[len(breaks)]))
    return rows


def bloc_legend() -> list[LegendClass]:
    return [LegendClass(BLOC_LABELS[b], c) for b, c in BLOC_COLOURS.items()]
