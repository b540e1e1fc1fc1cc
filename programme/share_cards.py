"""What the share card of a session shows (see :mod:`core.share_cards`): its kind, its day and
time as published (the day in the card's language), and its exhibition."""

from django.utils.translation import pgettext

from core.share_cards import Card, joined, register
from exhibitions.share_cards import exhibition_when
from programme.filters import day_label
from programme.models import Session


def _session(slug):
    return Session.objects.published().select_related("exhibition").filter(slug=slug).first()


@register(Session, "session", lookup=_session)
def session_card(session):
    return Card(
        title=session.title,
        kind=joined(
            pgettext("the sessions of an exhibition", "Programme"), session.get_kind_display()
        ),
        detail=joined(day_label(session.date), session.time_label),
        event=session.exhibition.name,
        when=exhibition_when(session.exhibition),
    )
