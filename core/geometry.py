"""Rectangles on a hall's floor, in metres: the checks shared by halls, pavilion areas and stands.

A rectangle is ``(x, y, width, depth)`` from the hall's top-left corner (x to the right, y down,
as the plan draws it). Edges may touch; only a shared area counts as an overlap.
"""

from decimal import Decimal

POSITION_FIELDS = ("x", "y", "width", "depth")


def position_state(values):
    """``"none"`` when no value is given, ``"all"`` when every one is, else ``"some"``."""
    given = [value is not None for value in values]
    if not any(given):
        return "none"
    return "all" if all(given) else "some"


def inside(rect, width, depth):
    """Whether ``rect`` lies within a hall of ``width`` by ``depth`` (edges included)."""
    x, y, w, d = (Decimal(value) for value in rect)
    return x >= 0 and y >= 0 and w > 0 and d > 0 and x + w <= width and y + d <= depth


def overlap(a, b):
    """Whether two rectangles share an area (touching edges do not)."""
    ax, ay, aw, ad = (Decimal(value) for value in a)
    bx, by, bw, bd = (Decimal(value) for value in b)
    return ax < bx + bw and bx < ax + aw and ay < by + bd and by < ay + ad
