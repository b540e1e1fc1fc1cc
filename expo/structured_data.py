"""Page-level JSON-LD of the pages that span apps (see :func:`core.structured_data.for_page`).

- Home: its lists (countries, sectors, the current edition's pavilions and featured showcases) as
  named ``ItemList``s.
- Sector list: one ``ItemList`` of the sectors in the order shown, each top-level sector followed by
  its sub-sectors.
- Search: one ``ItemList`` per group of results; people have no page yet, so their entries carry a
  ``Person`` node as ``item`` instead of a ``url``. A group cut at the search's limit has no
  ``numberOfItems``: its total is not known.
- Exhibition and country pages: the quotations they show.

The country list is a plain list page and gets its ``ItemList`` from the default rule. Everything here
reads rows the page has already fetched; nothing runs a query.
"""

from core.structured_data import cached_related, fetched, item_list, register_page
from exhibitions.structured_data import person_data, quotation_data, quotations_of


def named_list(context, name, label, request):
    rows = fetched(context.get(name))
    return item_list(rows, request, total=len(rows) if rows else None, name=label)


@register_page("expo:home")
def home_page(context, request=None):
    return [
        named_list(context, "countries", "Countries", request),
        named_list(context, "sectors", "Sectors", request),
        named_list(context, "pavilions", "Pavilions", request),
        named_list(context, "showcases", "On show", request),
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
                item=lambda person: person_data(person, request),
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
