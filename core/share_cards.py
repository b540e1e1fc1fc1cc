"""Share cards: the 1200×630 PNG that link previews show for every public page (``og:image``).

A card is drawn with Pillow from plain data (:class:`Card`): the page's title, its local name, what
kind of page it is, its countries, the exhibition and its dates, and the site's mark with "Expo
Directory". This module knows no model. Each app says what the cards of its records show in
``<app>/share_cards.py``: :func:`register` takes a builder per model, with the ``kind`` in the card's
URL and how to find a record by the slug in that URL; :func:`register_page` takes a builder for a
named card, for the pages that show no single record (home, the lists, search), by the URL names
of their views. ``{% share_card_url %}`` (``core/templatetags/share_cards.py``) gives a page its
card's URL without a query: ``/share-cards/<kind>/<slug>.png`` for a record,
``/share-cards/<name>.png`` for a named page, ``/share-cards/site.png`` for any other page.

Languages. The card URLs are in ``i18n_patterns`` like the pages: ``/zh-hans/share-cards/…`` and
``/ru/share-cards/…`` are the cards of the Chinese and Russian pages, and a page names the card of
its own language (``reverse`` under the active language). Builders run under the card's language:
the records' texts come translated (modeltranslation), and every fixed text (the kind, "Premiere",
the counts, the site's name in the footer) goes through gettext when the card is built or drawn,
never at import; dates are written by ``core/dates.py``.

Fonts. ``SHARE_CARD_FONTS`` and ``SHARE_CARD_BOLD_FONTS`` list font files, tried in order for each
line of text: the first with a glyph for every character of the line draws it. The defaults are
Debian's ``fonts-noto-cjk`` (Latin, Cyrillic and CJK; of a ``.ttc`` collection the Simplified
Chinese face), then DejaVu Sans. When none of the files exists, Pillow's bundled font draws what
it can and the log gets one warning; a line that no font can draw (a Chinese or Russian local name
then) is left out rather than drawn as boxes. The title is always drawn.

Flags. The SVG flags of the pages cannot be drawn by Pillow, so a country shows as its ISO code in
a pill, followed by its name: legible in a small preview, and no rasteriser to install.

Caching. A card is a function of its data: the PNG is kept in ``SHARE_CARD_CACHE_DIR`` under a
digest of the card's data, the language and the site's name it is drawn in (the footer's name is not
part of the data), the fonts used and :data:`RENDERER_VERSION`, so it is drawn once and
again only when what it shows changes (an edit elsewhere bumps the content version but leaves the
file valid). At most ``SHARE_CARD_CACHE_FILES`` files are kept; past that the oldest are removed.
The response also goes through the page cache (``expo/cache.py``), which gives it the ``ETag``,
``Last-Modified`` and ``Cache-Control`` of every public page.
"""

import hashlib
import io
import logging
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import get_language, gettext, pgettext
from PIL import Image, ImageDraw, ImageFont

from core.dates import format_range

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
# Bump when the drawing changes, so kept files of the old drawing are not served.
RENDERER_VERSION = "2"
SITE = "site"

# The light theme of static/css/site.css.
SURFACE = (255, 255, 255)  # --surface
BACKGROUND = (247, 248, 250)  # --bg
TEXT = (27, 31, 36)  # --text
MUTED = (87, 96, 106)  # --muted
BORDER = (216, 222, 228)  # --border
ACCENT = (11, 92, 173)  # --accent
ACCENT_SOFT = (230, 240, 250)  # --accent-soft

MARGIN = 80
FOOTER_HEIGHT = 124
CONTENT_TOP = 76
CONTENT_BOTTOM = HEIGHT - FOOTER_HEIGHT - 40
TITLE_SIZES = (84, 76, 68, 60, 54)
MAX_PILLS = 4

# A private-use code point that no font maps: what a font draws for it is its "missing" glyph.
MISSING_PROBE = "\U0010fffd"
# Characters a line may break before or after without a space (CJK ideographs, kana, hangul,
# full-width forms).
_CJK = "\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_TOKENS = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+|\s+")


@dataclass(frozen=True)
class Card:
    """What a share card shows. Every field but ``title`` may be empty."""

    title: str
    kind: str = ""  # "Exhibitor · Company" (in the card's language)
    local_name: str = ""  # the name in another script: 重庆, Гомсельмаш
    detail: str = ""  # up to two more lines: a theme, a count
    countries: tuple = ()  # ((code, name), ...)
    event: str = ""  # "Smart China Expo 2022"
    when: str = ""  # "22–24 August 2022 · Chongqing"


def site_name():
    """The site's name in the active language, as the footer draws it."""
    return pgettext("name of the site", "Expo Directory")


def site_card():
    return Card(
        title=gettext("Pavilions, exhibitors and product showcases"),
        kind=pgettext("share card: what kind of site", "Open directory"),
        detail=gettext("By country and by technology sector. Every record names its sources."),
    )


def date_range(starts_on, ends_on=None):
    """``22–24 August 2022``, ``30 August – 2 September 2022``, ``22 August 2022`` in the active
    language (``core.dates.format_range``: ``22–24 августа 2022 г.``, ``2022年8月22日至24日``);
    "" without dates."""
    if not starts_on:
        return ""
    return format_range(starts_on, ends_on)


def joined(*parts):
    """The non-empty parts joined by `` · ``."""
    return " · ".join(str(part) for part in parts if part)


# The registry.


@dataclass(frozen=True)
class _Kind:
    model: type
    kind: str
    lookup: object  # slug -> record or None
    slug: object  # record -> slug in the URL
    build: object  # record -> Card


_kinds = {}
_by_model = {}
_pages = {}
_page_of_view = {}
_discovered = False


def _discover():
    global _discovered
    if not _discovered:
        autodiscover_modules("share_cards")
        _discovered = True


def register(model, kind, lookup, slug=None):
    """Decorator: ``@register(Exhibitor, "exhibitor", lookup=...)`` makes ``func(record)`` the card
    builder of ``model``. ``lookup(slug)`` returns the public record that ``/share-cards/<kind>/<slug>.png``
    names, with what the builder reads fetched, or ``None``; ``slug(record)`` gives that slug (default:
    ``record.slug``)."""

    def decorator(func):
        entry = _Kind(model, kind, lookup, slug or (lambda obj: obj.slug), func)
        _kinds[kind] = entry
        _by_model[model] = entry
        return func

    return decorator


def register_page(name, view_names=()):
    """Decorator: ``func()`` builds the card ``/share-cards/<name>.png``, the card of the pages whose
    views have these URL names (``"exhibitors:exhibitor_list"``)."""

    def decorator(func):
        _pages[name] = func
        for view_name in view_names:
            _page_of_view[view_name] = name
        return func

    return decorator


def url_for_object(obj):
    """The card URL of a record, or ``None`` if its model has no card. No query."""
    meta = getattr(obj, "_meta", None)
    if meta is None:
        return None
    _discover()
    entry = _by_model.get(meta.concrete_model)
    if entry is None:
        return None
    slug = entry.slug(obj)
    return reverse("share_card", args=[entry.kind, slug]) if slug else None


def url_for_view(view_name):
    """The card URL of the pages of a view (by its URL name), or ``None``."""
    _discover()
    name = _page_of_view.get(view_name)
    return reverse("page_share_card", args=[name]) if name else None


def site_url():
    return reverse("page_share_card", args=[SITE])


def record_card(kind, slug):
    """The :class:`Card` of the record a card URL names, or ``None`` if there is none."""
    _discover()
    entry = _kinds.get(kind)
    if entry is None:
        return None
    obj = entry.lookup(slug)
    return None if obj is None else entry.build(obj)


def page_card(name):
    """The named :class:`Card`, or ``None`` if there is no such name."""
    _discover()
    build = _pages.get(name)
    if build is None:
        return site_card() if name == SITE else None
    return build()


# Fonts.

_warned_no_font = False


@cache
def _face_index(path):
    """The face of a font collection to draw with: its Simplified Chinese one if it has one."""
    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    for index in range(32):
        try:
            name = ImageFont.truetype(path, 12, index=index).getname()[0]
        except OSError:
            break
        if name and name.endswith(" SC"):
            return index
    return 0


def _existing(paths):
    return tuple(str(path) for path in paths if path and os.path.isfile(path))


def font_files(bold=False):
    """The font files to try, in order, for regular or bold text; ``None`` at the end is Pillow's
    bundled font. Bold text falls back on the regular files."""
    global _warned_no_font
    regular = _existing(settings.SHARE_CARD_FONTS)
    files = _existing(settings.SHARE_CARD_BOLD_FONTS) + regular if bold else regular
    if not regular and not _warned_no_font:
        _warned_no_font = True
        logger.warning(
            "Share cards: none of the fonts in SHARE_CARD_FONTS exists (%s); drawing with "
            "Pillow's bundled font, which has no Chinese or Cyrillic glyphs. Install Debian's "
            "fonts-noto-cjk (`make browser` does) or set SHARE_CARD_FONTS.",
            ", ".join(map(str, settings.SHARE_CARD_FONTS)) or "empty",
        )
    return (*dict.fromkeys(files), None)


@lru_cache(maxsize=128)
def load_font(path, size):
    """The font in ``path`` at ``size`` pixels; ``path=None`` is Pillow's bundled font."""
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size, index=_face_index(path))


@lru_cache(maxsize=8192)
def _glyph(font, char):
    mask = font.getmask(char)
    return mask.size, bytes(mask)


def missing_glyphs(font, text):
    """The characters of ``text`` that ``font`` draws with its "missing" glyph (a box)."""
    missing = _glyph(font, MISSING_PROBE)
    return "".join(
        sorted(
            char
            for char in set(text)
            if unicodedata.category(char)[0] not in "CZ" and _glyph(font, char) == missing
        )
    )


def font_for(text, size, bold=False, required=False):
    """The first font that draws every character of ``text``; if none does, the first font when
    ``required``, else ``None``."""
    files = font_files(bold)
    for path in files:
        font = load_font(path, size)
        if not missing_glyphs(font, text):
            return font
    return load_font(files[0], size) if required else None


# Drawing.


def _tokens(text):
    return _TOKENS.findall(" ".join(text.split()))


def _ellipsis(text, font, width):
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text.rstrip() + "…") > width:
        text = text[:-1]
    return text.rstrip(" ·,;:-–") + "…"


def wrap(text, font, width, max_lines):
    """``text`` in lines at most ``width`` pixels wide: between words, and between CJK characters.
    More than ``max_lines`` lines are cut, the last ending in "…". Returns ``(lines, cut)``."""
    lines, line = [], ""
    for token in _tokens(text):
        if line and font.getlength((line + token).rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
        while font.getlength(line) > width and len(line) > 1:  # one word wider than a line
            cut = len(line) - 1
            while cut > 1 and font.getlength(line[:cut]) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) <= max_lines:
        return lines, False
    last = " ".join([lines[max_lines - 1], *lines[max_lines:]])
    return [*lines[: max_lines - 1], _ellipsis(last, font, width)], True


def _rounded(image, box, radius, fill, scale=4):
    """A rounded rectangle with smooth edges (drawn larger, then scaled down as a mask)."""
    x0, y0, x1, y1 = (round(v) for v in box)
    width, height = x1 - x0, y1 - y0
    mask = Image.new("L", (width * scale, height * scale), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, width * scale - 1, height * scale - 1), radius=radius * scale, fill=255
    )
    image.paste(fill, (x0, y0, x1, y1), mask.resize((width, height), Image.LANCZOS))


def mark(size, colour=ACCENT):
    """The site's mark as an RGBA image ``size`` pixels square, on a transparent ground: the four
    rounded squares of the header's SVG in ``templates/base.html`` (viewBox 24, squares of 9 with
    corners of 2, the two off the diagonal at 60% opacity)."""
    scale = 8
    unit = size * scale / 24
    big = Image.new("RGBA", (size * scale, size * scale), (*colour, 0))
    draw = ImageDraw.Draw(big)
    for x, y, opacity in ((2, 2, 1), (13, 2, 0.6), (2, 13, 0.6), (13, 13, 1)):
        draw.rounded_rectangle(
            (x * unit, y * unit, (x + 9) * unit - 1, (y + 9) * unit - 1),
            radius=2 * unit,
            fill=(*colour, round(255 * opacity)),
        )
    return big.resize((size, size), Image.LANCZOS)


def icon(size, mark_share, background=SURFACE):
    """An opaque square icon: the mark, ``mark_share`` of the side, centred on ``background``."""
    image = Image.new("RGBA", (size, size), (*background, 255))
    side = round(size * mark_share)
    offset = (size - side) // 2
    image.alpha_composite(mark(side), (offset, offset))
    return image.convert("RGB")


def _text(draw, xy, text, font, fill, anchor="ls", tracking=0):
    if not tracking:
        draw.text(xy, text, font=font, fill=fill, anchor=anchor)
        return
    x, y = xy
    for char in text:
        draw.text((x, y), char, font=font, fill=fill, anchor=anchor)
        x += font.getlength(char) + tracking


def _tracked_length(text, font, tracking):
    return sum(font.getlength(char) + tracking for char in text) - tracking if text else 0


def _title_layout(title, width, height_left):
    """Size and lines of the title: the largest size at which it fits whole in three lines (two
    at the largest sizes) and in the height left; else the smallest size, cut."""
    for size in TITLE_SIZES:
        font = font_for(title, size, bold=True, required=True)
        lines, cut = wrap(title, font, width, 2 if size >= 76 else 3)
        if not cut and len(lines) * round(size * 1.16) <= height_left:
            return font, size, lines
    size = TITLE_SIZES[-1]
    font = font_for(title, size, bold=True, required=True)
    fitting = max(1, min(3, height_left // round(size * 1.16)))
    return font, size, wrap(title, font, width, fitting)[0]


def _pills(image, draw, countries, x, y):
    """Each country as a pill: its code in the accent colour, then its name."""
    height, pad, gap = 56, 22, 14
    right = WIDTH - MARGIN
    code_font = font_for("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 24, bold=True, required=True)
    shown = list(countries[:MAX_PILLS])
    rest = len(countries) - len(shown)
    for index, (code, name) in enumerate(shown):
        name_font = font_for(name, 27) or font_for(code, 27, required=True)
        if name_font is not font_for(name, 27):
            name = ""
        code_width = _tracked_length(code, code_font, 2)
        name_width = name_font.getlength(name) if name else 0
        width = pad + code_width + (14 + name_width if name else 0) + pad
        more = rest + len(shown) - index - 1
        if x + width > right - (90 if more else 0):
            rest = len(shown) - index + rest
            break
        _rounded(image, (x, y, x + width, y + height), height // 2, ACCENT_SOFT)
        baseline = y + height / 2 + 9
        _text(draw, (x + pad, baseline), code, code_font, ACCENT, tracking=2)
        if name:
            _text(draw, (x + pad + code_width + 14, baseline), name, name_font, TEXT)
        x += width + gap
    if rest > 0:
        font = font_for("+0", 27, required=True)
        _text(draw, (x + 4, y + height / 2 + 9), f"+{rest}", font, MUTED)


def _footer(image, draw, card):
    top = HEIGHT - FOOTER_HEIGHT
    draw.rectangle((0, top, WIDTH, HEIGHT), fill=BACKGROUND)
    draw.rectangle((0, top, WIDTH, top + 1), fill=BORDER)
    middle = top + FOOTER_HEIGHT // 2
    size = 52
    image.paste(mark(size), (MARGIN, middle - size // 2), mark(size))
    name = site_name()
    brand = font_for(name, 32, bold=True, required=True)
    brand_x = MARGIN + size + 18
    _text(draw, (brand_x, middle + 11), name, brand, TEXT)
    right = WIDTH - MARGIN
    room = right - (brand_x + brand.getlength(name) + 48)
    lines = []
    event_font = font_for(card.event, 28, bold=True) if card.event else None
    if event_font:
        lines.append((_ellipsis(card.event, event_font, room), event_font, TEXT))
    when_font = font_for(card.when, 25) if card.when else None
    if when_font:
        lines.append((_ellipsis(card.when, when_font, room), when_font, MUTED))
    baselines = {1: [middle + 10], 2: [middle - 6, middle + 30]}.get(len(lines), [])
    for (text, font, fill), baseline in zip(lines, baselines, strict=True):
        _text(draw, (right, baseline), text, font, fill, anchor="rs")


def render(card):
    """The card as a 1200×630 :class:`PIL.Image.Image` (RGB)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), SURFACE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 9), fill=ACCENT)
    width = WIDTH - 2 * MARGIN
    y = CONTENT_TOP
    if card.kind:
        kind = card.kind.upper()
        font = font_for(kind, 26, bold=True)
        if font:
            _text(draw, (MARGIN, y + 26), kind, font, ACCENT, tracking=3)
        y += 26 + 34
    # The local name only where it says something the title does not (as on the pages): a Russian
    # card of Гомсельмаш, whose title is already Russian, shows it once.
    local_name = card.local_name if card.local_name.strip() != card.title.strip() else ""
    local_font = font_for(local_name, 44) if local_name else None
    detail_font = font_for(card.detail, 30) if card.detail else None
    detail_lines = wrap(card.detail, detail_font, width, 2)[0] if detail_font else []
    below = (72 if local_font else 0) + 44 * len(detail_lines) + (84 if card.countries else 0)
    below += 8 if detail_lines else 0
    font, size, lines = _title_layout(card.title, width, CONTENT_BOTTOM - y - below)
    line_height = round(size * 1.16)
    for line in lines:
        y += line_height
        _text(draw, (MARGIN, y - round(size * 0.22)), line, font, TEXT)
    if local_font:
        y += 66
        _text(draw, (MARGIN, y - 6), _ellipsis(local_name, local_font, width), local_font, MUTED)
    y += 8 if detail_lines else 0
    for line in detail_lines:
        y += 44
        _text(draw, (MARGIN, y - 4), line, detail_font, MUTED)
    if card.countries:
        _pills(image, draw, card.countries, MARGIN, y + 30)
    _footer(image, draw, card)
    return image


def png_bytes(card):
    """The card as PNG bytes, drawn now (see :func:`png` for the kept copy)."""
    # 128 colours (median cut keeps the flat grounds exact and the anti-aliased edges smooth)
    # make the file about 40% of an RGB one.
    image = render(card).quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=0)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


# Kept files.


def _fonts_identity():
    files = font_files(False) + font_files(True)
    return [(path, os.path.getsize(path)) if path else None for path in files]


def card_digest(card):
    """What the card's PNG depends on: its data, the language it is drawn in and the site's name
    in it (the footer draws that name outside the data, so two languages' cards of the same data
    still differ), the fonts that draw it and the drawing's version."""
    language = get_language() or settings.LANGUAGE_CODE
    state = repr((RENDERER_VERSION, WIDTH, HEIGHT, _fonts_identity(), language, site_name(), card))
    return hashlib.sha1(state.encode()).hexdigest()[:24]


def _write(path, data):
    """Write ``data`` to ``path`` through a temporary file, so ``path`` is whole or absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
    try:
        with open(handle, "wb") as output:
            output.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _prune(folder, limit):
    """Keep at most ``limit`` cards in ``folder``: remove the oldest."""
    files = []
    for path in folder.glob("*.png"):
        try:
            files.append((path.stat().st_mtime, path))
        except FileNotFoundError:
            continue
    for _, path in sorted(files)[: max(0, len(files) - limit)]:
        path.unlink(missing_ok=True)


def png(card):
    """The card's PNG bytes, from its kept file, or drawn and kept."""
    folder = Path(settings.SHARE_CARD_CACHE_DIR)
    path = folder / f"{card_digest(card)}.png"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = png_bytes(card)
    try:
        _write(path, data)
        _prune(folder, settings.SHARE_CARD_CACHE_FILES)
    except OSError as error:  # a read-only or full disk costs a redraw, not the card
        logger.warning("Share cards: could not keep %s: %s", path, error)
    return data


def response(card):
    """An ``image/png`` response of the card."""
    return HttpResponse(png(card), content_type="image/png")
