"""Expo-wide records: sources, countries, sectors, exhibitions and their key figures, people and quotes."""

import zoneinfo

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import pgettext_lazy
from django_countries import countries as iso_countries

from core.content import ContentQuerySet, SlugQuerySet
from core.models import SlugNaturalKeyMixin, long_text, original_language_field
from core.registry import content_model
from core.search import SearchableQuerySet

# The help text of every content model's ``source_notes`` field.
SOURCE_NOTES_HELP_TEXT = (
    "Shown beside the sources, for visitors: what the sources do not say, and claims that only "
    "one source makes. Blank lines separate paragraphs."
)


@content_model
class Source(SlugNaturalKeyMixin, models.Model):
    """Where a fact comes from: an article, a report, an official page."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self):
        return f"{self.title} ({self.publisher})" if self.publisher else self.title


def country_code(value):
    """``value`` as a stored country code: in upper case when it is two ASCII letters (``by`` is
    ``BY``), else unchanged, so that it matches no code.

    ``str.upper()`` alone turns some other letters into ASCII ones ("ﬁ" into "FI", "ß" into "SS"),
    and so would make them name a country.
    """
    return value.upper() if len(value) == 2 and value.isascii() and value.isalpha() else value


def validate_iso_country_code(value):
    if value not in dict(iso_countries):
        raise ValidationError(
            "%(value)s is not an ISO 3166-1 alpha-2 country code.", params={"value": value}
        )


class CountryQuerySet(ContentQuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=country_code(code))


@content_model
class Country(models.Model):
    """A country by its ISO 3166-1 alpha-2 code (stored upper-case, shown lower-case in URLs)."""

    code = models.CharField(
        max_length=2,
        unique=True,
        validators=[validate_iso_country_code],
        help_text="ISO 3166-1 alpha-2 code, e.g. BY for Belarus.",
    )
    name = models.CharField(max_length=100)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    def clean(self):
        self.code = country_code(self.code or "")
        if not self.name and self.code in dict(iso_countries):
            self.name = str(dict(iso_countries)[self.code])

    def get_absolute_url(self):
        return reverse("expo:country_detail", args=[self.code.lower()])

    @property
    def flag_url(self):
        """URL of the country's 4:3 SVG flag, from the flag-icons package (``make flags``)."""
        return static(f"vendor/flag-icons/4x3/{self.code.lower()}.svg")


class SectorQuerySet(SlugQuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def family(self, slug):
        """The sector with this slug and its sub-sectors. Written as the slug or a parent id from
        a subquery, not a join to the parent: the database then estimates the family's size from
        each column's statistics, and so the rows linked to it (a join with an ``OR`` across the
        two tables was estimated at a few rows for a family of nine, and lists tested the whole
        family's links of a large sector instead of their own rows' links)."""
        return self.filter(
            models.Q(slug=slug) | models.Q(parent__in=self.model.objects.filter(slug=slug))
        )


@content_model
class Sector(SlugNaturalKeyMixin, models.Model):
    """A technology or business sector; sectors form a tree of at most two levels."""

    slug = models.SlugField(max_length=100, unique=True)
    original_language = original_language_field()
    name = models.CharField(max_length=100)
    description = long_text(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = SectorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": "A sector cannot be its own parent."})
            if self.parent.parent_id:
                raise ValidationError({"parent": "Sectors are at most two levels deep."})
            if self.pk and self.children.exists():
                raise ValidationError({"parent": "A sector with sub-sectors cannot have a parent."})

    def get_absolute_url(self):
        return reverse("expo:sector_detail", args=[self.slug])


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "%(value)s is not an IANA time zone such as Asia/Shanghai.", params={"value": value}
        )


class ExhibitionQuerySet(SlugQuerySet):
    def current(self):
        """The edition the home page presents: the latest that has started, or the latest listed."""
        return self.order_by("-starts_on").first()


@content_model
class Exhibition(SlugNaturalKeyMixin, models.Model):
    """One edition of an exhibition, e.g. the 5th Smart China Expo, 2022."""

    slug = models.SlugField(max_length=100, unique=True)
    original_language = original_language_field()
    name = models.CharField(max_length=200)
    local_name = models.CharField(
        max_length=200, blank=True, help_text="The name in the host country's language."
    )
    edition = models.PositiveSmallIntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField()
    city = models.CharField(max_length=100)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="exhibitions")
    venue = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    theme = models.CharField(max_length=300, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="The IANA time zone of the venue, e.g. Asia/Shanghai; session times are local.",
    )
    summary = models.CharField(max_length=300, blank=True)
    description = long_text(blank=True)
    website = models.URLField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="exhibitions")
    source_notes = long_text(
        blank=True, verbose_name="notes on sources", help_text=SOURCE_NOTES_HELP_TEXT
    )

    objects = ExhibitionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        indexes = [models.Index(fields=["-starts_on"])]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "An exhibition cannot end before it starts."
        if self.starts_on and self.year and self.starts_on.year != self.year:
            errors["year"] = "The year must be the year the exhibition starts."
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("expo:exhibition_detail", args=[self.slug])


class KeyFigureManager(models.Manager.from_queryset(ContentQuerySet)):
    def get_by_natural_key(self, exhibition_slug, position):
        return self.get(exhibition__slug=exhibition_slug, position=position)


@content_model
class KeyFigure(models.Model):
    """A headline number of an exhibition, e.g. "more than 50 Fortune 500 companies"."""

    class Qualifier(models.TextChoices):
        # Translators: how exact a key figure of an exhibition is ("more than 50 companies").
        EXACT = "exact", pgettext_lazy("key figure", "exactly")
        MORE_THAN = "more_than", pgettext_lazy("key figure", "more than")
        ABOUT = "about", pgettext_lazy("key figure", "about")

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="key_figures")
    position = models.PositiveSmallIntegerField(default=0)
    value = models.PositiveIntegerField()
    qualifier = models.CharField(max_length=10, choices=Qualifier, default=Qualifier.EXACT)
    label = models.CharField(max_length=200)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL)

    objects = KeyFigureManager()

    class Meta:
        ordering = ["exhibition", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "position"], name="keyfigure_unique_position"
            )
        ]

    def __str__(self):
        return f"{self.display_value} {self.label}"

    def natural_key(self):
        return (*self.exhibition.natural_key(), self.position)

    natural_key.dependencies = ["exhibitions.exhibition"]

    @property
    def display_value(self):
        if self.qualifier == self.Qualifier.MORE_THAN:
            return f"{self.value}+"
        if self.qualifier == self.Qualifier.ABOUT:
            return f"~{self.value}"
        return str(self.value)


class PersonQuerySet(SearchableQuerySet, SlugQuerySet):
    search_fields = ["name", "other_names", "role", "bio"]


@content_model
class Person(SlugNaturalKeyMixin, models.Model):
    """A notable guest, official or spokesperson named in connection with an exhibition."""

    slug = models.SlugField(max_length=100, unique=True)
    original_language = original_language_field()
    name = models.CharField(max_length=200)
    other_names = models.CharField(
        max_length=200, blank=True, help_text="Other spellings, separated by semicolons."
    )
    role = models.CharField(max_length=300, blank=True, help_text="Title and organisation.")
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    bio = long_text(blank=True)
    exhibitions = models.ManyToManyField(
        Exhibition,
        blank=True,
        related_name="people",
        help_text="Editions this person is named in connection with.",
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="people")
    source_notes = long_text(
        blank=True, verbose_name="notes on sources", help_text=SOURCE_NOTES_HELP_TEXT
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    @property
    def alternate_names(self):
        """The other spellings, one by one (``other_names`` holds them separated by semicolons)."""
        return [name.strip() for name in self.other_names.split(";") if name.strip()]

    def get_absolute_url(self):
        # The page is the programme app's (it shows sessions); the URL name is all this floor needs.
        return reverse("programme:person_detail", args=[self.slug])


@content_model
class Quote(SlugNaturalKeyMixin, models.Model):
    """Something a person said, as reported by a source."""

    slug = models.SlugField(max_length=120, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="quotes")
    text = long_text()
    said_on = models.DateField(null=True, blank=True)
    occasion = models.CharField(max_length=300, blank=True)
    exhibition = models.ForeignKey(
        Exhibition, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="quotes")

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["person__name", "slug"]

    def __str__(self):
        return f"{self.person}: {self.text[:60]}"
