"""The shipped data says what its sources say, and no more.

Each test pins one finding of a record-by-record check of fixtures/smart_china_expo_2022.json against
the SB. Belarus Segodnya article and the fact sheet's other sources: who had a stand, who only took
part in the forum, what was a launch rather than an exhibit, whose claim a statement is, and which
source states each fact.
"""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from datafiles.schema import spec
from exhibitions.models import Exhibition, Person, Quote, Source
from exhibitors.models import Exhibitor, Showcase, Stand
from pavilions.models import Pavilion
from programme.models import Participation, Session, SessionPerson
from tests.json_ld import get_page, nodes

pytestmark = pytest.mark.django_db

ARTICLE = "sb-by-in-the-global-technological-stream"
EXPO_2018 = "smart-china-expo-2018"
EXPO_2021 = "smart-china-expo-2021"
EXPO_2022 = "smart-china-expo-2022"
PAVILION = "belarus-pavilion-sce-2022"
SHIPPED = "fixtures/smart_china_expo_2022.json"

# Every source address the data may use: those the fact sheet gives, and public pages added for a
# fact the fact sheet states without an address (each named in the test that needs it).
KNOWN_URLS = {
    "https://www.sb.by/en/in-the-global-technological-stream.html",
    "https://en.people.cn/n3/2022/0823/c90000-10138398.html",
    "https://en.people.cn/n3/2021/0824/c90000-9887305.html",
    "https://taiwan.cri.cn/2021-08-24/d0368c60-a49d-4aaa-21f4-f846aaf255ad.html",
    "https://english.scio.gov.cn/m/chinavoices/2018-08/24/content_60005979.htm",
    "https://www.smartchina-expo.cn/",
    "https://www.sb.by/en/six-new-residents-registered-at-great-stone.html",
    "https://www.ichongqing.info/2022/08/12/chinas-first-fully-unmanned-self-driving-taxi-approved-in-chongqing/",
    "https://www.ichongqing.info/2021/02/01/belarus-consulate-general-officially-opens-in-chongqing/",
    "https://awards.acm.org/about/2021-turing",
    # Added for facts the fact sheet gives without an address:
    "https://www.nobelprize.org/prizes/physics/2010/summary/",  # Novoselov's prize, with Geim
    "https://deu.belta.by/economics/view/mahdrescher-von-gomselmasch-konkurrieren-wurdig-mit-den-weltmarken-53259-2020",  # Gomselmash's plant, 90 years old in 2020
    "https://issues.cycleworld.com/article/2001/8/1/chinas-secret-weapon",  # Zongshen, 1992
    "https://en.wikipedia.org/wiki/Changan_Automobile",  # Changan's headquarters
}

# How each organisation took part, as the sources tell it: (organisation, edition, kind, session or
# pavilion) -> the sources that say so.
PARTICIPATIONS = {
    ("changan", EXPO_2022, "session", "sce-2022-forum"): {ARTICLE},
    ("alibaba", EXPO_2022, "session", "sce-2022-forum"): {ARTICLE},
    ("huawei", EXPO_2022, "session", "sce-2022-forum"): {ARTICLE},
    ("chinese-academy-of-sciences", EXPO_2022, "session", "sce-2022-forum"): {ARTICLE},
    ("chinese-academy-of-engineering", EXPO_2022, "session", "sce-2022-forum"): {ARTICLE},
    ("baidu", EXPO_2022, "launch", "baidu-robotaxi-launch-2022"): {
        ARTICLE,
        "ichongqing-driverless-taxi-approved-chongqing",
    },
    ("consulate-general-of-belarus-in-chongqing", EXPO_2022, "organiser", PAVILION): {ARTICLE},
    (
        "consulate-general-of-belarus-in-chongqing",
        EXPO_2022,
        "session",
        "belarusian-pavilion-tasting-2022",
    ): {ARTICLE},
    ("state-council-of-china", EXPO_2018, "organiser", None): {ARTICLE},
    ("national-development-and-reform-commission", EXPO_2018, "organiser", None): {ARTICLE},
    ("ministry-of-science-and-technology-of-china", EXPO_2018, "organiser", None): {ARTICLE},
}

# The stands and parts of a pavilion the article gives: (exhibitor, edition) -> (kind, pavilion).
STANDS = {
    ("zongshen-gomselmash", EXPO_2022): ("stand", PAVILION),
    ("sanjiang-volat", EXPO_2022): ("stand", PAVILION),
    ("great-stone-industrial-park", EXPO_2022): ("pavilion_part", PAVILION),
}


@pytest.fixture
def shipped():
    call_command("load_shipped_data", verbosity=0)


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


def texts():
    """Every visitor-facing text of the shipped data, by record."""
    fields = {
        Exhibition: ["summary", "description", "source_notes"],
        Person: ["role", "bio", "source_notes"],
        Pavilion: ["summary", "description", "organiser", "source_notes"],
        Exhibitor: ["summary", "description", "source_notes"],
        Showcase: ["name", "summary", "description", "source_notes"],
        Session: ["title", "summary", "description", "place", "source_notes"],
        Participation: ["role", "source_notes"],
    }
    found = {}
    for model, names in fields.items():
        for record in model.objects.all():
            found[f"{model.__name__} {record.slug}"] = " ".join(
                getattr(record, name) for name in names
            )
    for section in Pavilion.objects.get(slug=PAVILION).sections.all():
        found[f"Section {section.position}"] = f"{section.title} {section.text}"
    return found


def test_stands_are_the_ones_the_article_gives(shipped):
    stands = {
        (stand.exhibitor.slug, stand.exhibition.slug): (stand.kind, stand.pavilion.slug)
        for stand in Stand.objects.select_related("exhibitor", "exhibition", "pavilion")
    }

    assert stands == STANDS


def test_every_stand_cites_the_article(shipped):
    sources = {
        stand.exhibitor.slug: slugs(stand.sources.all())
        for stand in Stand.objects.select_related("exhibitor")
    }

    assert sources == {slug: {ARTICLE} for slug, _ in STANDS}


def test_forum_companies_are_not_the_2022_exhibitors(client, shipped):
    response = client.get("/exhibitors/", {"exhibition": EXPO_2022})
    listed = {exhibitor.slug for exhibitor in response.context["object_list"]}

    assert listed == {"zongshen-gomselmash", "sanjiang-volat", "great-stone-industrial-park"}


def test_forum_companies_stay_in_the_directory(client, shipped):
    response = client.get("/exhibitors/")
    listed = {exhibitor.slug for exhibitor in response.context["paginator"].object_list}

    assert {"alibaba", "huawei", "changan", "baidu"} <= listed


def test_each_participation_pinned_to_its_sources(shipped):
    found = {
        (
            p.organisation.slug,
            p.exhibition.slug,
            p.kind,
            p.session.slug if p.session_id else (p.pavilion.slug if p.pavilion_id else None),
        ): slugs(p.sources.all())
        for p in Participation.objects.select_related(
            "organisation", "exhibition", "session", "pavilion"
        )
    }

    assert found == PARTICIPATIONS


def test_every_session_cites_a_source(shipped):
    without = [s.slug for s in Session.objects.all() if not s.sources.exists()]

    assert without == []


def test_no_session_has_a_day_or_time_no_source_gives(shipped):
    dated = list(
        Session.objects.exclude(date=None, starts_at=None, ends_at=None).values_list(
            "slug", flat=True
        )
    )

    assert dated == []


def test_shipped_sessions_are_the_article_s(shipped):
    kinds = dict(Session.objects.values_list("slug", "kind"))

    assert kinds == {
        "sce-2022-forum": "forum",
        "baidu-robotaxi-launch-2022": "launch",
        "belarusian-pavilion-tasting-2022": "tasting",
        "china-sco-digital-economy-forum-2021": "forum",
    }


def test_people_at_sessions_as_the_sources_name_them(shipped):
    people = {
        (sp.session.slug, sp.person.slug): sp.role
        for sp in SessionPerson.objects.select_related("session", "person")
    }

    assert people == {
        ("sce-2022-forum", "konstantin-novoselov"): "participant",
        ("sce-2022-forum", "jack-dongarra"): "participant",
        ("china-sco-digital-economy-forum-2021", "nikolai-snopkov"): "speaker",
    }


def test_robotaxi_is_a_launch_not_an_exhibit(shipped):
    launch = Session.objects.get(slug="baidu-robotaxi-launch-2022")

    assert launch.kind == "launch"
    assert "not an exhibit" in launch.summary
    assert Showcase.objects.filter(name__icontains="robotaxi").count() == 0
    assert Showcase.objects.filter(exhibitor__slug="baidu").count() == 0


def test_tasting_belongs_to_the_pavilion_without_a_company(shipped):
    tasting = Session.objects.get(slug="belarusian-pavilion-tasting-2022")

    assert tasting.pavilion.slug == PAVILION
    assert tasting.showcases.count() == 0
    assert Showcase.objects.filter(name__icontains="confectionery").count() == 0


def test_great_stone_and_consulate_have_no_stand(shipped):
    kinds = set(
        Stand.objects.filter(exhibitor__slug="great-stone-industrial-park").values_list(
            "kind", flat=True
        )
    )

    assert kinds == {"pavilion_part"}
    assert (
        Stand.objects.filter(exhibitor__slug="consulate-general-of-belarus-in-chongqing").count()
        == 0
    )


def test_sivakov_told_the_paper_and_presented_nothing(shipped):
    bio = Person.objects.get(slug="yuri-sivakov").bio
    gomselmash = Exhibitor.objects.get(slug="gomselmash").description

    assert "told SB. Belarus Segodnya" in bio
    assert "At the 2022" not in bio
    assert "Sivakov, presented" not in gomselmash
    assert "told SB. Belarus Segodnya that the 2022 Smart China Expo presented" in gomselmash
    assert PAVILION not in slugs(Pavilion.objects.filter(people__slug="yuri-sivakov"))


def test_harvesters_describe_the_machines_supplied_not_the_display(shipped):
    names = list(
        Showcase.objects.filter(exhibitor__slug="zongshen-gomselmash").values_list(
            "name", flat=True
        )
    )

    assert names == ["Zongshen-Gomselmash's products"]
    assert Showcase.objects.filter(name__icontains="harvester").count() == 0


def test_consul_tried_to_maintain_representation(shipped):
    bio = Person.objects.get(slug="dmitry-yemelyanov").bio
    pavilion = Pavilion.objects.get(slug=PAVILION).description

    assert "tried to maintain a high level of representation" in bio
    assert "tried to maintain a high level of representation" in pavilion
    assert "was kept" not in bio


def test_every_language_of_the_shipped_texts_loads_as_written(shipped):
    """The loader carries the translations the file gives, text for text (``load_expo``)."""
    records = json.loads(Path(SHIPPED).read_text(encoding="utf-8"))
    compared = 0
    for record in records:
        model = spec(record["model"])
        fields = record["fields"]
        if model.key_fields != ("slug",) and model.key_fields != ("code",):
            continue
        (key,) = model.key_fields
        row = model.rows().get(**{key: fields[key]})
        for name, value in fields.items():
            if name in model.language_columns:
                assert row.__dict__[name] == (value or None), (record["model"], fields[key], name)
                compared += 1
        for name in model.translations:
            assert row.__dict__[f"{name}_en"] == row.__dict__[name]  # English in both columns
        if "original_language" in model.fields:
            assert row.original_language == fields.get("original_language", "en")

    assert compared == sum(
        name.endswith(("_zh_hans", "_ru"))
        for record in records
        if spec(record["model"]).key_fields in (("slug",), ("code",))
        for name in record["fields"]
    )


def test_no_text_says_what_no_source_says(shipped):
    claims = [
        "online and on site",
        "online and offline",
        "higher education",
        "members of the Chinese Academy",
    ]
    found = {
        record: [claim for claim in claims if claim in text.lower() or claim in text]
        for record, text in texts().items()
    }

    assert {record: found for record, found in found.items() if found} == {}


def test_2021_claims_shown_as_the_consul_s(shipped):
    edition = Exhibition.objects.get(slug=EXPO_2021)
    forum = Session.objects.get(slug="china-sco-digital-economy-forum-2021")

    assert "consul general says" in edition.summary
    assert "consul general calls it the first" in forum.summary
    for record in (edition, forum):
        assert "consul general's words" in record.source_notes


def test_the_academies_are_scientists_from_not_members_of(shipped):
    description = Exhibition.objects.get(slug=EXPO_2022).description

    assert "scientists from the Chinese Academy of Sciences" in description


def test_launched_premieres_none_without_a_source(shipped):
    premieres = list(Showcase.objects.filter(premiere=True).values_list("slug", flat=True))

    assert premieres == []


def test_organisers_are_organisations(shipped):
    organisers = {
        (p.exhibition.slug, p.organisation.slug)
        for p in Participation.objects.filter(kind="organiser", pavilion=None).select_related(
            "exhibition", "organisation"
        )
    }

    assert organisers == {
        (EXPO_2018, "state-council-of-china"),
        (EXPO_2018, "national-development-and-reform-commission"),
        (EXPO_2018, "ministry-of-science-and-technology-of-china"),
    }
    assert not hasattr(Exhibition, "organisers")


def test_every_source_address_is_known(shipped):
    unknown = set(Source.objects.exclude(url="").values_list("url", flat=True)) - KNOWN_URLS

    assert unknown == set()


def test_source_known_only_by_site_and_year_links_nothing(shipped):
    belta = Source.objects.get(slug="belta-zongshen-gomel-2018")
    agronews = Source.objects.get(slug="agronews-hebei-zongshen-gomel-2019")

    assert (belta.url, belta.published_on) == ("", None)
    assert "2018" in belta.title
    assert agronews.url == ""
    assert str(agronews.published_on) == "2019-06-21"


@pytest.mark.parametrize(
    ("model", "slug", "source"),
    [
        (Exhibitor, "zongshen-gomselmash", "agronews-hebei-zongshen-gomel-2019"),
        (Person, "konstantin-novoselov", "nobel-prize-physics-2010"),
        (Exhibitor, "changan", "wikipedia-changan-automobile"),
        (Exhibitor, "zongshen", "cycle-world-china-secret-weapon-2001"),
        (Exhibitor, "gomselmash", "belta-gomselmash-90-years-2020"),
        (Exhibitor, "great-stone-industrial-park", "sb-by-six-new-residents-great-stone"),
        (
            Exhibitor,
            "consulate-general-of-belarus-in-chongqing",
            "ichongqing-belarus-consulate-opens",
        ),
    ],
)
def test_fact_cites_the_source_that_states_it(shipped, model, slug, source):
    assert source in slugs(model.objects.get(slug=slug).sources.all())


def test_snopkov_office_without_a_date_no_source_gives(shipped):
    bio = Person.objects.get(slug="nikolai-snopkov").bio

    assert "First Deputy Prime Minister" in bio
    assert "2020" not in bio


@pytest.mark.parametrize(
    ("slug", "person", "words"),
    [
        ("sivakov-2015-joint-venture", "yuri-sivakov", "In 2015, a Chinese corporation"),
        ("sivakov-about-300-combines", "yuri-sivakov", "about 300 units"),
        (
            "yemelyanov-2021-china-sco-forum",
            "dmitry-yemelyanov",
            "first China-SCO Digital Economy Forum",
        ),
        ("yemelyanov-zero-covid-representation", "dmitry-yemelyanov", "tried to maintain"),
    ],
)
def test_informative_statements_are_attributed_quotes(shipped, slug, person, words):
    quote = Quote.objects.select_related("person", "source").get(slug=slug)

    assert (quote.person.slug, quote.source.slug) == (person, ARTICLE)
    assert words in quote.text


def test_showcase_json_ld_has_no_release_date(client, shipped):
    dates = {}
    for showcase in Showcase.objects.all():
        for node in nodes(get_page(client, showcase.get_absolute_url()).json_ld):
            if "releaseDate" in node:
                dates[showcase.slug] = node["releaseDate"]

    assert dates == {}


@pytest.mark.parametrize(
    ("slug", "country"),
    [("great-stone-industrial-park", "BY"), ("zongshen-gomselmash", "CN")],
)
def test_address_country_is_where_it_stands(client, shipped, slug, country):
    page = get_page(client, f"/exhibitors/{slug}/")
    countries = {
        json.dumps(node["address"]["addressCountry"])
        for node in nodes(page.json_ld)
        if node.get("@id", "").endswith(f"/exhibitors/{slug}/#organization") and "address" in node
    }

    assert countries == {json.dumps(country)}
