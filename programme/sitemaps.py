"""Programme pages for sitemap.xml (see :mod:`expo.sitemaps`): the programmes, the published
sessions, and the people pages.

A programme is listed for each exhibition with a published session (``/programme/``, the current
one's, always); a person is listed when the directory names them with an exhibition, a session or
a quote, the records their page shows.
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from core.sitemaps import NamedPagesSitemap, PublicSitemap
from exhibitions.models import Exhibition, Person, Quote
from programme.models import Session, SessionPerson


class ProgrammeSitemap(PublicSitemap):
    def items(self):
        sessions = Session.objects.published().filter(exhibition=OuterRef("pk"))
        return Exhibition.objects.filter(Exists(sessions)).order_by("-year", "slug")

    def location(self, item):
        return reverse("programme:exhibition_programme", args=[item.slug])


class SessionSitemap(PublicSitemap):
    def items(self):
        return Session.objects.published().order_by("slug")


class PersonSitemap(PublicSitemap):
    def items(self):
        named = OuterRef("pk")
        return Person.objects.filter(
            Q(Exists(Person.exhibitions.through.objects.filter(person=named)))
            | Q(Exists(SessionPerson.objects.filter(person=named)))
            | Q(Exists(Quote.objects.filter(person=named)))
        ).order_by("slug")

    def location(self, item):
        return reverse("programme:person_detail", args=[item.slug])


sitemaps = {
    "programme-pages": NamedPagesSitemap("programme:current_programme", "programme:person_list"),
    "programmes": ProgrammeSitemap(),
    "sessions": SessionSitemap(),
    "people": PersonSitemap(),
}
