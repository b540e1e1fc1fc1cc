"""The floor plan's per-stand markup, built in Python (exhibitors.plan): each stand's link in the
SVG and its row in the list beside the plans, the same markup the template loop wrote, escaped."""

import re
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.utils import translation

from exhibitors.models import Exhibitor, Stand
from exhibitors.plan import hall_plans, n, stand_anchor, stand_rows
from tests import factories
from tests.querycount import queries_for

pytestmark = pytest.mark.django_db

# The loop floor_plan.html ran over the listed stands before exhibitors.plan.stand_rows: the
# reference the Python rows must match, run here on the stands as model instances.
TEMPLATE_ROWS = (
    "{% for stand in listed %}\n"
    '      <tr{% if stand.selected %} class="is-selected"{% endif %}><td>{{ stand.hall.name }}</td>'
    '<td><a href="{{ stand.plan_link }}">{{ stand.booth }}</a></td>'
    '<td><a href="{{ stand.exhibitor.get_absolute_url }}">{{ stand.exhibitor.name }}</a></td>'
    "<td>{% if stand.pavilion %}"
    '<a href="{{ stand.pavilion.get_absolute_url }}">{{ stand.pavilion.name }}</a>'
    '{% else %}<span class="muted">—</span>{% endif %}</td></tr>{% endfor %}'
)
HOSTILE_NAME = '<script>alert("Tom & Jerry\'s")</script>'
HOSTILE_CODE = "N3<&>\"'7"


@pytest.fixture
def hall_world():
    """Hall N3 (60 × 40 m) with a pavilion area and three stands: two robotics exhibitors in the
    pavilion, one farming exhibitor outside it."""
    ex = factories.exhibition(slug="markup-expo", name="Markup Expo")
    hall = factories.hall(ex, width=60, depth=40, slug="n3", name="Hall N3")
    robots = factories.sector(slug="robotics", name="Robotics")
    farming = factories.sector(slug="farming", name="Farming")
    pav = factories.pavilion(
        ex,
        slug="belarus",
        name="Belarus pavilion",
        hall=hall,
        area_x=0,
        area_y=0,
        area_width=20,
        area_depth=10,
    )
    volat = factories.exhibitor(slug="volat", name="Sanjiang-Volat", sectors=[robots])
    maz = factories.exhibitor(slug="maz", name="MAZ", sectors=[robots])
    farm = factories.exhibitor(slug="farm", name="Farm Co", countries=("CN",), sectors=[farming])
    stands = {
        "volat": factories.stand(
            volat, ex, pav, booth="N3-13", hall=hall, x=8, y=1, width=6, depth=4
        ),
        "maz": factories.stand(maz, ex, pav, booth="N3-12", hall=hall, x=1, y=1, width=6, depth=4),
        "farm": factories.stand(farm, ex, booth="N3 40/A", hall=hall, x=30, y=20, width=9, depth=6),
    }
    return {"exhibition": ex, "hall": hall, "pavilion": pav, "stands": stands}


def page(client, query=""):
    response = client.get(f"/exhibitions/markup-expo/plan/{query}")
    assert response.status_code == 200
    return response.content.decode()


def stand_link(html, slug):
    """The SVG link of the stand of the exhibitor ``slug``."""
    start = html.index('<svg class="plan')
    svg = html[start : html.index("</svg>", start)]
    (found,) = re.findall(rf'<a href="/exhibitors/{slug}/".*?</a>', svg)
    return found


def table_rows(html):
    body = html[html.index("<tbody>") + len("<tbody>") : html.index("</tbody>")]
    return re.findall(r"<tr.*?</tr>", body)


def template_rows(exhibition, listed_codes, kept="", selected=None):
    """The rows the template loop wrote for the stands of these codes (in this order), from
    model instances, each link built as the view built it."""
    stands = {
        stand.booth: stand
        for stand in Stand.objects.filter(exhibition=exhibition).select_related(
            "exhibitor", "pavilion", "hall"
        )
    }
    listed = []
    for code in listed_codes:
        stand = stands[code]
        query = urlencode({"stand": stand.booth})
        anchor = stand_anchor(stand.booth)
        stand.plan_link = f"?{kept}&{query}#{anchor}" if kept else f"?{query}#{anchor}"
        stand.selected = code == selected
        listed.append(stand)
    return Template(TEMPLATE_ROWS).render(Context({"listed": listed}))


def test_stand_link_carries_profile_label_rectangle_and_code(client, hall_world):
    html = page(client)
    assert stand_link(html, "volat") == (
        '<a href="/exhibitors/volat/" aria-label="Sanjiang-Volat, stand N3-13">'
        '<path d="M8 1h6v4h-6z"/><text x="11" y="3">N3-13</text></a>'
    )
    # A code that fits at the group's size or larger takes the group's (a smaller one names its
    # own: see the hostile code below).
    assert stand_link(html, "farm") == (
        '<a href="/exhibitors/farm/" aria-label="Farm Co, stand N3 40/A">'
        '<path d="M30 20h9v6h-9z"/><text x="34.5" y="23">N3 40/A</text></a>'
    )
    assert '<g class="stands" font-size="1.8">' in html


def test_stand_link_of_a_chosen_matching_stand_has_its_id_and_both_classes(client, hall_world):
    html = page(client, "?sector=robotics&stand=N3-13")
    assert stand_link(html, "volat") == (
        '<a href="/exhibitors/volat/" id="stand-N3-13" class="m s"'
        ' aria-label="Sanjiang-Volat, stand N3-13">'
        '<path d="M8 1h6v4h-6z"/><text x="11" y="3">N3-13</text></a>'
    )
    assert stand_link(html, "maz").startswith('<a href="/exhibitors/maz/" class="m" aria-label=')
    assert stand_link(html, "farm").startswith('<a href="/exhibitors/farm/" aria-label=')
    assert '<svg class="plan plan--filtered" id="svg-n3"' in html


def test_list_rows_link_the_stand_keeping_the_filters(client, hall_world):
    html = page(client, "?sector=robotics&stand=N3-13")
    assert table_rows(html) == [
        '<tr><td>Hall N3</td><td><a href="?sector=robotics&amp;stand=N3-12#stand-N3-12">N3-12</a>'
        '</td><td><a href="/exhibitors/maz/">MAZ</a></td>'
        '<td><a href="/pavilions/belarus/">Belarus pavilion</a></td></tr>',
        '<tr class="is-selected"><td>Hall N3</td>'
        '<td><a href="?sector=robotics&amp;stand=N3-13#stand-N3-13">N3-13</a></td>'
        '<td><a href="/exhibitors/volat/">Sanjiang-Volat</a></td>'
        '<td><a href="/pavilions/belarus/">Belarus pavilion</a></td></tr>',
    ]
    html = page(client)
    assert table_rows(html)[0] == (
        '<tr><td>Hall N3</td><td><a href="?stand=N3+40%2FA#stand-N3-40-A">N3 40/A</a></td>'
        '<td><a href="/exhibitors/farm/">Farm Co</a></td><td><span class="muted">—</span></td></tr>'
    )


@pytest.mark.parametrize(
    "query, kept, listed, selected",
    [
        ("", "", ["N3 40/A", "N3-12", "N3-13"], None),
        ("?sector=robotics&stand=n3-13", "sector=robotics", ["N3-12", "N3-13"], "N3-13"),
        ("?country=by&q=MAZ", "q=MAZ&country=by", ["N3-12"], None),
    ],
)
def test_list_rows_are_the_markup_the_template_wrote(
    client, hall_world, query, kept, listed, selected
):
    html = page(client, query)
    body = html[html.index("<tbody>") + len("<tbody>") : html.index("\n    </tbody>")]
    assert body == template_rows(hall_world["exhibition"], listed, kept, selected)


def test_hostile_names_and_codes_are_escaped_in_the_drawing_and_the_list(client, hall_world):
    volat = hall_world["stands"]["volat"]
    Exhibitor.objects.filter(pk=volat.exhibitor_id).update(name=HOSTILE_NAME, name_en=HOSTILE_NAME)
    Stand.objects.filter(pk=volat.pk).update(booth=HOSTILE_CODE)
    hall_world["pavilion"].name = 'Pav <i>&</i> "x"'
    hall_world["pavilion"].save()
    hall_world["hall"].name = "Hall <N3> & co"
    hall_world["hall"].save()
    cache.clear()
    html = page(client, "?stand=" + urlencode({"": HOSTILE_CODE})[1:])
    assert "<script>" not in html and "<i>&</i>" not in html and "<N3>" not in html
    escaped_name = "&lt;script&gt;alert(&quot;Tom &amp; Jerry&#x27;s&quot;)&lt;/script&gt;"
    escaped_code = "N3&lt;&amp;&gt;&quot;&#x27;7"
    assert stand_link(html, "volat") == (
        f'<a href="/exhibitors/volat/" id="stand-N3-7" class="s"'
        f' aria-label="{escaped_name}, stand {escaped_code}">'
        f'<path d="M8 1h6v4h-6z"/><text x="11" y="3" font-size="1.2">{escaped_code}</text></a>'
    )
    (row,) = [row for row in table_rows(html) if "volat" in row]
    assert row == (
        '<tr class="is-selected"><td>Hall &lt;N3&gt; &amp; co</td>'
        '<td><a href="?stand=N3%3C%26%3E%22%277#stand-N3-7">'
        f"{escaped_code}</a></td>"
        f'<td><a href="/exhibitors/volat/">{escaped_name}</a></td>'
        '<td><a href="/pavilions/belarus/">Pav &lt;i&gt;&amp;&lt;/i&gt; &quot;x&quot;</a></td></tr>'
    )
    body = html[html.index("<tbody>") + len("<tbody>") : html.index("\n    </tbody>")]
    codes = ["N3 40/A", "N3-12", HOSTILE_CODE]
    assert body == template_rows(hall_world["exhibition"], codes, selected=HOSTILE_CODE)


def test_names_are_in_the_pages_language_with_the_english_fallback(client, hall_world):
    Exhibitor.objects.filter(slug="volat").update(name_ru="Санцзян-Волат")
    Exhibitor.objects.filter(slug="maz").update(name_ru="")
    with translation.override("ru"):
        (plan,) = hall_plans(hall_world["exhibition"])
        names = {stand.exhibitor.slug: stand.exhibitor.name for stand in plan.stands}
        expected = {e.slug: e.name for e in Exhibitor.objects.filter(slug__in=names)}
        rows = stand_rows(plan.stands)
        reference = template_rows(hall_world["exhibition"], ["N3 40/A", "N3-12", "N3-13"])
    assert names == expected == {"volat": "Санцзян-Волат", "maz": "MAZ", "farm": "Farm Co"}
    assert rows == reference
    assert '<a href="/ru/exhibitors/volat/">Санцзян-Волат</a>' in rows
    assert "Санцзян" not in page(client)
    response = client.get("/ru/exhibitions/markup-expo/plan/")
    text = response.content.decode()
    assert 'aria-label="Санцзян-Волат, ' in text
    assert '<a href="/ru/exhibitors/volat/">Санцзян-Волат</a>' in text


def test_lengths_are_rounded_to_a_tenth_of_a_metre_as_before():
    for value in (0, 0.04, 0.05, 0.15, 0.25, 1.25, 2.35, 2.45, -0.04, -3.75, 12.0, 399.95, 1 / 3):
        text = f"{round(float(value), 1):.1f}"
        assert n(value) == (text[:-2] if text.endswith(".0") else text), value
    assert (n(12.0), n(2.25), n(-0.5)) == ("12", "2.2", "-0.5")


def test_filter_choices_are_kept_and_follow_a_change(client, hall_world):
    first = queries_for(client, "/exhibitions/markup-expo/plan/")
    cache.clear()
    again = queries_for(client, "/exhibitions/markup-expo/plan/")
    assert again < first  # the choices are read back, not worked out again
    html = page(client)
    assert '<option value="farming">Farming</option>' in html
    assert "Medicine" not in html
    medicine = factories.sector(slug="medicine", name="Medicine")
    factories.exhibitor(slug="med", sectors=[medicine]).stands.create(
        exhibition=hall_world["exhibition"], booth="N3-20"
    )
    cache.clear()
    assert '<option value="medicine">Medicine</option>' in page(client)
