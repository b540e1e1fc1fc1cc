"""Small factories: real rows in the real test database, with just enough fields filled in."""

import datetime
import itertools

from exhibitions.models import Country, Exhibition, Person, Quote, Sector, Source
from exhibitors.models import Exhibitor, Showcase, Stand
from pavilions.models import Hall, Pavilion, Section
from programme.models import Participation, Session, SessionPerson

_seq = itertools.count(1)


def _n():
    return next(_seq)


def country(code="BY", name=None):
    names = {"BY": "Belarus", "CN": "China", "DE": "Germany", "FR": "France"}
    obj, _ = Country.objects.get_or_create(
        code=code, defaults={"name": name or names.get(code, code)}
    )
    return obj


def source(**fields):
    n = _n()
    fields.setdefault("slug", f"source-{n}")
    fields.setdefault("title", f"Source {n}")
    return Source.objects.create(**fields)


def sector(slug=None, name=None, parent=None):
    n = _n()
    slug = slug or f"sector-{n}"
    return Sector.objects.create(
        slug=slug, name=name or slug.replace("-", " ").title(), parent=parent
    )


def exhibition(**fields):
    n = _n()
    year = fields.pop("year", 2022)
    fields.setdefault("slug", f"expo-{n}")
    fields.setdefault("name", f"Expo {n}")
    fields.setdefault("city", "Chongqing")
    fields.setdefault("country", country("CN"))
    fields.setdefault("starts_on", datetime.date(year, 8, 22))
    fields.setdefault("ends_on", datetime.date(year, 8, 24))
    return Exhibition.objects.create(year=year, **fields)


def pavilion(exhibition_obj=None, **fields):
    n = _n()
    fields.setdefault("slug", f"pavilion-{n}")
    fields.setdefault("name", f"Pavilion {n}")
    return Pavilion.objects.create(exhibition=exhibition_obj or exhibition(), **fields)


def section(pavilion_obj, position, title="Section"):
    return Section.objects.create(pavilion=pavilion_obj, position=position, title=title)


def exhibitor(countries=("BY",), sectors=(), **fields):
    n = _n()
    fields.setdefault("slug", f"exhibitor-{n}")
    fields.setdefault("name", f"Exhibitor {n}")
    obj = Exhibitor.objects.create(**fields)
    obj.countries.set([country(code) for code in countries])
    obj.sectors.set(sectors)
    return obj


def stand(exhibitor_obj, exhibition_obj, pavilion_obj=None, booth="", **position):
    """A stand; give ``hall``, ``x``, ``y``, ``width`` and ``depth`` (metres) to place it on the plan."""
    return Stand.objects.create(
        exhibitor=exhibitor_obj,
        exhibition=exhibition_obj,
        pavilion=pavilion_obj,
        booth=booth,
        **position,
    )


def hall(exhibition_obj, width=400, depth=400, **fields):
    n = _n()
    fields.setdefault("slug", f"hall-{n}")
    fields.setdefault("name", f"Hall {n}")
    return Hall.objects.create(exhibition=exhibition_obj, width=width, depth=depth, **fields)


def grid_position(hall_obj, index, per_row=80):
    """The ``index``-th 4 × 3 m stand place of a grid in ``hall_obj``, with 1 m aisles: the
    keyword arguments of ``stand()``."""
    return {
        "hall": hall_obj,
        "x": (index % per_row) * 5,
        "y": (index // per_row) * 4,
        "width": 4,
        "depth": 3,
    }


def showcase(exhibition_obj, exhibitor_obj=None, sectors=(), **fields):
    n = _n()
    fields.setdefault("slug", f"showcase-{n}")
    fields.setdefault("name", f"Showcase {n}")
    obj = Showcase.objects.create(exhibition=exhibition_obj, exhibitor=exhibitor_obj, **fields)
    obj.sectors.set(sectors)
    return obj


def person(**fields):
    n = _n()
    fields.setdefault("slug", f"person-{n}")
    fields.setdefault("name", f"Person {n}")
    return Person.objects.create(**fields)


def quote(person_obj, source_obj=None, **fields):
    n = _n()
    fields.setdefault("slug", f"quote-{n}")
    fields.setdefault("text", f"Quoted words {n}.")
    return Quote.objects.create(person=person_obj, source=source_obj or source(), **fields)


def directory(size, world=None):
    """`size` exhibitors with stands, showcases, sectors, partners, people and quotes, and a session
    of the exhibition for each, in the pavilion, with its speaker and the exhibitor taking part.

    Pass the returned world back in to grow the same exhibition, pavilion and sectors.
    """
    if world is None:
        exhibition_obj = exhibition()
        parent = sector()
        child = sector(parent=parent)
        pav = pavilion(exhibition_obj, country=country("BY"))
        section(pav, 1)
        world = {
            "exhibition": exhibition_obj,
            "pavilion": pav,
            "sector": parent,
            "child": child,
            "hall": hall(exhibition_obj),
            "stands": 0,
        }
    exhibition_obj, pav = world["exhibition"], world["pavilion"]
    parent, child = world["sector"], world["child"]
    src = source()
    previous = None
    for i in range(size):
        ex = exhibitor(countries=("BY", "CN") if i % 2 else ("BY",), sectors=[parent, child])
        ex.sources.add(src)
        place = world["stands"]
        world["stands"] += 1
        stand(ex, exhibition_obj, pav, booth=f"A{place}", **grid_position(world["hall"], place))
        showcase(exhibition_obj, ex, sectors=[child]).sources.add(src)
        if previous:
            ex.partners.add(previous)
        who = person(country=country("BY"))
        who.exhibitions.add(exhibition_obj)
        quote(who, src, exhibition=exhibition_obj)
        ex.people.add(who)
        pav.people.add(who)
        talk = session(
            exhibition_obj,
            sectors=[child],
            kind="talk",
            date=datetime.date(2022, 8, 22 + i % 3),
            pavilion=pav,
        )
        talk.sources.add(src)
        talk.showcases.add(ex.showcases.first())
        session_person(talk, who)
        participation(talk, ex, sources=[src])
        previous = ex
    world["exhibitor"] = previous
    world["showcase"] = previous.showcases.first()
    world["session"] = talk
    world["person"] = who
    return world


# One URL for each type of public page, in a world made by directory().
PAGE_URLS = {
    "home": lambda w: "/",
    "exhibition": lambda w: w["exhibition"].get_absolute_url(),
    "pavilion_list": lambda w: "/pavilions/",
    "pavilion_detail": lambda w: w["pavilion"].get_absolute_url(),
    "exhibitor_list": lambda w: "/exhibitors/",
    "exhibitor_detail": lambda w: w["exhibitor"].get_absolute_url(),
    "showcase_list": lambda w: "/showcases/",
    "showcase_detail": lambda w: w["showcase"].get_absolute_url(),
    "country_list": lambda w: "/countries/",
    "country_detail": lambda w: "/countries/by/",
    "sector_list": lambda w: "/sectors/",
    "sector_detail": lambda w: w["sector"].get_absolute_url(),
    "search": lambda w: "/search/",
    "programme": lambda w: f"/exhibitions/{w['exhibition'].slug}/programme/",
    "floor_plan": lambda w: f"/exhibitions/{w['exhibition'].slug}/plan/",
    "session_detail": lambda w: w["session"].get_absolute_url(),
    "person_list": lambda w: "/people/",
    "person_detail": lambda w: w["person"].get_absolute_url(),
}


def session(exhibition_obj, sectors=(), **fields):
    """A published session of ``exhibition_obj``; give ``date``, ``starts_at`` and ``ends_at`` (aware)
    for a timed one. ``clean()`` is not run, so tests can build what a bad import would."""
    n = _n()
    fields.setdefault("slug", f"session-{n}")
    fields.setdefault("title", f"Session {n}")
    obj = Session.objects.create(exhibition=exhibition_obj, **fields)
    obj.sectors.set(sectors)
    return obj


def session_person(session_obj, person_obj=None, role="speaker", position=0, note=""):
    return SessionPerson.objects.create(
        session=session_obj,
        person=person_obj or person(),
        role=role,
        position=position,
        note=note,
    )


def participation(session_obj, organisation, kind="session", sources=(), **fields):
    n = _n()
    fields.setdefault("slug", f"participation-{n}")
    fields.setdefault("role", "Took part, the source says.")
    obj = Participation.objects.create(
        exhibition=session_obj.exhibition,
        session=session_obj,
        organisation=organisation,
        kind=kind,
        **fields,
    )
    obj.sources.set(sources)
    return obj


def organiser(organisation, exhibition_obj, pavilion_obj=None, sources=(), **fields):
    """An "organiser" participation: of the pavilion given, else of the edition itself."""
    n = _n()
    fields.setdefault("slug", f"organiser-{n}")
    fields.setdefault("role", "Organised it, the source says.")
    obj = Participation.objects.create(
        exhibition=exhibition_obj,
        organisation=organisation,
        kind=Participation.Kind.ORGANISER,
        pavilion=pavilion_obj,
        **fields,
    )
    obj.sources.set(sources)
    return obj
