"""Drawn pictures for the demo directory: exhibitor logos, showcase and pavilion illustrations.

Plain Pillow, no Django. Every function takes the record's name (which fixes the colours), a few words
that steer the picture, and a ``random.Random`` (which varies the layout), and returns encoded bytes
for the models' image fields to check, clean and make renditions of (``core.images``):

- ``draw_logo``: a geometric mark with initials, or a mark and a wordmark, on a plain background;
  256 x 256 PNG, or 384 x 192 for a wide logo (about one in five).
- ``draw_illustration``: 960 x 540 (16:9) JPEG, a gradient with soft shapes and a simple motif hinting
  at the sector (a chip, a network, gears, a vehicle, fields, energy, a skyline, a pulse line).
- ``draw_pavilion``: 960 x 540 JPEG, a stylised exhibition hall under a gradient sky.

They are flat drawings that nobody could take for photographs, and the illustrations say "demo
illustration" in a corner. Logos are drawn at three times their size and reduced, which smooths their
edges; illustrations are drawn at their size, to stay fast (about 20 ms each). The same arguments
give the same bytes (with the same Pillow). Text uses Pillow's built-in font (Aileron), so the
pictures do not depend on the fonts a machine has; it covers ASCII only, so names are reduced to
ASCII first.
"""

import colorsys
import hashlib
import io
import math
import threading
import unicodedata

from PIL import Image, ImageDraw, ImageFont

LOGO_SIZE = (256, 256)
WIDE_LOGO_SIZE = (384, 192)
ILLUSTRATION_SIZE = (960, 540)
LOGO_SCALE = 3  # logos are drawn at three times their size and reduced: smooth edges, cheaply
ILLUSTRATION_SCALE = 1  # at 960 x 540, drawing larger would double the time of the whole step
LABEL = "DEMO ILLUSTRATION"

# Top-level sector slug -> motif of its showcase illustrations (others get "network").
MOTIFS = {
    "information-technology": "chip",
    "artificial-intelligence": "chip",
    "big-data": "network",
    "5g-communications": "network",
    "microchips-semiconductors": "chip",
    "intelligent-sensing": "chip",
    "high-performance-computing": "chip",
    "digital-economy": "network",
    "digital-commerce": "network",
    "robotics": "gear",
    "autonomous-driving": "vehicle",
    "smart-city": "city",
    "agricultural-machinery": "field",
    "metalworking": "gear",
    "food-products": "field",
    "industrial-parks": "city",
    "education": "network",
    "tourism": "city",
    "demo-energy": "energy",
    "demo-health": "pulse",
    "demo-materials": "gear",
    "demo-transport": "vehicle",
}
MOTIF_NAMES = ("chip", "network", "gear", "vehicle", "field", "energy", "city", "pulse")


# --- Colours and text -----------------------------------------------------------------------------


def name_hue(text):
    """A hue in [0, 1) that always comes out the same for the same text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def colour(hue, saturation, lightness, alpha=None):
    r, g, b = colorsys.hls_to_rgb(hue % 1.0, lightness, saturation)
    rgb = (round(r * 255), round(g * 255), round(b * 255))
    return rgb if alpha is None else (*rgb, alpha)


def white(alpha=255):
    return (255, 255, 255, alpha)


def ascii_text(text):
    """``text`` in the built-in font's characters: accents dropped, other letters left out."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if 32 <= ord(ch) < 127).strip()


def initials(name, count=2):
    words = [w for w in ascii_text(name).replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:count]).upper() or "D"


_fonts = threading.local()  # a FreeType face is not safe to share between threads


def font(size):
    size = max(1, int(size))
    cache = getattr(_fonts, "by_size", None)
    if cache is None:
        cache = _fonts.by_size = {}
    if size not in cache:
        cache[size] = ImageFont.load_default(size=size)
    return cache[size]


def fitted_font(draw, text, max_width, max_height, stroke=0):
    """The built-in font at the largest size (at most ``max_height``) at which ``text`` fits."""
    size = int(max_height)
    while size > 6:
        left, top, right, bottom = draw.textbbox(
            (0, 0), text, font=font(size), stroke_width=round(size * stroke)
        )
        if right - left <= max_width and bottom - top <= max_height:
            break
        size = int(size * 0.9)
    return font(size)


def text_centred(draw, xy, text, max_width, max_height, fill, bold=0.0):
    face = fitted_font(draw, text, max_width, max_height, bold)
    draw.text(
        xy,
        text,
        font=face,
        fill=fill,
        anchor="mm",
        stroke_width=round(face.size * bold),
        stroke_fill=fill,
    )


# --- Shapes ---------------------------------------------------------------------------------------


def regular_polygon(cx, cy, radius, sides, rotation=0.0):
    return [
        (
            cx + radius * math.cos(rotation + 2 * math.pi * k / sides),
            cy + radius * math.sin(rotation + 2 * math.pi * k / sides),
        )
        for k in range(sides)
    ]


def gear_outline(cx, cy, radius, teeth, rotation=0.0):
    points = []
    inner = radius * 0.8
    for k in range(teeth):
        base = rotation + 2 * math.pi * k / teeth
        step = 2 * math.pi / teeth
        for fraction, r in ((0.0, inner), (0.15, radius), (0.5, radius), (0.65, inner)):
            angle = base + step * fraction
            points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def mark(draw, shape, box, fill, outline=None, width=0):
    """A geometric mark filling ``box``: circle, rounded square, hexagon, diamond or shield."""
    left, top, right, bottom = box
    cx, cy, r = (left + right) / 2, (top + bottom) / 2, (right - left) / 2
    if shape == "circle":
        draw.ellipse(box, fill=fill, outline=outline, width=width)
    elif shape == "square":
        draw.rounded_rectangle(box, radius=r * 0.35, fill=fill, outline=outline, width=width)
    elif shape == "hexagon":
        draw.polygon(
            regular_polygon(cx, cy, r, 6, math.pi / 6), fill=fill, outline=outline, width=width
        )
    elif shape == "diamond":
        draw.polygon(regular_polygon(cx, cy, r, 4, 0), fill=fill, outline=outline, width=width)
    else:  # shield: a square top and a rounded point below
        points = [(left, top), (right, top), (right, cy)]
        for k in range(1, 24):
            angle = math.pi * k / 24
            points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
        points.append((left, cy))
        draw.polygon(points, fill=fill, outline=outline, width=width)


SHAPES = ("circle", "square", "hexagon", "diamond", "shield")


def encode(image, fmt):
    out = io.BytesIO()
    if fmt == "PNG":
        # The upload check writes the master again (core.images), so squeeze nothing here.
        image.save(out, "PNG", compress_level=1)
    else:
        image.save(out, "JPEG", quality=92)
    return out.getvalue()


# --- Logos ----------------------------------------------------------------------------------------


def draw_logo(name, rng, wordmark=None):
    """A demo logo for the organisation ``name``: PNG bytes, square or (about one in five) wide.

    ``wordmark`` is the word a wide logo spells out (default: the name's first word).
    """
    hue = name_hue(name)
    main = colour(hue, rng.uniform(0.5, 0.75), rng.uniform(0.3, 0.4))
    accent = colour(hue + rng.choice([0.08, 0.5, -0.08]), 0.7, 0.55)
    letters = initials(name)
    style = rng.choices(["badge", "ring", "tile", "wide"], weights=[3, 2, 2, 2])[0]
    shape = rng.choice(SHAPES)
    size = WIDE_LOGO_SIZE if style == "wide" else LOGO_SIZE
    s = LOGO_SCALE
    w, h = size[0] * s, size[1] * s
    background = (255, 255, 255) if rng.random() < 0.7 else colour(hue, 0.4, 0.96)
    if style == "tile":
        background = main
    image = Image.new("RGB", (w, h), background)
    draw = ImageDraw.Draw(image, "RGBA")

    if style == "badge":
        pad = w * 0.12
        mark(draw, shape, (pad, pad, w - pad, h - pad), main)
        if rng.random() < 0.6:  # an accent bar or dot over one corner of the mark
            d = w * 0.2
            corner = rng.choice([(w - pad - d, pad), (pad, h - pad - d)])
            draw.ellipse((*corner, corner[0] + d, corner[1] + d), fill=accent)
        text_centred(draw, (w / 2, h / 2), letters, w * 0.5, h * 0.34, white(), bold=0.03)
    elif style == "ring":
        pad = w * 0.1
        mark(draw, shape, (pad, pad, w - pad, h - pad), None, outline=main, width=round(w * 0.07))
        draw.rectangle((w * 0.36, h * 0.7, w * 0.64, h * 0.73), fill=accent)
        text_centred(draw, (w / 2, h * 0.48), letters, w * 0.48, h * 0.3, main, bold=0.03)
    elif style == "tile":
        d = w * 0.55
        corner = rng.choice([(-d / 2, -d / 2), (w - d / 2, h - d / 2), (w - d / 2, -d / 2)])
        draw.ellipse((*corner, corner[0] + d, corner[1] + d), fill=(*accent, 200))
        text_centred(draw, (w / 2, h / 2), letters, w * 0.62, h * 0.42, white(), bold=0.04)
    else:  # a mark on the left, the wordmark beside it
        side = h * 0.7
        top = (h - side) / 2
        left = top
        variant = rng.choice(["shape", "bars", "circles"])
        if variant == "shape":
            mark(draw, shape, (left, top, left + side, top + side), main)
            inner = side * 0.32
            cx, cy = left + side / 2, top + side / 2
            draw.ellipse(
                (cx - inner / 2, cy - inner / 2, cx + inner / 2, cy + inner / 2), fill=accent
            )
        elif variant == "bars":
            bar = side / 5
            for k in range(3):
                length = side * (1.0 - 0.22 * k)
                y = top + k * bar * 1.9
                draw.rounded_rectangle(
                    (left, y, left + length, y + bar),
                    radius=bar / 2,
                    fill=main if k != 1 else accent,
                )
        else:
            r = side * 0.34
            cy = top + side / 2
            draw.ellipse((left, cy - r, left + 2 * r, cy + r), fill=main)
            draw.ellipse((left + r * 1.1, cy - r, left + r * 3.1, cy + r), fill=(*accent, 190))
        words = ascii_text(wordmark or name).split()
        text = (words[0] if words else letters).upper()
        text_left = left + side + h * 0.15
        text_centred(
            draw,
            ((text_left + w - h * 0.12) / 2, h / 2),
            text,
            w - text_left - h * 0.12,
            h * 0.36,
            colour(hue, 0.5, 0.22),
            bold=0.04,
        )
    return encode(image.reduce(s), "PNG")


# --- Illustrations --------------------------------------------------------------------------------


def gradient(size, start, end, rng):
    """A smooth two-colour background: vertical, diagonal or radial."""
    kind = rng.choice(["vertical", "diagonal", "radial"])
    if kind == "radial":  # light in the middle, darker towards the edges
        mask = Image.radial_gradient("L")
        start, end = end, start
    else:
        mask = Image.linear_gradient("L")
        if kind == "diagonal":
            mask = Image.blend(mask, mask.transpose(Image.Transpose.ROTATE_90), 0.5)
        if rng.random() < 0.5:
            mask = mask.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    mask = mask.resize(size, Image.Resampling.BILINEAR)
    # Each channel through a lookup table: three times faster than compositing two full images.
    channels = [
        mask.point([round(a + (b - a) * v / 255) for v in range(256)])
        for a, b in zip(start, end, strict=True)
    ]
    return Image.merge("RGB", channels)


def decorate(draw, w, h, hue, rng):
    """Soft circles and a dot grid behind the motif."""
    for _ in range(rng.randint(2, 4)):
        r = rng.uniform(0.15, 0.45) * h
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=white(rng.randint(14, 34)))
    step = h / 18
    x0, y0 = rng.uniform(0.05, 0.6) * w, rng.uniform(0.05, 0.5) * h
    dot = step * 0.09
    for i in range(rng.randint(5, 9)):
        for j in range(rng.randint(3, 6)):
            x, y = x0 + i * step, y0 + j * step
            draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=white(70))


def label(draw, w, h):
    size = h * 0.032
    draw.text(
        (w - h * 0.04, h - h * 0.04),
        LABEL,
        font=font(size),
        fill=white(170),
        anchor="rs",
    )


def motif_chip(draw, cx, cy, u, hue, rng):
    body = 2.2 * u
    dark = colour(hue, 0.5, 0.18, 235)
    pins = rng.randint(5, 7)
    for k in range(pins):
        offset = -body + (k + 0.5) * 2 * body / pins
        pin = u * 0.09
        for x0, y0, x1, y1 in (
            (cx + offset - pin, cy - body - u * 0.45, cx + offset + pin, cy - body),
            (cx + offset - pin, cy + body, cx + offset + pin, cy + body + u * 0.45),
            (cx - body - u * 0.45, cy + offset - pin, cx - body, cy + offset + pin),
            (cx + body, cy + offset - pin, cx + body + u * 0.45, cy + offset + pin),
        ):
            draw.rectangle((x0, y0, x1, y1), fill=white(220))
    for _ in range(rng.randint(4, 7)):  # traces leading away from the chip
        side = rng.choice([-1, 1])
        y = cy + rng.uniform(-body, body)
        x0 = cx + side * (body + u * 0.45)
        x1 = x0 + side * rng.uniform(0.8, 2.2) * u
        y1 = y + rng.choice([-1, 1]) * rng.uniform(0.3, 1.0) * u
        x2 = x1 + side * rng.uniform(0.5, 1.2) * u
        draw.line([(x0, y), (x1, y), (x1, y1), (x2, y1)], fill=white(150), width=round(u * 0.07))
        r = u * 0.13
        draw.ellipse((x2 - r, y1 - r, x2 + r, y1 + r), fill=white(200))
    draw.rounded_rectangle(
        (cx - body, cy - body, cx + body, cy + body),
        radius=u * 0.25,
        fill=dark,
        outline=white(230),
        width=round(u * 0.08),
    )
    inner = body * 0.5
    draw.rounded_rectangle(
        (cx - inner, cy - inner, cx + inner, cy + inner),
        radius=u * 0.12,
        fill=colour(hue + 0.05, 0.7, 0.55, 255),
    )


def motif_network(draw, cx, cy, u, hue, rng):
    nodes = []
    for _ in range(rng.randint(7, 11)):
        nodes.append((cx + rng.uniform(-3.6, 3.6) * u, cy + rng.uniform(-2.6, 2.6) * u))
    for i, (x, y) in enumerate(nodes):
        nearest = sorted(
            range(len(nodes)), key=lambda j: (nodes[j][0] - x) ** 2 + (nodes[j][1] - y) ** 2
        )
        for j in nearest[1:3]:
            draw.line([nodes[i], nodes[j]], fill=white(150), width=round(u * 0.06))
    hub = nodes[0]
    for k in range(1, 4):  # signal rings around the first node
        r = k * 0.6 * u
        draw.arc(
            (hub[0] - r, hub[1] - r, hub[0] + r, hub[1] + r),
            200,
            340,
            fill=white(170),
            width=round(u * 0.07),
        )
    for k, (x, y) in enumerate(nodes):
        r = u * (0.38 if k == 0 else rng.uniform(0.18, 0.3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=white(235))
        r2 = r * 0.5
        draw.ellipse((x - r2, y - r2, x + r2, y + r2), fill=colour(hue + 0.05, 0.7, 0.45, 255))


def motif_gear(draw, cx, cy, u, hue, rng):
    big = 2.4 * u
    draw.polygon(gear_outline(cx, cy, big, rng.randint(10, 14), rng.uniform(0, 1)), fill=white(230))
    hole = big * 0.35
    draw.ellipse((cx - hole, cy - hole, cx + hole, cy + hole), fill=colour(hue, 0.55, 0.3, 255))
    small = 1.4 * u
    sx, sy = cx + big + small * 0.55, cy - big * 0.55 * rng.choice([-1, 1])
    draw.polygon(
        gear_outline(sx, sy, small, rng.randint(7, 9), rng.uniform(0, 1)),
        fill=colour(hue + 0.08, 0.7, 0.6, 240),
    )
    hole = small * 0.3
    draw.ellipse((sx - hole, sy - hole, sx + hole, sy + hole), fill=white(230))


def motif_vehicle(draw, cx, cy, u, hue, rng):
    road_y = cy + 1.5 * u
    draw.rectangle((cx - 6 * u, road_y + 0.55 * u, cx + 6 * u, road_y + 0.62 * u), fill=white(140))
    for k in range(-5, 6, 2):
        draw.rectangle(
            (cx + k * u, road_y + 1.1 * u, cx + (k + 0.8) * u, road_y + 1.18 * u), fill=white(110)
        )
    length, height = 5.2 * u, 1.3 * u
    left, right = cx - length / 2, cx + length / 2
    body_top = road_y - height
    draw.rounded_rectangle((left, body_top, right, road_y), radius=u * 0.45, fill=white(235))
    roof = body_top - 1.0 * u
    cabin = [
        (left + 1.0 * u, body_top),
        (left + 1.7 * u, roof),
        (right - 1.5 * u, roof),
        (right - 0.6 * u, body_top),
    ]
    draw.polygon(cabin, fill=white(235))
    window = colour(hue, 0.5, 0.35, 255)
    draw.polygon(
        [
            (left + 1.35 * u, body_top),
            (left + 1.85 * u, roof + 0.2 * u),
            (cx - 0.05 * u, roof + 0.2 * u),
            (cx - 0.05 * u, body_top),
        ],
        fill=window,
    )
    draw.polygon(
        [
            (cx + 0.15 * u, body_top),
            (cx + 0.15 * u, roof + 0.2 * u),
            (right - 1.6 * u, roof + 0.2 * u),
            (right - 0.95 * u, body_top),
        ],
        fill=window,
    )
    for wx in (left + 1.2 * u, right - 1.2 * u):
        r = 0.62 * u
        draw.ellipse((wx - r, road_y - r, wx + r, road_y + r), fill=colour(hue, 0.3, 0.15, 255))
        r2 = r * 0.42
        draw.ellipse((wx - r2, road_y - r2, wx + r2, road_y + r2), fill=white(220))
    if rng.random() < 0.6:  # sensing: arcs ahead of the vehicle
        for k in range(1, 4):
            r = k * 0.55 * u
            x, y = right + 0.2 * u, body_top + height / 2
            draw.arc((x - r, y - r, x + r, y + r), -40, 40, fill=white(190), width=round(u * 0.08))


def motif_field(draw, cx, cy, u, hue, rng, w, h):
    sun = rng.uniform(0.7, 1.1) * u
    sx, sy = cx + rng.uniform(1.5, 3.5) * u, cy - 2.0 * u
    draw.ellipse((sx - sun, sy - sun, sx + sun, sy + sun), fill=colour(0.13, 0.9, 0.7, 230))
    horizon = cy + 0.4 * u
    for k, alpha in enumerate((90, 140, 200)):
        r = w * (0.7 - 0.12 * k)
        x = rng.uniform(0.1, 0.9) * w
        top = horizon + k * 0.7 * u
        draw.ellipse(
            (x - r, top, x + r, top + 2 * r * 0.55),
            fill=colour(hue + 0.15, 0.45, 0.35 + 0.08 * k, alpha),
        )
    vanish = (cx, horizon)
    for k in range(-6, 7):  # furrows converging on the horizon
        draw.line([vanish, (cx + k * u * 1.5, h)], fill=white(60), width=round(u * 0.05))


def motif_energy(draw, cx, cy, u, hue, rng):
    if rng.random() < 0.5:  # a sun over a solar panel
        sun = 0.8 * u
        sx, sy = cx + 1.5 * u, cy - 1.8 * u
        for k in range(12):
            angle = 2 * math.pi * k / 12
            draw.line(
                [
                    (sx + 1.2 * sun * math.cos(angle), sy + 1.2 * sun * math.sin(angle)),
                    (sx + 1.7 * sun * math.cos(angle), sy + 1.7 * sun * math.sin(angle)),
                ],
                fill=white(200),
                width=round(u * 0.1),
            )
        draw.ellipse((sx - sun, sy - sun, sx + sun, sy + sun), fill=colour(0.13, 0.9, 0.65, 240))
        cols, rows = 6, 3
        cell_w, cell_h, skew = 0.75 * u, 0.6 * u, 0.35 * u
        left, top = cx - cols * cell_w / 2, cy + 0.3 * u
        for i in range(cols):
            for j in range(rows):
                x, y = left + i * cell_w - j * skew, top + j * cell_h
                draw.polygon(
                    [
                        (x, y),
                        (x + cell_w * 0.92, y),
                        (x + cell_w * 0.92 - skew, y + cell_h * 0.9),
                        (x - skew, y + cell_h * 0.9),
                    ],
                    fill=colour(hue + 0.55, 0.6, 0.3 + 0.05 * ((i + j) % 2), 240),
                )
    else:  # a battery being charged
        bw, bh = 4.4 * u, 2.2 * u
        left, top = cx - bw / 2, cy - bh / 2
        draw.rounded_rectangle(
            (left, top, left + bw, top + bh),
            radius=u * 0.3,
            outline=white(235),
            width=round(u * 0.16),
        )
        draw.rounded_rectangle(
            (left + bw, cy - 0.45 * u, left + bw + 0.35 * u, cy + 0.45 * u),
            radius=u * 0.1,
            fill=white(235),
        )
        level = rng.randint(2, 4)
        for k in range(level):
            x = left + 0.35 * u + k * 1.0 * u
            draw.rounded_rectangle(
                (x, top + 0.35 * u, x + 0.75 * u, top + bh - 0.35 * u),
                radius=u * 0.1,
                fill=colour(0.3, 0.7, 0.6, 240),
            )
        bolt = [
            (cx + 0.3 * u, top - 1.3 * u),
            (cx - 0.5 * u, top - 0.2 * u),
            (cx + 0.0 * u, top - 0.2 * u),
            (cx - 0.4 * u, top + 0.9 * u),
            (cx + 0.6 * u, top - 0.5 * u),
            (cx + 0.1 * u, top - 0.5 * u),
        ]
        draw.polygon(bolt, fill=colour(0.13, 0.9, 0.65, 245))


def motif_city(draw, cx, cy, u, hue, rng, w, h):
    ground = cy + 2.3 * u
    x = cx - 5.5 * u
    while x < cx + 5.5 * u:
        bw = rng.uniform(0.7, 1.4) * u
        bh = rng.uniform(1.2, 4.2) * u
        draw.rectangle((x, ground - bh, x + bw, ground), fill=white(rng.randint(170, 235)))
        wy = ground - bh + 0.3 * u
        window = colour(hue, 0.5, 0.4, 200)
        while wy < ground - 0.4 * u:
            for wx in (x + 0.18 * u, x + bw / 2 + 0.05 * u):
                if wx + 0.22 * u < x + bw - 0.1 * u and rng.random() < 0.7:
                    draw.rectangle((wx, wy, wx + 0.22 * u, wy + 0.26 * u), fill=window)
            wy += 0.5 * u
        x += bw + rng.uniform(0.1, 0.3) * u
    draw.rectangle((0, ground, w, h), fill=colour(hue, 0.35, 0.2, 150))
    for _ in range(3):  # links between rooftops
        x0, x1 = cx + rng.uniform(-5, 0) * u, cx + rng.uniform(0, 5) * u
        top = cy - rng.uniform(2.5, 3.6) * u
        draw.arc((x0, top, x1, top + 2 * u), 190, 350, fill=white(150), width=round(u * 0.06))


def motif_pulse(draw, cx, cy, u, hue, rng, w):
    r = 1.5 * u
    px, py = cx + rng.choice([-1, 1]) * 3.0 * u, cy - 1.0 * u
    draw.ellipse((px - r, py - r, px + r, py + r), fill=white(230))
    arm, thick = 0.95 * u, 0.32 * u
    cross = colour(hue + 0.5, 0.65, 0.45, 255)
    draw.rectangle((px - thick, py - arm, px + thick, py + arm), fill=cross)
    draw.rectangle((px - arm, py - thick, px + arm, py + thick), fill=cross)
    base = cy + 1.4 * u
    points, x = [(0, base)], cx - 4.5 * u
    points.append((x, base))
    for dx, dy in (
        (0.5, 0),
        (0.3, -0.6),
        (0.3, 0.5),
        (0.35, -2.4),
        (0.4, 3.0),
        (0.35, -1.0),
        (0.3, 0),
        (0.6, 0),
    ):
        x += dx * u
        points.append((x, base + dy * u))
    points.append((w, base))
    draw.line(points, fill=white(235), width=round(u * 0.16), joint="curve")


def draw_illustration(name, motif, rng, hue=None):
    """A 16:9 demo illustration (JPEG bytes) for the showcase ``name``.

    ``motif`` is one of ``MOTIF_NAMES``; ``hue`` (0 to 1, e.g. from the sector) sets the colours,
    by default from the name.
    """
    base = name_hue(name) if hue is None else hue
    base += rng.uniform(-0.04, 0.04)
    s = ILLUSTRATION_SCALE
    w, h = ILLUSTRATION_SIZE[0] * s, ILLUSTRATION_SIZE[1] * s
    image = gradient((w, h), colour(base, 0.55, 0.28), colour(base + 0.09, 0.6, 0.52), rng)
    draw = ImageDraw.Draw(image, "RGBA")
    decorate(draw, w, h, base, rng)
    u = h / 10
    cx = w / 2 + rng.choice([-1, 0, 1]) * w * 0.16
    cy = h / 2
    if motif == "chip":
        motif_chip(draw, cx, cy, u, base, rng)
    elif motif == "gear":
        motif_gear(draw, cx - 0.8 * u, cy, u, base, rng)
    elif motif == "vehicle":
        motif_vehicle(draw, cx, cy, u, base, rng)
    elif motif == "field":
        motif_field(draw, cx, cy, u, base, rng, w, h)
    elif motif == "energy":
        motif_energy(draw, cx, cy, u, base, rng)
    elif motif == "city":
        motif_city(draw, w / 2, cy, u, base, rng, w, h)
    elif motif == "pulse":
        motif_pulse(draw, cx, cy, u, base, rng, w)
    else:
        motif_network(draw, cx, cy, u, base, rng)
    label(draw, w, h)
    return encode(image.reduce(s) if s > 1 else image, "JPEG")


def draw_pavilion(name, rng):
    """A 16:9 demo picture (JPEG bytes) of the pavilion ``name``: a stylised hall, flat colours."""
    hue = name_hue(name)
    s = ILLUSTRATION_SCALE
    w, h = ILLUSTRATION_SIZE[0] * s, ILLUSTRATION_SIZE[1] * s
    sky_hue = hue + rng.uniform(-0.05, 0.05)
    image = gradient((w, h), colour(sky_hue, 0.5, 0.3), colour(sky_hue + 0.06, 0.55, 0.7), rng)
    draw = ImageDraw.Draw(image, "RGBA")
    decorate(draw, w, h, hue, rng)
    u = h / 10
    ground = h * 0.78
    draw.rectangle((0, ground, w, h), fill=colour(hue, 0.25, 0.2, 255))
    left, right = w * rng.uniform(0.1, 0.18), w * rng.uniform(0.82, 0.9)
    wall_top = ground - rng.uniform(2.4, 3.4) * u
    facade = white(235)
    roof = rng.choice(["arch", "sawtooth", "waves", "gable"])
    if roof == "arch":
        rise = rng.uniform(1.2, 2.2) * u
        draw.chord(
            (left, wall_top - rise, right, wall_top + rise),
            180,
            360,
            fill=colour(hue + 0.5, 0.5, 0.55, 255),
        )
    elif roof == "sawtooth":
        teeth = rng.randint(4, 7)
        tooth = (right - left) / teeth
        for k in range(teeth):
            x = left + k * tooth
            draw.polygon(
                [(x, wall_top), (x + tooth, wall_top - 1.2 * u), (x + tooth, wall_top)],
                fill=colour(hue + 0.5, 0.5, 0.55, 255),
            )
    elif roof == "waves":
        waves = rng.randint(3, 5)
        span = (right - left) / waves
        for k in range(waves):
            x = left + k * span
            draw.chord(
                (x, wall_top - 0.9 * u, x + span, wall_top + 0.9 * u),
                180,
                360,
                fill=colour(hue + 0.5, 0.5, 0.5 + 0.05 * (k % 2), 255),
            )
    else:
        draw.polygon(
            [
                (left - 0.3 * u, wall_top),
                ((left + right) / 2, wall_top - 1.6 * u),
                (right + 0.3 * u, wall_top),
            ],
            fill=colour(hue + 0.5, 0.5, 0.55, 255),
        )
    draw.rectangle((left, wall_top, right, ground), fill=facade)
    glass_top = wall_top + 0.5 * u
    draw.rectangle(
        (left + 0.4 * u, glass_top, right - 0.4 * u, ground), fill=colour(hue, 0.45, 0.4, 255)
    )
    mullion = (right - left - 0.8 * u) / rng.randint(8, 14)
    x = left + 0.4 * u + mullion
    while x < right - 0.4 * u - mullion / 2:
        draw.rectangle((x - 0.03 * u, glass_top, x + 0.03 * u, ground), fill=white(140))
        x += mullion
    draw.rectangle(
        (left + 0.4 * u, glass_top + 0.9 * u, right - 0.4 * u, glass_top + 0.96 * u),
        fill=white(140),
    )
    door = (left + right) / 2
    draw.rectangle(
        (door - 0.7 * u, ground - 1.3 * u, door + 0.7 * u, ground), fill=colour(hue, 0.4, 0.18, 255)
    )
    banner = colour(hue + 0.5, 0.6, 0.6, 255)
    count = rng.choice([4, 6, 8])  # banners on poles in front, either side of the door (no flags)
    spacing = (right - left - 1.2 * u) / (count + 1)
    for k in range(count + 2):
        px = left + 0.6 * u + k * spacing
        if abs(px - door) < 1.2 * u or k in (0, count + 1):
            continue
        draw.rectangle((px, ground - 2.6 * u, px + 0.06 * u, ground + 0.3 * u), fill=white(220))
        draw.rectangle(
            (px + 0.06 * u, ground - 2.55 * u, px + 0.6 * u, ground - 1.6 * u), fill=banner
        )
    label(draw, w, h)
    return encode(image.reduce(s) if s > 1 else image, "JPEG")
