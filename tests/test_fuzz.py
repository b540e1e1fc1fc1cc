"""Property-based test: every query parameter (and path slug) of every public URL, fed junk.

Hypothesis sends at least ``EXAMPLES`` generated values to each parameter: arbitrary unicode, NUL
bytes, bytes that are not UTF-8, strings of 10,000 characters and more, negative and huge numbers,
and the parameter's real values. Only 200, 301/302, 400 and 404 may come back; an exception or a 500
fails the test with the value that caused it.
"""

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

EXAMPLES = 200
ALLOWED = {200, 301, 302, 400, 404}

# Values that name real records in the shipped data, so filters also run on their "found" branch.
REAL_VALUES = {
    "country": ["by", "cn", "BY"],
    "sector": ["robotics", "information-technology", "digital-economy"],
    "pavilion": ["belarus-pavilion-sce-2022"],
    "exhibition": ["smart-china-expo-2022", "smart-china-expo-2018"],
    "exhibitor": ["baidu", "zongshen-gomselmash"],
    "kind": ["company", "joint_venture", "product", "technology", "forum", "launch"],
    "day": ["2022-08-22", "unpublished", "2022-02-30"],
    "sort": ["name", "-name", "country", "newest", "created"],
    "page": ["1", "2", "last"],
    "q": ["harvester", "Belarus", "智能", "robotaxi"],
    "slug": [
        "baidu",
        "belarus-pavilion-sce-2022",
        "robotics",
        "smart-china-expo-2022",
        "sce-2022-forum",
        "nikolai-snopkov",
    ],
    "code": ["by", "cn", "BY"],
    "stand": ["N3-12", "A1", "n3-12"],
    "next": ["/exhibitors/", "https://elsewhere.example/", "//elsewhere.example/"],
    "plan": ["A" * 43, "short"],
    "token": ["A" * 43, "A" * 44],
}

# Inputs every parameter gets besides the generated ones.
EDGE_CASES = [
    "",
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "\x00" * 10_000,
    "智" * 10_000,
    "-1",
    "0",
    "-99999999999999999999999999999999",
    "9" * 400,
    "1e309",
    "NaN",
    "-0",
    "0x1F",
    "١٢",  # Arabic-Indic digits: int() accepts them
    " 1 ",
    "%",
    "&=&=",
    "'; DROP TABLE exhibitions_country; --",
    '"><script>alert(1)</script>',
    "../../../../etc/passwd",
    "\ud800",  # a lone surrogate: sent as invalid UTF-8
]


def to_query_bytes(value):
    if isinstance(value, bytes):
        return value
    return value.encode("utf-8", "surrogatepass")


def encode(value):
    """Percent-encode a value exactly as a client could send it, invalid UTF-8 included."""
    return quote_from_bytes(to_query_bytes(value), safe="")


def values(kind):
    """Generated values for one parameter."""
    return st.one_of(
        st.text(),
        st.text(st.characters(codec=None, exclude_categories=()), min_size=1).map(
            lambda s: f"{s}\x00{s}"
        ),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.builds(lambda char, n: char * n, st.characters(), st.integers(5_000, 12_000)),
        st.binary(max_size=64),
        st.sampled_from(EDGE_CASES),
        st.sampled_from(REAL_VALUES.get(kind, REAL_VALUES["q"])),
    )


def param_names():
    """Parameter names for pages that take none: any name at all, including real ones."""
    return st.one_of(st.text(min_size=1, max_size=30), st.sampled_from(list(REAL_VALUES)))


# (page, parameter) pairs: every documented query parameter of every public URL.
QUERY_CASES = [
    ("/pavilions/", "page"),
    *[
        ("/exhibitors/", name)
        for name in ("q", "country", "sector", "pavilion", "exhibition", "kind", "sort", "page")
    ],
    *[
        ("/showcases/", name)
        for name in ("q", "kind", "sector", "country", "exhibition", "exhibitor", "page")
    ],
    ("/search/", "q"),
    *[
        (page, name)
        for page in (
            "/programme/",
            "/programme.ics",
            "/exhibitions/smart-china-expo-2022/programme/",
            "/exhibitions/smart-china-expo-2021/programme.ics",
        )
        for name in ("kind", "sector", "day")
    ],
    ("/people/", "q"),
    ("/people/", "page"),
    *[
        ("/exhibitions/smart-china-expo-2022/plan/", name)
        for name in ("q", "country", "sector", "pavilion", "kind", "stand")
    ],
    *[("/my-visit/save/", name) for name in ("kind", "slug", "next", "plan")],
]

# Pages with a slug or code in the path: the path segment itself is a parameter.
PATH_CASES = [
    ("/exhibitions/{}/", "slug"),
    ("/pavilions/{}/", "slug"),
    ("/exhibitors/{}/", "slug"),
    ("/showcases/{}/", "slug"),
    ("/countries/{}/", "code"),
    ("/sectors/{}/", "slug"),
    ("/exhibitions/{}/programme/", "slug"),
    ("/exhibitions/{}/plan/", "slug"),
    ("/exhibitions/{}/programme.ics", "slug"),
    ("/sessions/{}/", "slug"),
    ("/sessions/{}.ics", "slug"),
    ("/people/{}/", "slug"),
    ("/my-visit/{}/", "token"),
    ("/my-visit/{}.ics", "token"),
    ("/my-visit/{}/print/", "token"),
]

# Pages that document no query parameter: any name with any value must be ignored or refused.
# (Detail pages ignore their query string the same way; one stands for all of them.)
NO_PARAMETER_PAGES = [
    "/",
    "/countries/",
    "/sectors/",
    "/exhibitors/baidu/",
    "/sessions/sce-2022-forum/",
    "/sessions/sce-2022-forum.ics",
    "/my-visit/",
    "/my-visit/state.json",
]

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz(client, strategy, url_for, edge_cases=()):
    """GET ``url_for(value)`` for each generated value and each edge case; return how many were sent.

    A status outside ``ALLOWED`` fails with the value that caused it.
    """
    sent = []

    def run(value):
        sent.append(value)
        url = url_for(value)
        response = client.get(url)
        assert response.status_code in ALLOWED, (
            f"{url[:300]} answered {response.status_code} for {value!r:.300}"
        )

    for case in edge_cases:
        run = example(value=case)(run)
    FUZZ_SETTINGS(given(value=strategy)(run))()
    return len(sent)


@pytest.mark.parametrize(("page", "param"), QUERY_CASES)
def test_query_parameter_junk_never_errors(client, shipped_data, page, param):
    sent = fuzz(client, values(param), lambda v: f"{page}?{param}={encode(v)}", EDGE_CASES)
    assert sent >= EXAMPLES + len(EDGE_CASES)


@pytest.mark.parametrize(("pattern", "kind"), PATH_CASES)
def test_path_slug_junk_never_errors(client, shipped_data, pattern, kind):
    sent = fuzz(client, values(kind), lambda v: pattern.format(encode(v)), EDGE_CASES)
    assert sent >= EXAMPLES + len(EDGE_CASES)


@pytest.mark.parametrize("page", NO_PARAMETER_PAGES)
def test_unexpected_parameter_never_errors(client, shipped_data, page):
    sent = fuzz(
        client,
        st.tuples(param_names(), values("q")),
        lambda pair: f"{page}?{encode(pair[0])}={encode(pair[1])}",
    )
    assert sent >= EXAMPLES


@pytest.mark.parametrize(
    ("page", "params"),
    [
        (
            "/exhibitors/",
            ("q", "country", "sector", "pavilion", "exhibition", "kind", "sort", "page"),
        ),
        ("/showcases/", ("q", "kind", "sector", "country", "exhibition", "exhibitor", "page")),
        ("/programme/", ("kind", "sector", "day")),
        ("/programme.ics", ("kind", "sector", "day")),
    ],
)
def test_combined_filter_junk_never_errors(client, shipped_data, page, params):
    """All filters of a list at once, each with its own junk, some repeated (``?kind=a&kind=b``)."""
    query = st.lists(
        st.tuples(st.sampled_from(params), st.one_of(*(values(p) for p in params))),
        min_size=1,
        max_size=12,
    )
    sent = fuzz(client, query, lambda q: f"{page}?" + "&".join(f"{k}={encode(v)}" for k, v in q))
    assert sent >= EXAMPLES


# My visit's forms: each field of each POST gets the junk, the others a real value. Only 303 (done),
# 400, 403 and 404 may come back, and no plan changes but by a real save.
VISIT_FORMS = {
    "/my-visit/save/": {"kind": "exhibitor", "slug": "baidu"},
    "/my-visit/remove/": {"kind": "exhibitor", "slug": "baidu"},
}


@pytest.mark.parametrize(
    ("url", "field"),
    [(url, field) for url in VISIT_FORMS for field in ("kind", "slug", "plan", "next")],
)
def test_visit_form_junk_never_errors(client, shipped_data, url, field):
    from visits.models import Item

    before = Item.objects.count()
    sent = []

    def run(value):
        sent.append(value)
        data = {**VISIT_FORMS[url], field: value}
        response = client.post(url, data)
        assert response.status_code in {303, 400, 403, 404}, (
            f"{url} answered {response.status_code} for {field}={value!r:.300}"
        )

    # A form field cannot carry a lone surrogate: no browser encodes one, nor can the test client.
    strategy = values(field).filter(
        lambda v: isinstance(v, str) and not any("\ud800" <= c <= "\udfff" for c in v)
    )
    FUZZ_SETTINGS(given(value=strategy)(run))()
    assert len(sent) >= EXAMPLES // 2
    # Only a valid save of Baidu can have added an item: one at most.
    assert Item.objects.count() - before <= 1
