"""The programme's FilterSet: ``?kind=forum&sector=robotics&day=2022-08-22`` on a programme page and
on its calendar files.

As in the directories (:mod:`exhibitors.filters`), values are compared as spelt and never looked up
one by one: a sector or a day that no session has simply matches nothing. A value that cannot be
one (a kind not in the list, a day that is neither a date written ``YYYY-MM-DD`` nor
``unpublished``, a NUL character) makes the form invalid: the page then lists nothing and says which
parameter is wrong, and a calendar file answers 400. The facet counts beside the list come from
:mod:`programme.facets`, which re-applies these same filters.
"""

import datetime
import re

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.dates import format_day
from exhibitors.filters import FacetedFilterSet
from programme.models import Session

# The ``day`` value of the sessions whose day no source gives.
DAY_NOT_PUBLISHED = "unpublished"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(value):
    """``value`` as a date if it is one written ``YYYY-MM-DD``, else ``None``.

    ``date.fromisoformat`` alone would also take ``20220822`` or ``2022-W34-1``: one day would then
    have several URLs.
    """
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:  # 2022-02-30
        return None


def validate_day(value):
    if value != DAY_NOT_PUBLISHED and parse_day(value) is None:
        raise ValidationError(
            # Translators: %(none)s is the URL value "unpublished"; keep it as it is.
            _("Give a day as YYYY-MM-DD (e.g. 2022-08-22), or “%(none)s”."),
            params={"none": DAY_NOT_PUBLISHED},
        )


def day_label(day):
    """``Monday 22 August 2022`` in English, the weekday and month in the active language;
    sessions without a day are under "Day not published"."""
    if day is None:
        return _("Day not published")
    return format_day(day)


class SessionFilterSet(FacetedFilterSet):
    # The filters shown as facets, in display order.
    facets = ("kind", "sector", "day")

    kind = django_filters.ChoiceFilter(
        choices=Session.Kind.choices,
        label=pgettext_lazy("the kind of a session: forum, talk, launch...", "Kind"),
        empty_label=gettext_lazy("Any kind"),
    )
    sector = django_filters.CharFilter(label=gettext_lazy("Sector"), method="filter_sector")
    day = django_filters.CharFilter(
        label=pgettext_lazy("the day of a session", "Day"),
        method="filter_day",
        validators=[validate_day],
    )

    class Meta:
        model = Session
        fields = ["kind", "sector", "day"]

    def filter_sector(self, queryset, name, value):
        """A parent sector covers its sub-sectors (``SessionQuerySet.where_sector``)."""
        return queryset.filter(queryset.where_sector(value))

    def filter_day(self, queryset, name, value):
        if value == DAY_NOT_PUBLISHED:
            return queryset.filter(date__isnull=True)
        return queryset.filter(date=parse_day(value))

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).in_order()
