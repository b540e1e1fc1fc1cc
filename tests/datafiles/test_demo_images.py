"""datafiles.demo_images: the pictures of the demo directory, their sizes, formats and determinism."""

import io
import random

import pytest
from PIL import Image

from datafiles import demo_images
from datafiles.management.commands.generate_demo_data import DemoData

NAMES = [
    "Nova Robotics GmbH",
    "Sinotek Semiconductor Co., Ltd.",
    "Minsk Investment Promotion Agency",
    "Titan Battery A.Ş.",
    "Kraków Institute of Dairy",
    "Гомсельмаш",
    "",
]


def opened(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_draw_logo_gives_square_or_wide_pngs():
    sizes = set()
    for k in range(40):
        for name in NAMES:
            logo = opened(demo_images.draw_logo(name, random.Random(k)))
            assert logo.format == "PNG"
            assert logo.mode == "RGB"
            sizes.add(logo.size)
    assert sizes == {(256, 256), (384, 192)}


@pytest.mark.parametrize("motif", demo_images.MOTIF_NAMES)
def test_draw_illustration_gives_a_16_9_jpeg_for_each_motif(motif):
    image = opened(demo_images.draw_illustration("Smart robot arm RX-10", motif, random.Random(1)))
    assert (image.format, image.size, image.mode) == ("JPEG", (960, 540), "RGB")


def test_draw_pavilion_gives_a_16_9_jpeg():
    image = opened(demo_images.draw_pavilion("Belarus pavilion", random.Random(1)))
    assert (image.format, image.size, image.mode) == ("JPEG", (960, 540), "RGB")


def test_drawings_same_seed_same_bytes_other_seed_other_bytes():
    def draw(seed):
        return [
            demo_images.draw_logo("Nova Robotics GmbH", random.Random(seed)),
            demo_images.draw_illustration("Robot arm", "gear", random.Random(seed)),
            demo_images.draw_pavilion("Robotics Arena", random.Random(seed)),
        ]

    assert draw(1) == draw(1)
    assert all(a != b for a, b in zip(draw(1), draw(2), strict=True))


def test_logo_colour_follows_the_name():
    def centre(name):
        logo = opened(demo_images.draw_logo(name, random.Random(3)))
        return logo.getpixel((logo.width // 2, logo.height // 2))

    assert demo_images.name_hue("Nova Robotics GmbH") == demo_images.name_hue("Nova Robotics GmbH")
    assert demo_images.name_hue("Nova Robotics GmbH") != demo_images.name_hue("Vega Systems")
    assert centre("Nova Robotics GmbH") == centre("Nova Robotics GmbH")


@pytest.mark.parametrize(
    "name, letters",
    [
        ("Nova Robotics GmbH", "NR"),
        ("Kraków Institute of Dairy", "KI"),
        ("Titan Battery A.Ş.", "TB"),
        ("Гомсельмаш", "D"),  # nothing the built-in font can draw: a neutral letter
        ("", "D"),
    ],
)
def test_initials_use_the_fonts_characters(name, letters):
    assert demo_images.initials(name) == letters


def test_every_top_level_demo_sector_has_a_motif():
    data = DemoData(exhibitors=5, showcases=5, seed=1)
    data.build_countries()
    data.build_sectors()
    tops = {slug for slug, parent in data.parent_of.items() if parent is None}
    assert tops <= set(demo_images.MOTIFS)
    assert set(demo_images.MOTIFS.values()) <= set(demo_images.MOTIF_NAMES)
