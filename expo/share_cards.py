"""The named share cards (see :mod:`core.share_cards`): the home page and the pages that list or
search across apps. Each names the current edition in its footer, as the home page presents it.
``/share-cards/site.png``, for any other page (error pages included), is core's own. Like the
records' cards they are built under the card's language: the fixed texts and counts go through
gettext when the card is built."""

from dataclasses import replace

from django.db.models import Q
from django.utils.translation import gettext, ngettext, pgettext

from core.share_cards import Card, joined, register_page, site_name
from exhibitions.models import Country, Exhibition, Sector
from exhibitions.share_cards import current_exhibition_footer, edition_label, exhibition_card
from exhibitors.models import Exhibitor, Showcase
from pavilions.models import Pavilion


@register_page("home", view_names=("expo:home",))
def home_card():
    exhibition = Exhibition.objects.select_related("country").current()
    if exhibition is None:
        return directory_card(gettext("Pavilions, exhibitors and product showcases"))
    card = exhibition_card(exhibition)
    return replace(card, kind=joined(site_name(), edition_label(exhibition)))


def directory_card(title, detail=""):
    return Card(
        title=title,
        kind=pgettext("share card: the kind of a list or search page", "Directory"),
        detail=detail,
        **current_exhibition_footer(),
    )


@register_page("exhibitors", view_names=("exhibitors:exhibitor_list",))
def exhibitors_card():
    exhibitors = Exhibitor.objects.published().count()
    countries = Country.objects.filter(exhibitors__published=True).distinct().count()
    detail = joined(
        ngettext("%(counter)s exhibitor", "%(counter)s exhibitors", exhibitors)
        % {"counter": exhibitors},
        ngettext("%(counter)s country", "%(counter)s countries", countries)
        % {"counter": countries},
    )
    return directory_card(gettext("Exhibitors"), detail)


@register_page("showcases", view_names=("exhibitors:showcase_list",))
def showcases_card():
    showcases = Showcase.objects.published()
    count = showcases.count()
    premieres = showcases.filter(premiere=True).count()
    detail = joined(
        ngettext(
            "%(counter)s product, technology or innovation",
            "%(counter)s products, technologies and innovations",
            count,
        )
        % {"counter": count},
        ngettext("%(counter)s premiere", "%(counter)s premieres", premieres)
        % {"counter": premieres},
    )
    return directory_card(gettext("Showcases"), detail)


@register_page("pavilions", view_names=("pavilions:pavilion_list",))
def pavilions_card():
    count = Pavilion.objects.published().count()
    detail = ngettext(
        "%(counter)s national or themed pavilion", "%(counter)s national or themed pavilions", count
    ) % {"counter": count}
    return directory_card(gettext("Pavilions"), detail)


@register_page("countries", view_names=("expo:country_list",))
def countries_card():
    published = Q(exhibitors__published=True) | Q(pavilions__published=True)
    count = Country.objects.filter(published).distinct().count()
    detail = ngettext(
        "Exhibitors and pavilions from %(counter)s country",
        "Exhibitors and pavilions from %(counter)s countries",
        count,
    ) % {"counter": count}
    return directory_card(gettext("Countries"), detail)


@register_page("sectors", view_names=("expo:sector_list",))
def sectors_card():
    count = Sector.objects.top_level().count()
    detail = ngettext(
        "%(counter)s sector and its sub-sectors", "%(counter)s sectors and their sub-sectors", count
    ) % {"counter": count}
    return directory_card(gettext("Technology sectors"), detail)


@register_page("search", view_names=("expo:search",))
def search_card():
    return directory_card(
        gettext("Search"), gettext("One box across exhibitors, showcases, pavilions and people")
    )
