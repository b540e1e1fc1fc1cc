"""Facet counts for the directory lists.

Each facet counts what the list would hold if the visitor picked that option, with every other
active filter applied, so choosing a country never hides the other countries. Options with no
results are left out unless selected; a selected option always shows, with its name, even when
nothing matches. There are two ways to count, with the same results (a test compares them):

- **Per facet**, for the unsearched list: one grouped query per facet (two for sectors, whose
  parents count their sub-sectors' rows too): the rows of the list with every other filter, as an
  ``IN (...)`` condition of the query's ``WHERE`` (a semi-join, computed once per facet whatever the
  number of rows or options), grouped by the key of the option they fall under.
- **In one pass**, when a search narrows the list: the rows matching the search are read once,
  with the key of each option they fall under and, for each active filter, whether they pass it;
  the facets, the total and the listed rows are then counted from that one read. The search is the
  costliest condition, and this evaluates it once per page instead of once per facet. Used while
  the search leaves at most ``ONE_PASS_ROW_LIMIT`` rows (one per row and option key).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper
from django.db.models.functions import Coalesce
from django.db.models.query import ValuesListIterable
from django.utils.translation import gettext

from core.derived import remembered
from exhibitions.models import Country, Exhibition, Sector
from exhibitors.models import Exhibitor, Showcase
from pavilions.models import Pavilion


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 0
    query: str = ""


# A facet shows this many options and folds the rest under "Show N more" (open when one of them is
# selected), so that no option is ever clipped out of sight.
FACET_SHOWN_OPTIONS = 8


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def _fold(self):
        # Folding away one or two options saves nothing.
        return len(self.options) > FACET_SHOWN_OPTIONS + 2

    @property
    def shown_options(self):
        return self.options[:FACET_SHOWN_OPTIONS] if self._fold else self.options

    @property
    def more_options(self):
        return self.options[FACET_SHOWN_OPTIONS:] if self._fold else []

    @property
    def more_selected(self):
        return any(option.selected for option in self.more_options)


def _options(rows, selected):
    """Options from ``(value, label, count, depth)`` rows, keeping only useful ones."""
    return [
        Option(str(value), label, count, str(value) == selected, depth)
        for value, label, count, depth in rows
        if count or str(value) == selected
    ]


def _sector_tree(sectors, families):
    """Option rows for ``(pk, slug, name, parent pk, count)`` sectors, each parent followed by its
    sub-sectors; a parent counts ``families[pk]``, the rows in it or in one of its sub-sectors."""
    children = {}
    for row in sectors:
        children.setdefault(row[3], []).append(row)
    rows = []
    for pk, slug, name, _, _ in children.get(None, []):
        rows.append((slug, name, families.get(pk, 0), 0))
        rows.extend((c_slug, c_name, n, 1) for _, c_slug, c_name, _, n in children.get(pk, []))
    return rows


def _choice_rows(choices, counts):
    return [(value, label, counts.get(value, 0), 0) for value, label in choices]


def _facet(filterset, name, rows):
    """The facet of filter ``name`` from its option rows, marking the value in use."""
    return Facet(name, filterset.filters[name].label, _options(rows, filterset.value(name)))


# Each directory's facets: the path from a listed row to the option it falls under, and the
# options (None: the kind's choices).
def _exhibitor_facet_specs():
    return {
        "country": ("countries", Country.objects.all()),
        "sector": ("sectors", Sector.objects.all()),
        "pavilion": ("stands__pavilion", Pavilion.objects.published()),
        "exhibition": ("stands__exhibition", Exhibition.objects.all()),
        "kind": ("kind", None),
    }


def _showcase_facet_specs():
    return {
        "kind": ("kind", None),
        "sector": ("sectors", Sector.objects.all()),
        "country": ("exhibitor__countries", Country.objects.all()),
        "exhibition": ("exhibition", Exhibition.objects.all()),
    }


def _counter(filterset, facets, list_name):
    estimate = filterset.estimated_matches()
    if estimate is not None:
        # The search read its first candidates only (core.search.SEARCH_CANDIDATES): few enough
        # to count in one pass, whatever their number of options.
        return Estimated(one_pass(filterset, facets, bounded=False), estimate)
    return (
        one_pass(filterset, facets)
        or kept(filterset, facets, list_name)
        or PerFacet(filterset, facets)
    )


def exhibitor_facets(filterset):
    counter = _counter(filterset, _exhibitor_facet_specs(), "exhibitors")
    return counter.result(
        [
            _facet(filterset, "country", counter.country_rows()),
            _facet(filterset, "sector", counter.sector_rows()),
            _facet(
                filterset,
                "pavilion",
                counter.table_rows("pavilion", Pavilion.objects.published(), ["name"]),
            ),
            _facet(
                filterset,
                "exhibition",
                counter.table_rows("exhibition", Exhibition.objects.all(), ["-year", "name"]),
            ),
            _facet(filterset, "kind", counter.choice_rows(Exhibitor.Kind.choices)),
        ],
    )


def showcase_facets(filterset):
    counter = _counter(filterset, _showcase_facet_specs(), "showcases")
    return counter.result(
        [
            _facet(filterset, "kind", counter.choice_rows(Showcase.Kind.choices)),
            _facet(filterset, "sector", counter.sector_rows()),
            _facet(filterset, "country", counter.country_rows()),
            _facet(
                filterset,
                "exhibition",
                counter.table_rows("exhibition", Exhibition.objects.all(), ["-year", "name"]),
            ),
            *_exhibitor_facet(filterset),
        ],
    )


def _exhibitor_facet(filterset):
    """Thousands of exhibitors make a poor facet: the filter shows only while it is in use."""
    slug = filterset.value("exhibitor")
    if not slug:
        return []
    name = Exhibitor.objects.filter(slug=slug).values_list("name", flat=True).first()
    return [Facet("exhibitor", gettext("Exhibitor"), [Option(slug, name or slug, 0, True)])]


@dataclass
class FacetResult:
    facets: list
    # The list's length; an estimate when ``estimated``.
    total: int
    # Primary keys of every row in the list, when the facets were counted in one pass (with an
    # estimate: the rows among the candidates the search read, which the pages show).
    listed: list | None = None
    estimated: bool = False


class Counted:
    """Option rows from a counter's ``counts(name)`` (``{option pk or choice value: rows}``) and
    ``family_counts(sectors)`` (``{top-level sector pk: rows in it or its sub-sectors}``, given
    ``(pk, slug, name, parent pk)`` of every sector): one query per
    facet for the options' names, in the page's language."""

    listed = None
    estimated = False

    def result(self, facets):
        return FacetResult(facets, self.total, self.listed, self.estimated)

    @property
    def total(self):
        """Read off the kind facet (every row has exactly one kind); the one-pass counters count
        their listed rows instead."""
        chosen = self.filterset.value("kind")
        return sum(n for kind, n in self.counts("kind").items() if not chosen or kind == chosen)

    def choice_rows(self, choices):
        return _choice_rows(choices, self.counts("kind"))

    def table_rows(self, name, queryset, order):
        """Option rows of facet ``name`` whose options are the rows of ``queryset``, by slug."""
        counts = self.counts(name)
        rows = queryset.order_by(*order).values_list("pk", "slug", "name")
        return [(slug, label, counts.get(pk, 0), 0) for pk, slug, label in rows]

    def country_rows(self):
        counts = self.counts("country")
        rows = Country.objects.order_by("name").values_list("pk", "code", "name")
        return [(code.lower(), label, counts.get(pk, 0), 0) for pk, code, label in rows]

    def sector_rows(self):
        sectors = list(
            Sector.objects.order_by("name").values_list("pk", "slug", "name", "parent_id")
        )
        direct = self.counts("sector")
        rows = [(*row, direct.get(row[0], 0)) for row in sectors]
        return _sector_tree(rows, self.family_counts(sectors))


# --- Counting per facet -------------------------------------------------------------------------


class PerFacet(Counted):
    """Each facet counted by one grouped query (two for sectors): the rows of the list with every
    active filter but the facet's own, as an ``IN (...)`` condition in the ``WHERE`` clause, grouped
    by the key of the option they fall under.

    The condition is in the ``WHERE`` clause, where the database joins it as a semi-join, not in
    the aggregate's ``FILTER``: there it is a subplan the database can hash only while it fits in
    ``work_mem``, and tests row by row past that (millions of rows: hours). Every path used here
    reaches each counted row at most once per option (link tables are unique per pair, a showcase
    has one exhibition, an exhibitor one stand per exhibition), so a plain ``COUNT`` is exact and
    lets the database aggregate with a hash instead of sorting for ``DISTINCT``. Options with no
    row are not returned; :func:`_options` drops the empty ones anyway.
    """

    def __init__(self, filterset, facets):
        self.filterset = filterset
        self.facets = facets
        self._counts = {}

    def _ids(self, name):
        return self.filterset.filter_queryset_except(name).values("pk")

    def counts(self, name):
        if name not in self._counts:
            self._counts[name] = self._count(name)
        return self._counts[name]

    def _count(self, name):
        path, options = self.facets[name]
        if options is None:  # the kind: a column of the listed rows
            rows = self.filterset.filter_queryset_except(name).values_list(name)
            return dict(rows.annotate(n=Count("pk")).order_by())
        rows = (
            self.filterset.queryset.model._base_manager.filter(pk__in=self._ids(name))
            .values_list(path)
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {key: n for key, n in rows if key is not None}

    def family_counts(self, sectors=()):
        if "families" not in self._counts:
            model = self.filterset.queryset.model
            owner = model.sectors.field.m2m_field_name() + "_id"
            self._counts["families"] = dict(
                model.sectors.through.objects.filter(**{f"{owner}__in": self._ids("sector")})
                .annotate(family=Coalesce("sector__parent_id", "sector_id"))
                .values_list("family")
                .annotate(n=Count(owner, distinct=True))
                .order_by()
            )
        return self._counts["families"]

    def all_counts(self):
        """Every facet's counts, as JSON keeps them (lists of pairs)."""
        counts = {name: list(self.counts(name).items()) for name in self.facets}
        counts["families"] = list(self.family_counts().items())
        return counts


# --- Counts kept per content version --------------------------------------------------------------


def kept(filterset, facets, list_name):
    """A list without a search: its facet counts are worked out per facet once per content version
    and filter state, then read back in one query (:mod:`core.derived`). ``None`` with a search."""
    if filterset.value("q"):
        return None
    values = [(name, filterset.value(name)) for name in filterset.facets]
    state = "&".join(f"{name}={value}" for name, value in values if value)
    counter = PerFacet(filterset, facets)
    return Kept(remembered(f"{list_name}?{state}", counter.all_counts), filterset)


class Kept(Counted):
    def __init__(self, counts, filterset):
        self._counts = {name: dict(pairs) for name, pairs in counts.items()}
        self.filterset = filterset

    def counts(self, name):
        return self._counts[name]

    def family_counts(self, sectors=()):
        return self._counts["families"]


# --- Counting in one pass -----------------------------------------------------------------------

ONE_PASS_ROW_LIMIT = 20_000


def one_pass(filterset, facets, bounded=True):
    """The searched rows read once, as a :class:`OnePass`; ``None`` without a search or when the
    search leaves more than ``ONE_PASS_ROW_LIMIT`` rows (then each facet is counted on its own);
    not ``bounded``, whatever their number (a bounded search's candidates are few)."""
    if not filterset.value("q"):
        return None
    active = [name for name in filterset.facets if filterset.value(name)]
    passes = {
        f"passes_{name}": ExpressionWrapper(filterset.condition(name), output_field=BooleanField())
        for name in active
    }
    key_paths = [path for path, _ in facets.values()]
    rows = filterset.filter_queryset_except(*filterset.facets).annotate(**passes)
    columns = ["pk", *passes, *key_paths]
    if not bounded:
        return OnePass(active, list(facets), plain_rows(rows, columns))
    rows = plain_rows(rows[: ONE_PASS_ROW_LIMIT + 1], columns)
    if len(rows) > ONE_PASS_ROW_LIMIT:
        return None
    return OnePass(active, list(facets), rows)


def plain_rows(queryset, columns):
    """``queryset.values_list(*columns)``'s rows through Django's own row iterator, not the
    translation fallbacks' (which builds a dict per row to translate fields these rows do not
    hold): several milliseconds a page over a search's thousands of rows. Django's iterator gives
    the columns in the queryset's order of fields, which the translation layer may have changed."""
    queryset = queryset.values_list(*columns)
    order = [
        *queryset._fields,
        *(a for a in queryset.query.annotation_select if a not in queryset._fields),
    ]
    if order == columns:
        return list(ValuesListIterable(queryset))
    index = [order.index(name) for name in columns]
    return [tuple(row[i] for i in index) for row in ValuesListIterable(queryset)]


class OnePass(Counted):
    """Facet counts from rows ``(pk, passes each active filter..., key of each facet...)``, one
    row per listed row and combination of multi-valued keys.

    A row counts towards a facet when it passes every active filter but the facet's own: so a row
    that passes all of them counts everywhere and is listed, a row that fails one filter counts
    only in that filter's facet, and a row that fails two counts nowhere.
    """

    def __init__(self, active, facets, rows):
        columns = {name: len(active) + 1 + i for i, name in enumerate(facets)}
        self.keys = {name: defaultdict(set) for name in facets}  # facet -> pk -> keys counted
        listed, n = {}, len(active) + 1
        for row in rows:
            failed = [name for name, passed in zip(active, row[1:n], strict=True) if not passed]
            if not failed:
                listed[row[0]] = True
                counted = facets
            elif len(failed) == 1 and failed[0] in columns:
                counted = failed
            else:
                continue
            for name in counted:
                key = row[columns[name]]
                if key is not None:
                    self.keys[name][row[0]].add(key)
        self.listed = list(listed)
        self.read = len({row[0] for row in rows})

    def counts(self, name):
        return Counter(key for keys in self.keys[name].values() for key in keys)

    @property
    def total(self):
        return len(self.listed)

    def family_counts(self, sectors=()):
        parents = {pk: parent for pk, _, _, parent in sectors}
        return Counter(
            family
            for keys in self.keys["sector"].values()
            for family in {parents.get(key) or key for key in keys}
        )


# --- Estimates past the search's candidates -------------------------------------------------------


def about(number):
    """``number`` to two significant figures (123,456 -> 120,000): how an estimate is shown."""
    if number < 100:
        return number
    digits = len(str(number)) - 2
    return round(number, -digits)


class Estimated(Counted):
    """Counts scaled from the candidates a bounded search read (a :class:`OnePass` over them) to
    ``matches``, the estimate of every row the search matches: each option's count and the total
    are what the candidates hold times ``matches / candidates read``, to two significant figures.
    ``listed`` stays the candidates' rows that pass every filter: the rows the pages show."""

    estimated = True

    def __init__(self, sample, matches):
        self.sample = sample
        self.factor = matches / max(sample.read, 1)
        self.listed = sample.listed

    def scaled(self, n):
        return about(round(n * self.factor))

    def counts(self, name):
        return {key: self.scaled(n) for key, n in self.sample.counts(name).items()}

    def family_counts(self, sectors=()):
        return {key: self.scaled(n) for key, n in self.sample.family_counts(sectors).items()}

    @property
    def total(self):
        return self.scaled(len(self.listed))
