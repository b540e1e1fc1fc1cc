"""JSON-LD of the pages that span apps (see :mod:`core.structured_data`).

Page-level nodes (:func:`core.structured_data.for_page`):

- Home: its lists (countries, sectors, the current edition's pavilions and featured showcases) as
  named ``ItemList``s.
- Sector list: one ``ItemList`` of the sectors in the order shown, each top-level sector followed by
  its sub-sectors.
- Search: one ``ItemList`` per group of results, each entry the URL of a result's page. A group cut
  at the search's limit has no ``numberOfItems``: its total is not known.
- Exhibition, country and person pages: the quotations they show.

Main entities whose data comes from several apps, built here on the floor that sees them all:

- A person (``/people/<slug>/``, :func:`person_page_data`): the ``Person`` of
  :func:`exhibitions.structured_data.person_data` with their biography, ``worksFor`` the
  organisations they are named with whose name their role gives (the rule of
  :mod:`exhibitors.structured_data`), and ``performerIn`` the published sessions that name them.
  schema.org defines ``performerIn`` as an event a person is "a performer or participant in", so a
  participant's session is one too, although the session's own ``performer`` names only its
  speakers and moderators (:mod:`programme.structured_data`).
- An edition on its own page (:func:`exhibition_event`): its ``ExhibitionEvent`` with the
  organisations its "organiser" participations name as ``organizer``.

The country list is a plain list page and gets its ``ItemList`` from the default rule, as does the
people list. Page-level builders read rows the page has already fetched; nothing runs a query.
"""

from django.utils.translation import gettext as _

from core.structured_data import (
    absolute_url,
    cached_related,
    compact,
    fetched,
    item_list,
    register,
    register_page,
)
from exhibitions.models import Person
from exhibitions.structured_data import (
    exhibition_data,
    person_data,
    quotation_data,
    quotations_of,
)
from exhibitors.structured_data import organization_ref, role_names


def named_list(context, name, label, request):
    rows = fetched(context.get(name))
    return item_list(rows, request, total=len(rows) if rows else None, name=label)


@register_page("expo:home")
def home_page(context, request=None):
    return [
        named_list(context, "countries", _("Countries"), request),
        named_list(context, "sectors", _("Sectors"), request),
        named_list(context, "pavilions", _("Pavilions"), request),
        named_list(context, "showcases", _("On show"), request),
    ]


@register_page("expo:sector_list")
def sector_list_page(context, request=None):
    shown = []
    for sector in fetched(context.get("object_list")) or ():
        shown.append(sector)
        shown.extend(fetched(sector.children.all()) or ())
    return [item_list(shown, request, total=len(shown))]


@register_page("expo:search")
def search_page(context, request=None):
    lists = []
    for group in context.get("found") or ():
        results = group["results"]
        lists.append(
            item_list(
                results,
                request,
                total=None if group["more"] else len(results),
                name=group["title"],
            )
        )
    return lists


@register_page("expo:exhibition_detail")
def exhibition_page(context, request=None):
    nodes = []
    for quote in fetched(context.get("quotes")) or ():
        person = cached_related(quote, "person")
        if person is not None:
            nodes.append(quotation_data(quote, person, request))
    return nodes


@register_page("expo:country_detail")
def country_page(context, request=None):
    return quotations_of(fetched(context.get("people")), request)


@register_page("programme:person_detail")
def person_page(context, request=None):
    person = context.get("person")
    return quotations_of([person], request) if person is not None else []


def session_ref(session, request=None):
    """A short reference to a session: the ``Event`` node its page carries (same ``@id``)."""
    url = absolute_url(session.get_absolute_url(), request)
    return {"@type": "Event", "@id": f"{url}#event", "name": session.title, "url": url}


@register(Person)
def person_page_data(person, request=None):
    """A person as the main entity of their page (see the module docstring).

    Organisations and sessions come from what the page prefetched (published ones only); a person
    fetched alone gets neither rather than a query for each.
    """
    organisations = fetched(person.exhibitors.all()) or ()
    appearances = fetched(person.session_roles.all()) or ()
    data = person_data(
        person,
        request,
        works_for=[
            organization_ref(organisation, request)
            for organisation in organisations
            if organisation.published and role_names(person.role, organisation)
        ],
    )
    url = absolute_url(person.get_absolute_url(), request)
    data.update(
        compact(
            {
                "mainEntityOfPage": url,
                "description": person.bio,
                "performerIn": [
                    session_ref(appearance.session, request)
                    for appearance in appearances
                    if appearance.session.published
                ],
            }
        )
    )
    return data


def exhibition_event(exhibition, organisers, request=None):
    """An edition's ``ExhibitionEvent`` for its own page, with the organisations of ``organisers``
    (its "organiser" participations, fetched by the view with their organisation) as
    ``organizer``. Other pages name the edition without them, as its own builder does."""
    return exhibition_data(
        exhibition,
        request,
        organizers=[organization_ref(p.organisation, request) for p in organisers],
    )
