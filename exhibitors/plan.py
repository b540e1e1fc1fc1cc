"""The floor plan of an exhibition: one inline SVG per published hall, drawn on the server.

``/exhibitions/<slug>/plan/`` draws every positioned stand of a published exhibitor as a link to
its profile, the pavilions' areas under them, a scale bar, and the north arrow and the entrance
when the hall gives them. Coordinates are metres from the hall's north-west corner (x right,
y down) and so is the SVG's ``viewBox``: the drawing scales to the screen without JavaScript;
``static/js/plan.js`` adds pan, zoom and a hover card.

The plan takes the directory's filters (``?q= &country= &sector= &pavilion= &kind=``, through
:class:`exhibitors.filters.ExhibitorFilterSet` on the edition's exhibitors): matching stands
are highlighted (class ``m``, a thicker outline) and the others fade. ``?stand=<code>``
highlights one stand (class ``s``) and the page scrolls to it; a code that is not on the plan
gives the page (200) with a message saying so, as an empty filter result does.

:func:`hall_plans` is the public helper other pages use ("My visit" highlights saved stands);
``templates/exhibitors/includes/hall_plan.html`` renders one of its plans. Queries: the halls,
their stands and the pavilion areas, three whatever the number of stands (none without halls).

An edition can have 6,000 stands in five halls, so everything drawn or listed per stand is built
here as text, never through the template engine: the SVG (:func:`draw_stand`) and the rows of the
list beside the plans (:func:`stand_rows`). A stand is read as a row of values into a
:class:`DrawnStand`, not a model instance, and each text from the data is escaped with
:func:`html.escape`, which is what ``django.utils.html.escape`` and the templates' autoescaping
call (without their lazy-text wrapper, which cost more than the escaping at this size).
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape as escape_text
from urllib.parse import quote_plus, urlencode

from django.http import Http404
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.generic import TemplateView
from modeltranslation.utils import get_language, resolution_order

from core.derived import remembered
from core.translations import column
from exhibitions.models import Country, Exhibition, Sector
from exhibitors.filters import ExhibitorFilterSet
from exhibitors.models import Exhibitor, Stand
from pavilions.models import Hall, Pavilion

# What the plan reads from the query string (expo.cache keys the page cache on these only).
FILTERS = ("q", "country", "sector", "pavilion", "kind")
PLAN_PARAMETERS = (*FILTERS, "stand")
# The longest stand code a message repeats.
SHOWN_CODE_LENGTH = 60
# Scale bar lengths to choose from, in metres.
SCALE_LENGTHS = (1, 2, 5, 10, 20, 50, 100, 200)
# A character of a stand code is about this wide, in ems.
CHAR_WIDTH = 0.62
# The entrance's label on the plan, by the side of the hall it is on.
ENTRANCE_LABELS = {
    "north": gettext_lazy("Entrance on the north side"),
    "east": gettext_lazy("Entrance on the east side"),
    "south": gettext_lazy("Entrance on the south side"),
    "west": gettext_lazy("Entrance on the west side"),
}
ENTRANCE_SIDES = set(ENTRANCE_LABELS)
NOT_IN_ANCHOR = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass
class HallPlan:
    """One hall's plan: ``svg`` (safe markup), the ``stands`` drawn, and ``matches``, how many of
    them are highlighted."""

    hall: Hall
    svg: SafeString
    stands: list = field(default_factory=list)
    matches: int = 0
    highlighting: bool = False


def n(value):
    """A length in metres as the SVG writes it: rounded to 0.1 m, without a trailing ``.0``."""
    # Formatting rounds correctly (half to even on the binary value), as round(value, 1) does.
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def stand_anchor(code):
    """The HTML id of a stand on the plan: ``stand-`` and its code, kept to letters, digits,
    ``-`` and ``_`` (``N3-12`` → ``stand-N3-12``)."""
    return "stand-" + (NOT_IN_ANCHOR.sub("-", code).strip("-") or "x")


def plan_url(stand):
    """``/exhibitions/<slug>/plan/?stand=<code>#stand-<code>`` for a positioned stand."""
    url = reverse("exhibitors:floor_plan", args=[stand.exhibition.slug])
    return f"{url}?{urlencode({'stand': stand.booth})}#{stand_anchor(stand.booth)}"


@dataclass(eq=False, slots=True)
class Linked:
    """An exhibitor or a pavilion as the plan shows it: its slug, its name in the active language
    and the URL of its page."""

    slug: str
    name: str
    url: str

    def get_absolute_url(self):
        return self.url


@dataclass(eq=False, slots=True)
class DrawnStand:
    """A stand on the plan: its code (``booth``), rectangle in metres, exhibitor and pavilion
    (:class:`Linked`, the pavilion None when it has none); :func:`hall_plans` sets its ``hall``,
    ``anchor`` and whether it is ``highlighted`` or ``selected``."""

    pk: int
    booth: str
    hall_id: int
    x: float
    y: float
    width: float
    depth: float
    exhibitor: Linked
    pavilion: Linked | None
    hall: Hall | None = None
    anchor: str = ""
    highlighted: bool = False
    selected: bool = False


def url_prefix(name):
    """The URL of ``name``'s page before its slug argument, in the active language
    (``/exhibitors/``, ``/ru/exhibitors/``): reversed once, not once per stand."""
    return reverse(name, args=["-"])[:-2]


def translated_columns(field):
    """The columns to read ``field`` from, in the order modeltranslation reads them for the active
    language: its own, then the fallback (English)."""
    return [column(field, language) for language in resolution_order(get_language())]


def first_text(values):
    """What modeltranslation's attribute gives: the first of the languages' values that is not
    empty, else the field's default (``""``)."""
    return next((value for value in values if value is not None and value != ""), "")


def drawn_stands(exhibition, halls):
    """The positioned stands of published exhibitors in ``halls``, with just what the plan shows,
    by code: one query read as values (:class:`DrawnStand`)."""
    names = translated_columns("name")
    count = len(names)
    rows = (
        Stand.objects.positioned()
        .filter(exhibition=exhibition, hall__in=halls, exhibitor__published=True)
        .order_by("booth")
        .values_list(
            "pk",
            "booth",
            "hall_id",
            "x",
            "y",
            "width",
            "depth",
            "exhibitor__slug",
            "pavilion__slug",
            *(f"exhibitor__{name}" for name in names),
            *(f"pavilion__{name}" for name in names),
        )
    )
    profiles = url_prefix("exhibitors:exhibitor_detail")
    pavilion_pages = url_prefix("pavilions:pavilion_detail")
    pavilions = {}  # one Linked per pavilion
    stands = []
    for pk, booth, hall_id, x, y, width, depth, slug, pavilion_slug, *texts in rows:
        exhibitor = Linked(slug, first_text(texts[:count]), f"{profiles}{slug}/")
        pavilion = None
        if pavilion_slug is not None:
            pavilion = pavilions.get(pavilion_slug)
            if pavilion is None:
                pavilion = pavilions[pavilion_slug] = Linked(
                    pavilion_slug,
                    first_text(texts[count:]),
                    f"{pavilion_pages}{pavilion_slug}/",
                )
        stands.append(
            DrawnStand(
                pk,
                booth,
                hall_id,
                float(x),
                float(y),
                float(width),
                float(depth),
                exhibitor,
                pavilion,
            )
        )
    return stands


def pavilion_areas(exhibition, halls):
    return [
        pavilion
        for pavilion in Pavilion.objects.published()
        .filter(exhibition=exhibition, hall__in=halls)
        .only("slug", "name", "hall_id", "area_x", "area_y", "area_width", "area_depth")
        .order_by("name")
        if pavilion.area
    ]


def hall_plans(exhibition, highlight=None, selected=None):
    """The plans of the published halls of ``exhibition``, in order (:class:`HallPlan`).

    ``highlight``: a set of Stand primary keys to highlight, the others fading; None fades nothing.
    ``selected``: a stand code to mark as the chosen one (``?stand=``): the stand of exactly that
    code, else the one whose code differs only in case. The chosen stand has ``selected`` set.
    Three queries (halls, stands, pavilion areas); one without published halls.
    """
    halls = list(
        Hall.objects.published().filter(exhibition=exhibition).order_by("position", "name")
    )
    if not halls:
        return []
    stands = drawn_stands(exhibition, halls)
    areas = pavilion_areas(exhibition, halls)
    chosen = find_stand(stands, selected) if selected else None
    in_halls = {hall.pk: [] for hall in halls}  # each hall's stands, by code
    for stand in stands:
        in_halls[stand.hall_id].append(stand)
    used_ids = set()
    plans = []
    for hall in halls:
        in_hall = in_halls[hall.pk]
        for stand in in_hall:
            stand.hall = hall
            stand.anchor = unique(stand_anchor(stand.booth), used_ids)
            stand.highlighted = highlight is not None and stand.pk in highlight
            stand.selected = stand is chosen
        hall_areas = [area for area in areas if area.hall_id == hall.pk]
        svg = draw_hall(hall, in_hall, hall_areas, highlighting=highlight is not None)
        matches = sum(stand.highlighted for stand in in_hall)
        plans.append(HallPlan(hall, svg, in_hall, matches, highlight is not None))
    return plans


def find_stand(stands, code):
    """The stand with this code: exactly, else regardless of case; None if there is none."""
    for stand in stands:
        if stand.booth == code:
            return stand
    folded = code.casefold()
    return next((stand for stand in stands if stand.booth.casefold() == folded), None)


def unique(anchor, used):
    """``anchor``, or ``anchor-2``, ``anchor-3``... when a stand of the page already has it."""
    candidate, count = anchor, 1
    while candidate in used:
        count += 1
        candidate = f"{anchor}-{count}"
    used.add(candidate)
    return candidate


def scale_length(width):
    """The longest round length that is at most a quarter of the hall's width."""
    fitting = [length for length in SCALE_LENGTHS if length <= width / 4]
    return fitting[-1] if fitting else SCALE_LENGTHS[0]


def draw_hall(hall, stands, areas, highlighting=False):
    """The hall as an inline ``<svg>``: outline, pavilion areas, stands, scale, north, entrance."""
    width, depth = float(hall.width), float(hall.depth)
    pad = max(2.0, round(max(width, depth) * 0.06, 1))
    label = pad * 0.4  # font size of the plan's own labels
    min_text = max(0.4, max(width, depth) / 500)
    box = (-pad, -pad, width + 2 * pad, depth + pad * 2.4)  # the scale and north below
    # Translated, then escaped: a translation is text like the data, never markup.
    plan_label = escape(
        ngettext(
            "Floor plan of %(hall)s, %(count)s stand",
            "Floor plan of %(hall)s, %(count)s stands",
            len(stands),
        )
        % {"hall": hall.name, "count": len(stands)}
    )
    classes = "plan plan--filtered" if highlighting else "plan"
    parts = [
        f'<svg class="{classes}" id="svg-{escape(hall.slug)}" viewBox="{" ".join(n(v) for v in box)}"'
        f' role="group" aria-label="{plan_label}"'
        f' data-box="{" ".join(n(v) for v in box)}" xmlns="http://www.w3.org/2000/svg">',
        f'<rect class="hall" x="0" y="0" width="{n(width)}" height="{n(depth)}"/>',
    ]
    # Translators: the name of a pavilion's area on a floor plan, read out by screen readers.
    area_label = _("%(pavilion)s (pavilion area)")
    for area in areas:
        x, y, w, d = (float(v) for v in area.area)
        name = escape(area.name)
        aria_label = escape(area_label % {"pavilion": area.name})
        # The label fits the area's width, so that neighbouring areas' names do not run together.
        size = min(label * 0.55, w / (max(len(area.name), 1) * CHAR_WIDTH))
        parts.append(
            f'<a class="pa" href="{escape(area.get_absolute_url())}" aria-label="{aria_label}">'
            f'<rect x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(d)}"/>'
            f'<text x="{n(x + 0.3)}" y="{n(y - 0.3)}" font-size="{n(max(size, min_text))}">{name}</text></a>'
        )
    profiles = url_prefix("exhibitors:exhibitor_detail")  # "/exhibitors/"
    sizes = [code_size(stand) for stand in stands]
    common = common_size(stands, min_text, sizes)
    parts.append(f'<g class="stands" font-size="{n(common)}">')
    # Translators: a stand on a floor plan, read out by screen readers: the exhibitor's name and
    # the stand's code ("Baidu, stand N3-012").
    stand_label = _("%(exhibitor)s, stand %(code)s")
    parts.extend(
        draw_stand(stand, profiles, common, min_text, stand_label, size)
        for stand, size in zip(stands, sizes, strict=True)
    )
    parts.append("</g>")
    parts.append(draw_scale(width, depth, pad, label))
    if hall.north is not None:
        parts.append(draw_north(hall.north, width, depth, pad, label))
    if hall.entrance in ENTRANCE_SIDES:
        parts.append(draw_entrance(hall.entrance, width, depth, pad, label))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text from the data is escaped above


def code_size(stand):
    """The largest font size (metres) at which the stand's code fits in its rectangle."""
    return round(min(stand.depth * 0.45, stand.width / (max(len(stand.booth), 1) * CHAR_WIDTH)), 1)


def common_size(stands, smallest, sizes=None):
    """The font size most stands' codes fit at: the group's ``font-size``, so that a stand only
    names a size of its own when its code needs a smaller one. ``sizes``: the stands' code sizes
    when already worked out."""
    counted = Counter(size for size in sizes or map(code_size, stands) if size >= smallest)
    return counted.most_common(1)[0][0] if counted else smallest


def draw_stand(stand, profiles, common, smallest, label="%(exhibitor)s, stand %(code)s", size=None):
    """A stand: a link to its exhibitor's profile (``profiles`` is the profiles' URL prefix) named
    by its ``aria-label`` (not an SVG ``<title>``, which page parsers mistake for the page's
    title; plan.js shows the same text in its card), its rectangle (a path: shorter than a ``<rect>``), and its code when the
    code fits at ``smallest`` metres or more (at the group's size ``common``, or smaller).
    ``label`` is the ``aria-label``'s pattern, translated once per hall by :func:`draw_hall`;
    ``size``, the stand's :func:`code_size` when already worked out."""
    x, y, w, d = stand.x, stand.y, stand.width, stand.depth
    booth = stand.booth
    aria = escape_text(label % {"exhibitor": stand.exhibitor.name, "code": booth})
    if stand.highlighted:
        css_attr = ' class="m s"' if stand.selected else ' class="m"'
    else:
        css_attr = ' class="s"' if stand.selected else ""
    # Only the chosen stand (?stand=) carries its id: the others are reached by their own
    # ?stand= links (the list beside the plan), which keeps a 1,500-stand hall's SVG lean.
    id_attr = f' id="{stand.anchor}"' if stand.selected else ""
    if size is None:
        size = code_size(stand)
    text = ""
    if size >= smallest:
        own = f' font-size="{n(size)}"' if size < common else ""
        text = f'<text x="{n(x + w / 2)}" y="{n(y + d / 2)}"{own}>{escape_text(booth)}</text>'
    return (
        f'<a href="{profiles}{escape_text(stand.exhibitor.slug)}/"{id_attr}{css_attr}'
        f' aria-label="{aria}">'
        f'<path d="M{n(x)} {n(y)}h{n(w)}v{n(d)}h{n(-w)}z"/>{text}</a>'
    )


def stand_rows(stands, kept=""):
    """The rows of the table of stands beside the plans: hall, code (a link choosing the stand on
    this plan, keeping the filters ``kept``, a query string), exhibitor and pavilion. The markup
    the template wrote per stand, built here: at 6,000 stands the template loop was most of the
    page's time. Every text from the data is escaped."""
    # The code's part of a link is quoted and its anchor kept to letters, digits, "-" and "_":
    # only the filters' part needs escaping ("&" between them).
    before = escape_text(f"?{kept}&stand=" if kept else "?stand=")
    halls = {}  # hall pk -> its escaped name
    pavilions = {None: '<td><span class="muted">—</span></td>'}  # pavilion -> its cell
    selected = '\n      <tr class="is-selected">'
    rows = []
    for stand in stands:
        hall = halls.get(stand.hall_id)
        if hall is None:
            hall = halls[stand.hall_id] = escape_text(stand.hall.name)
        pavilion = pavilions.get(stand.pavilion)
        if pavilion is None:
            linked = stand.pavilion
            pavilion = pavilions[linked] = (
                f'<td><a href="{escape_text(linked.url)}">{escape_text(linked.name)}</a></td>'
            )
        booth = stand.booth
        exhibitor = stand.exhibitor
        rows.append(
            (selected if stand.selected else "\n      <tr>")
            + f'<td>{hall}</td><td><a href="{before}{quote_plus(booth)}#{stand.anchor}">'
            f"{escape_text(booth)}</a></td>"
            f'<td><a href="{escape_text(exhibitor.url)}">{escape_text(exhibitor.name)}</a></td>'
            f"{pavilion}</tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text from the data is escaped above


def draw_scale(width, depth, pad, label):
    length = scale_length(width)
    y = depth + pad * 0.6
    # Translators: the length of the scale bar of a floor plan, in metres ("10 m").
    text = escape(_("%(length)s m") % {"length": length})
    return (
        f'<g class="scale" aria-hidden="true"><path d="M0 {n(y)}h{n(length)}"/>'
        f'<path d="M0 {n(y - pad * 0.15)}v{n(pad * 0.3)}M{n(length)} {n(y - pad * 0.15)}v{n(pad * 0.3)}"/>'
        f'<text x="{n(length + pad * 0.2)}" y="{n(y)}" font-size="{n(label)}">{text}</text></g>'
    )


def draw_north(degrees, width, depth, pad, label):
    """A north arrow in the bottom-right margin, turned ``degrees`` clockwise, with an "N" beside it."""
    cx, cy, r = width - pad * 0.5, depth + pad * 0.9, pad * 0.35
    # Translators: what the north arrow of a floor plan says to screen readers: the plan is turned
    # so that north points this many degrees clockwise from the top of the drawing.
    north = escape(_("North is %(degrees)s° clockwise from the top") % {"degrees": degrees})
    # Translators: the one-letter mark for "north" beside the north arrow of a floor plan.
    letter = escape(pgettext("compass point", "N"))
    return (
        f'<g class="north" role="img" aria-label="{north}">'
        f'<path transform="translate({n(cx)} {n(cy)}) rotate({degrees})"'
        f' d="M0 {n(-r)}L{n(r * 0.6)} {n(r)}L0 {n(r * 0.5)}L{n(-r * 0.6)} {n(r)}Z"/>'
        f'<text x="{n(cx - r - label * 0.5)}" y="{n(cy)}" font-size="{n(label)}">{letter}</text></g>'
    )


def draw_entrance(side, width, depth, pad, label):
    """A thick mark just outside the middle of the entrance side, labelled "Entrance" along it."""
    half = min(width, depth) * 0.08
    gap = pad * 0.2
    size = n(label * 0.6)
    # Translators: the label drawn on a floor plan beside the hall's main entrance.
    entrance = escape(_("Entrance"))
    if side in ("north", "south"):
        y = -gap if side == "north" else depth + gap
        text_y = -pad * 0.55 if side == "north" else depth + pad * 0.45
        mark = f"M{n(width / 2 - half)} {n(y)}h{n(2 * half)}"
        text = f'<text x="{n(width / 2)}" y="{n(text_y)}" font-size="{size}">{entrance}</text>'
    else:
        x = -gap if side == "west" else width + gap
        text_x = -pad * 0.55 if side == "west" else width + pad * 0.55
        turn = -90 if side == "west" else 90
        mark = f"M{n(x)} {n(depth / 2 - half)}v{n(2 * half)}"
        text = (
            f'<text x="{n(text_x)}" y="{n(depth / 2)}" font-size="{size}"'
            f' transform="rotate({turn} {n(text_x)} {n(depth / 2)})">{entrance}</text>'
        )
    return (
        f'<g class="entrance" role="img" aria-label="{escape(str(ENTRANCE_LABELS[side]))}">'
        f'<path d="{mark}"/>{text}</g>'
    )


def plan_filters(data, exhibition):
    """The directory's FilterSet on the edition's published exhibitors, bound to ``data``."""
    exhibitors = Exhibitor.objects.published().filter(stands__exhibition=exhibition)
    bound = {name: data[name] for name in FILTERS if name in data}
    return ExhibitorFilterSet(data=bound, queryset=exhibitors)


class FloorPlanView(TemplateView):
    """``/exhibitions/<slug>/plan/``: the plans, the filter form, and the list of the stands.

    A filter value the directory would refuse (``?kind=spaceship``, a NUL byte) highlights nothing
    and says why; an unknown stand code says "no stand ... on this plan". Both answer 200.
    """

    template_name = "exhibitors/floor_plan.html"
    query_parameters = PLAN_PARAMETERS  # expo.cache.known_parameters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exhibition = (
            Exhibition.objects.filter(slug=kwargs["slug"]).select_related("country").first()
        )
        if exhibition is None:
            raise Http404("No such exhibition.")
        get = self.request.GET
        filters = plan_filters(get, exhibition)
        filtering = any(get.get(name, "").strip() for name in FILTERS)
        invalid = filtering and not filters.is_valid()
        highlight = None
        if filtering:
            highlight = set()
            if not invalid:
                highlight = set(
                    Stand.objects.filter(
                        exhibition=exhibition,
                        exhibitor__in=filters.qs.order_by().values("pk"),
                    ).values_list("pk", flat=True)
                )
        code = get.get("stand", "").strip()
        plans = hall_plans(exhibition, highlight, selected=code)
        stands = [stand for plan in plans for stand in plan.stands]
        chosen = next((stand for stand in stands if stand.selected), None)
        # The list's links to a stand: this plan with the same filters, that stand chosen.
        kept = urlencode([(name, get[name]) for name in FILTERS if get.get(name, "").strip()])
        listed = [stand for stand in stands if stand.highlighted] if filtering else stands
        context.update(
            exhibition=exhibition,
            plans=plans,
            listed=listed,
            listed_rows=stand_rows(listed, kept),
            stand_count=len(stands),
            filtering=filtering,
            match_count=sum(plan.matches for plan in plans),
            invalid=invalid,
            form_errors=filters.errors if invalid else {},
            values={name: get.get(name, "") for name in FILTERS},
            stand_code=code[:SHOWN_CODE_LENGTH],
            chosen=chosen,
            unknown_stand=bool(code) and chosen is None and bool(plans),
        )
        if plans:
            context.update(self.options(exhibition))
        return context

    @staticmethod
    def options(exhibition):
        """The choices of the filter form: the edition's pavilions, countries and sectors (with
        their names in the active language). Worked out once per content version and language
        (:func:`core.derived.remembered`): the countries and sectors of 6,000 exhibitors took
        two joins of 30 ms each; kept, the three lists are one query."""
        language = get_language()

        def compute():
            exhibitors = Exhibitor.objects.published().filter(stands__exhibition=exhibition)
            return {
                "pavilion_options": list(
                    Pavilion.objects.published()
                    .filter(exhibition=exhibition)
                    .order_by("name")
                    .values_list("slug", "name")
                ),
                "country_options": list(
                    Country.objects.filter(exhibitors__in=exhibitors)
                    .distinct()
                    .order_by("name")
                    .values_list("code", "name")
                ),
                "sector_options": list(
                    Sector.objects.filter(exhibitors__in=exhibitors)
                    .distinct()
                    .order_by("name")
                    .values_list("slug", "name")
                ),
            }

        options = remembered(f"floor-plan-options:{exhibition.pk}:{language}", compute)
        return {**options, "kind_options": Exhibitor.Kind.choices}
