"""The named share cards (see :mod:`core.share_cards`): the home page and the pages that list or
search across apps. Each names the current edition in its footer, as the home page presents it.
``/share-cards/site.png``, for any other page (error pages included), is core's own."""

from dataclasses import replace

from django.db.models import Q

from core.share_cards import Card, count_of, joined, register_page
from exhibitions.models import Country, Exhibition, Sector
from exhibitions.share_cards import current_exhibition_footer, exhibition_card, ordinal
from exhibitors.models import Exhibitor, Showcase
from pavilions.models import Pavilion


@register_page("home", view_names=("expo:home",))
def home_card():
    exhibition = Exhibition.objects.select_related("country").current()
    if exhibition is None:
        return directory_card("Pavilions, exhibitors and product showcases")
    card = exhibition_card(exhibition)
    edition = f"{ordinal(exhibition.edition)} edition" if exhibition.edition else ""
    return replace(card, kind=joined("Expo Directory", edition))


def directory_card(title, detail=""):
    return Card(title=title, kind="Directory", detail=detail, **current_exhibition_footer())


@register_page("exhibitors", view_names=("exhibitors:exhibitor_list",))
def exhibitors_card():
    exhibitors = Exhibitor.objects.published()
    countries = Country.objects.filter(exhibitors__published=True).distinct().count()
    detail = joined(
        count_of(exhibitors.count(), "exhibitor"), count_of(countries, "country", "countries")
    )
    return directory_card("Exhibitors", detail)


@register_page("showcases", view_names=("exhibitors:showcase_list",))
def showcases_card():
    showcases = Showcase.objects.published()
    premieres = showcases.filter(premiere=True).count()
    detail = joined(
        count_of(
            showcases.count(),
            "product, technology or innovation",
            "products, technologies and innovations",
        ),
        count_of(premieres, "premiere"),
    )
    return directory_card("Showcases", detail)


@register_page("pavilions", view_names=("pavilions:pavilion_list",))
def pavilions_card():
    count = Pavilion.objects.published().count()
    return directory_card("Pavilions", f"{count_of(count, 'national or themed pavilion')}")


@register_page("countries", view_names=("expo:country_list",))
def countries_card():
    published = Q(exhibitors__published=True) | Q(pavilions__published=True)
    count = Country.objects.filter(published).distinct().count()
    return directory_card(
        "Countries", f"Exhibitors and pavilions from {count_of(count, 'country', 'countries')}"
    )


@register_page("sectors", view_names=("expo:sector_list",))
def sectors_card():
    count = Sector.objects.top_level().count()
    return directory_card(
        "Technology sectors", count_of(count, "sector") + " and their sub-sectors"
    )


@register_page("search", view_names=("expo:search",))
def search_card():
    return directory_card("Search", "One box across exhibitors, showcases, pavilions and people")
