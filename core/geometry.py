"""Rectangles on a hall's floor, in metres: the checks shared by halls, pavilion areas and stands.

A rectangle is ``(x, y, width, depth)`` from the hall's top-left corner (x to the right, y down,
as the plan draws it). Edges may touch; only a shared area counts as an overlap.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError

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


def metres(value):
    """A length for a message: ``100``, ``12.5`` (no trailing zeros)."""
    return f"{Decimal(value).normalize():f}"


def placed(hall_id, rect):
    """``rect`` when it is a whole position in a hall, else None."""
    return rect if hall_id and position_state(rect) == "all" else None


def check_placement(rect, hall, exhibition_id, *, thing, names):
    """Refuse a half-given position, a hall of another exhibition, or a rectangle outside the hall.

    ``hall`` is the hall or None; ``thing`` names what is placed ("stand", "area") in messages;
    ``names`` are the four field names of ``rect``, the first taking a field error.
    """
    state = position_state(rect)
    if state == "some" or (state == "all") != (hall is not None):
        raise ValidationError(f"Give the hall and all four of {', '.join(names)}, or none of them.")
    if hall is None:
        return
    if exhibition_id and hall.exhibition_id != exhibition_id:
        raise ValidationError({"hall": f"The hall belongs to another exhibition than the {thing}."})
    if not inside(rect, hall.width, hall.depth):
        x, y, width, depth = rect
        raise ValidationError(
            {
                names[
                    0
                ]: f"The {thing} does not fit inside {hall} ({hall.width} × {hall.depth} m): "
                f"it reaches {x + width} × {y + depth} m."
            }
        )
