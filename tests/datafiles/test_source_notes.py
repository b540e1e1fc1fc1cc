"""Notes on sources (``source_notes``): the shipped data keeps its caveats there rather than in the
body text, pages show them beside the sources, and the data tools carry them like other text."""

import csv
import json
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from datafiles.columns import EXHIBITORS, SHOWCASES
from exhibitions.models import Exhibition, Person
from exhibitors.models import Exhibitor, Showcase
from pavilions.models import Pavilion, Section
from programme.models import Session
from tests import factories
from tests.tables import csv_bytes, wipe

pytestmark = pytest.mark.django_db

# Sentences that tell the reader what a source does not say, or whose claim something is: they
# belong in the notes, not in a summary, a description or a bio.
CAVEAT_PHRASES = (
    "the article's claim",
    "not confirmed",
    "unconfirmed",
    "does not name",
    "does not say",
    "does not list",
    "the article does not",
    "is not named",
    "are not named",
    "whether he attended",
)

BODY_FIELDS = {
    Exhibition: ("summary", "description"),
    Person: ("role", "bio"),
    Pavilion: ("summary", "description"),
    Section: ("title", "text"),
    Exhibitor: ("summary", "description"),
    Showcase: ("summary", "description"),
    Session: ("summary", "description"),
}

# Every shipped record with notes on sources.
NOTED = {
    "exhibitions.exhibition": {"smart-china-expo-2021", "smart-china-expo-2022"},
    "exhibitions.person": {
        "konstantin-novoselov",
        "jack-dongarra",
        "yuri-sivakov",
        "nikolai-snopkov",
    },
    "pavilions.pavilion": set(),
    "exhibitors.exhibitor": {"zongshen-gomselmash", "baidu", "sanjiang-volat"},
    "exhibitors.showcase": {
        "zongshen-gomselmash-products",
        "sanjiang-volat-precision-parts",
        "8k-high-definition-decoder",
        "intelligent-machine-shop",
        "intelligent-desert-farming",
        "city-management-big-data-platform",
        "microchip-and-intelligent-sensing-innovations",
    },
    "programme.session": {
        "sce-2022-forum",
        "baidu-robotaxi-launch-2022",
        "belarusian-pavilion-tasting-2022",
        "china-sco-digital-economy-forum-2021",
    },
}
NOTED_MODELS = (Exhibition, Person, Pavilion, Exhibitor, Showcase, Session)

SHOWCASE = "/showcases/zongshen-gomselmash-products/"
SHOWCASE_NOTE = (
    "The article does not say which of the venture's machines were on show; forage and corn "
    "harvesters are what it says the venture has supplied."
)
NOTES_HEADING = "Notes on sources"


class Page(HTMLParser):
    """A page's ``id`` attributes, and the text of each ``<section>`` by its labelling heading's id
    (``aria-labelledby``), or ``prose`` for the body text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.ids = []
        self.sections = {}
        self._open = []  # one key (or None) per open <section>
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "section":
            classes = (attrs.get("class") or "").split()
            key = attrs.get("aria-labelledby") or ("prose" if "prose" in classes else None)
            self._open.append(key)
            if key:
                self.sections.setdefault(key, "")

    def handle_endtag(self, tag):
        if tag == "section" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for key in self._open:
            if key:
                self.sections[key] += data


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html, Page(html)


# --- the shipped data ------------------------------------------------------------------------


def test_shipped_body_text_has_no_editorial_caveats(shipped_data):
    found = [
        f"{model._meta.label_lower} {obj}: {name}: {phrase!r}"
        for model, names in BODY_FIELDS.items()
        for obj in model.objects.all()
        for name in names
        for phrase in CAVEAT_PHRASES
        if phrase in getattr(obj, name).lower()
    ]

    assert found == []


def test_shipped_records_with_notes_on_sources(shipped_data):
    noted = {
        model._meta.label_lower: set(
            model.objects.exclude(source_notes="").values_list("slug", flat=True)
        )
        for model in NOTED_MODELS
    }

    assert noted == NOTED


def test_shipped_notes_do_not_repeat_the_body(shipped_data):
    repeated = [
        f"{model._meta.label_lower} {obj}"
        for model in NOTED_MODELS
        for obj in model.objects.exclude(source_notes="")
        for name in BODY_FIELDS[model]
        if obj.source_notes in getattr(obj, name)
    ]

    assert repeated == []


# --- pages -----------------------------------------------------------------------------------


def test_showcase_page_shows_notes_beside_sources_not_in_body(client, shipped_data):
    html, parsed = page(client, SHOWCASE)

    assert parsed.sections["source-notes-heading"].split()[:3] == NOTES_HEADING.split()
    assert SHOWCASE_NOTE in parsed.sections["source-notes-heading"]
    assert "about 300 combines" in parsed.sections["prose"]
    assert SHOWCASE_NOTE not in parsed.sections["prose"]
    assert html.count(escape(SHOWCASE_NOTE)) == 1
    assert "sources-heading" in parsed.sections
    assert html.index(NOTES_HEADING) < html.index('id="sources-heading"')


def test_exhibitor_page_shows_notes(client, shipped_data):
    note = Exhibitor.objects.get(slug="baidu").source_notes
    html, parsed = page(client, "/exhibitors/baidu/")

    assert NOTES_HEADING in parsed.sections["source-notes-heading"]
    assert note in parsed.sections["source-notes-heading"]
    assert note not in parsed.sections["prose"]
    assert html.count(note) == 1


def test_exhibition_page_shows_notes_paragraph_by_paragraph(client, shipped_data):
    exhibition = Exhibition.objects.get(slug="smart-china-expo-2022")
    first, second = exhibition.source_notes.split("\n\n")
    html, parsed = page(client, exhibition.get_absolute_url())

    assert f"<p>{escape(first)}</p>" in html
    assert f"<p>{escape(second)}</p>" in html
    assert first in parsed.sections["source-notes-heading"]


def test_page_without_notes_has_no_notes_part(client, shipped_data):
    html, parsed = page(client, "/pavilions/belarus-pavilion-sce-2022/")

    assert NOTES_HEADING not in html
    assert "source-notes-heading" not in parsed.ids
    assert "sources-heading" in parsed.ids


@pytest.mark.parametrize(
    "url",
    [
        SHOWCASE,
        "/exhibitors/baidu/",
        "/exhibitors/zongshen-gomselmash/",
        "/exhibitions/smart-china-expo-2022/",
    ],
)
def test_page_with_notes_keeps_ids_unique(client, shipped_data, url):
    _, parsed = page(client, url)

    assert parsed.ids.count("source-notes-heading") == 1
    assert sorted(set(parsed.ids)) == sorted(parsed.ids)


def test_notes_are_escaped(client):
    showcase = factories.showcase(
        factories.exhibition(),
        source_notes='<script>alert("x")</script> & more\n\nA second paragraph.',
    )

    html, parsed = page(client, showcase.get_absolute_url())

    assert "<script>alert" not in html
    assert "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</p>" in html
    assert "<p>A second paragraph.</p>" in html


def test_notes_shown_without_sources(client):
    showcase = factories.showcase(factories.exhibition(), source_notes="No source names the maker.")

    html, parsed = page(client, showcase.get_absolute_url())

    assert "No source names the maker." in parsed.sections["source-notes-heading"]
    assert "sources-heading" not in parsed.ids


# --- the data tools --------------------------------------------------------------------------


def export(fmt, output):
    call_command("export_expo", "--format", fmt, "--output", str(output), verbosity=0)


def load(*paths):
    call_command("load_expo", *[str(p) for p in paths], verbosity=0)


def test_notes_round_trip_through_json(shipped_data, tmp_path):
    person = Person.objects.get(slug="jack-dongarra")
    pavilion = Pavilion.objects.get()
    pavilion.source_notes = "Line one.\n\nLine two, “quoted”."
    pavilion.save()
    path = tmp_path / "expo.json"
    export("json", path)

    wipe()
    load(path)

    records = json.loads(path.read_text(encoding="utf-8"))
    pavilion_record = next(r for r in records if r["model"] == "pavilions.pavilion")
    assert pavilion_record["fields"]["source_notes"] == "Line one.\n\nLine two, “quoted”."
    assert Pavilion.objects.get().source_notes == "Line one.\n\nLine two, “quoted”."
    assert Person.objects.get(slug="jack-dongarra").source_notes == person.source_notes


def test_notes_round_trip_through_csv(shipped_data, tmp_path):
    Exhibitor.objects.filter(slug="sanjiang-volat").update(
        source_notes='Its city is not given; "special purposes", in quotes.\n\nSecond; line.'
    )
    expected = {
        **dict(Exhibitor.objects.values_list("slug", "source_notes")),
        **dict(Showcase.objects.values_list("slug", "source_notes")),
    }
    export("csv", tmp_path)
    with (tmp_path / "showcases.csv").open(encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))

    Showcase.objects.all().delete()
    Exhibitor.objects.all().delete()
    load(tmp_path / "exhibitors.csv", tmp_path / "showcases.csv")

    assert header == SHOWCASES.header
    assert "source_notes" in EXHIBITORS.header
    assert {
        **dict(Exhibitor.objects.values_list("slug", "source_notes")),
        **dict(Showcase.objects.values_list("slug", "source_notes")),
    } == expected


def test_csv_without_notes_column_keeps_the_notes(shipped_data, tmp_path):
    note = Showcase.objects.get(slug="8k-high-definition-decoder").source_notes
    header = [name for name in SHOWCASES.header if name != "source_notes"]
    row = {
        "slug": "8k-high-definition-decoder",
        "name": "8K decoder",
        "kind": "product",
        "exhibition": "smart-china-expo-2022",
        "premiere": "yes",
    }
    path = tmp_path / "showcases.csv"
    path.write_bytes(csv_bytes(header, [[row.get(name, "") for name in header]]))

    load(path)

    showcase = Showcase.objects.get(slug="8k-high-definition-decoder")
    assert (showcase.name, showcase.source_notes) == ("8K decoder", note)


# --- the admin -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "slug"),
    [
        (Exhibition, "smart-china-expo-2022"),
        (Person, "jack-dongarra"),
        (Pavilion, "belarus-pavilion-sce-2022"),
        (Exhibitor, "baidu"),
        (Showcase, "zongshen-gomselmash-products"),
    ],
)
def test_admin_change_form_edits_notes_beside_sources(admin_client, shipped_data, model, slug):
    obj = model.objects.get(slug=slug)
    opts = model._meta
    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )

    assert response.status_code == 200
    fieldsets = dict(response.context["adminform"].model_admin.get_fieldsets(response.wsgi_request))
    assert fieldsets["Sources"]["fields"] == ["sources", "source_notes"]
    assert response.context["adminform"].form.initial["source_notes"] == obj.source_notes
