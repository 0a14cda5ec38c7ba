"""Label colours: a new label gets a pastel colour as far as possible from every colour already in use."""

from __future__ import annotations

import colorsys


def _rgb(color: str) -> tuple[int, int, int] | None:
    text = color.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        return None
    try:
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    except ValueError:
        return None


def color_distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """'Redmean' distance: a cheap approximation of how different two colours look."""
    mean_red = (a[0] + b[0]) / 2
    dr, dg, db = a[0] - b[0], a[1] - b[1], a[2] - b[2]
    return ((2 + mean_red / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean_red) / 256) * db * db) ** 0.5


def _candidates() -> list[tuple[int, int, int]]:
    # Light enough for black text on it: label backgrounds, like the default scheme's.
    out = []
    for saturation, value in ((0.35, 0.98), (0.5, 0.95), (0.25, 0.9), (0.6, 0.9)):
        for step in range(36):
            r, g, b = colorsys.hsv_to_rgb(step / 36, saturation, value)
            out.append((round(r * 255), round(g * 255), round(b * 255)))
    return out


CANDIDATES = _candidates()


def distinct_color(existing: list[str]) -> str:
    """The candidate pastel farthest from all existing colours (invalid ones ignored), as #rrggbb."""
    used = [c for c in (_rgb(e) for e in existing) if c is not None]
    if not used:
        best = CANDIDATES[0]
    else:
        best = max(CANDIDATES, key=lambda c: min(color_distance(c, u) for u in used))
    return "#{:02x}{:02x}{:02x}".format(*best)
