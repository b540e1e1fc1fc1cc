"""The stylesheet's colours: the focus ring and the text reach WCAG contrast in light and dark mode."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[1] / "static" / "css" / "site.css").read_text()


def palette(block):
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;", block))


def schemes():
    light = palette(CSS[CSS.index(":root {") : CSS.index("@media (prefers-color-scheme: dark)")])
    dark_start = CSS.index("@media (prefers-color-scheme: dark)")
    dark = {**light, **palette(CSS[dark_start : CSS.index("}\n}", dark_start)])}
    return {"light": light, "dark": dark}


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("background", ["bg", "surface", "accent-soft", "error-bg"])
def test_focus_ring_reaches_three_to_one_on_every_background(scheme, background):
    colours = schemes()[scheme]
    assert contrast(colours["focus"], colours[background]) >= 3, (scheme, background)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "foreground, background",
    [
        ("text", "bg"),
        ("text", "surface"),
        ("muted", "bg"),
        ("muted", "surface"),
        ("accent", "bg"),
        ("accent", "surface"),
        ("accent", "accent-soft"),
        ("accent-text", "accent"),
        ("error-text", "error-bg"),
    ],
)
def test_text_reaches_aa_contrast(scheme, foreground, background):
    colours = schemes()[scheme]
    assert contrast(colours[foreground], colours[background]) >= 4.5, (scheme, foreground)
