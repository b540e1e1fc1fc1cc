"""Exhibitors, their stands at exhibitions, and the showcases they presented."""

import zlib

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.content import ContentQuerySet, SlugQuerySet
from core.geometry import check_placement, placed
from core.images import CONTAIN, RenditionImageField
from core.models import SlugNaturalKeyMixin, long_text, original_language_field
from core.registry import content_model
from core.search import SearchableQuerySet
from exhibitions.models import (
    SOURCE_NOTES_HELP_TEXT,
    Country,
    Exhibition,
    Person,
    Sector,
    Source,
    country_code,
)
from pavilions.models import Hall, Pavilion, metres

MONOGRAM_COLOURS = 8


def monogram(name):
    """Up to two initials for a name, for a card without a logo."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def _exhibitors_in_country(code):
    """Primary keys of the exhibitors from the country with this ISO code, as a subquery."""
    links = Exhibitor.countries.through.objects.filter(country__code=country_code(code))
    return links.values("exhibitor_id")


class DirectoryQuerySet(SearchableQuerySet, SlugQuerySet):
    """A directory list's rows. Its filters are conditions on a single row (``where_<filter>``),
    without joins, so the facets can also test them as columns, row by row (exhibitors.facets);
    the list filters by them too, except by country (``in_country``)."""

    def where_sector(self, slug):
        """In the sector with this slug or in one of its sub-sectors: an ``EXISTS`` on the row's
        own links, so a few rows (a search's candidates) are tested through the links' index
        rather than against every link of a large sector."""
        field = self.model.sectors.field
        links = field.remote_field.through.objects.filter(
            sector__in=Sector.objects.family(slug), **{field.m2m_field_name(): OuterRef("pk")}
        )
        return Exists(links)

    def in_sector(self, slug):
        return self.filter(self.where_sector(slug))


class ExhibitorQuerySet(DirectoryQuerySet):
    search_fields = ["name", "local_name", "summary", "description"]

    def published(self):
        return self.filter(published=True)

    @staticmethod
    def where_country(code):
        return Q(pk__in=_exhibitors_in_country(code))

    @staticmethod
    def where_pavilion(slug):
        return Q(pk__in=Stand.objects.filter(pavilion__slug=slug).values("exhibitor_id"))

    @staticmethod
    def where_exhibition(slug):
        return Q(pk__in=Stand.objects.filter(exhibition__slug=slug).values("exhibitor_id"))

    def in_country(self, code):
        # The same test as where_country() as a join, which the planner estimates better.
        return self.filter(countries__code=country_code(code))

    def for_cards(self):
        """What an exhibitor card shows: countries and sectors, fetched in two extra queries."""
        return self.prefetch_related("countries", "sectors")


@content_model
class Exhibitor(SlugNaturalKeyMixin, models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        JOINT_VENTURE = "joint_venture", _("Joint venture")
        INDUSTRIAL_PARK = "industrial_park", _("Industrial park")
        PUBLIC_BODY = "public_body", _("Public body")
        RESEARCH_BODY = "research_body", _("Research body")
        ASSOCIATION = "association", _("Association")

    slug = models.SlugField(max_length=120, unique=True)
    original_language = original_language_field()
    name = models.CharField(max_length=200)
    local_name = models.CharField(max_length=200, blank=True, help_text="Name in another script.")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.COMPANY)
    countries = models.ManyToManyField(Country, related_name="exhibitors")
    sectors = models.ManyToManyField(Sector, blank=True, related_name="exhibitors")
    partners = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=True,
        help_text="Related exhibitors, e.g. a joint venture's parent companies. Linked both ways.",
    )
    summary = models.CharField(max_length=300, blank=True)
    description = long_text(blank=True)
    website = models.URLField(blank=True)
    logo = RenditionImageField(
        upload_to="logos/",
        blank=True,
        card_fit=CONTAIN,
        width_field="logo_width",
        height_field="logo_height",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    founded = models.PositiveSmallIntegerField(null=True, blank=True)
    headquarters = models.CharField(max_length=200, blank=True, help_text="City.")
    headquarters_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The country its seat or site is in (a joint venture belongs to two countries "
        "but stands in one). Leave empty when no source gives it.",
    )
    people = models.ManyToManyField(Person, blank=True, related_name="exhibitors")
    sources = models.ManyToManyField(Source, blank=True, related_name="exhibitors")
    source_notes = long_text(
        blank=True, verbose_name="notes on sources", help_text=SOURCE_NOTES_HELP_TEXT
    )
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ExhibitorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # The directory: published rows by name (default sort) or newest first, per kind.
            models.Index(fields=["published", "name"]),
            models.Index(fields=["published", "-created_at"]),
            models.Index(fields=["kind", "published"]),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.founded is not None and not 1000 <= self.founded <= 2100:
            raise ValidationError({"founded": "Give the year founded as four digits."})

    def get_absolute_url(self):
        return reverse("exhibitors:exhibitor_detail", args=[self.slug])

    @property
    def monogram(self):
        return monogram(self.name)

    @property
    def monogram_colour(self):
        return zlib.crc32(self.name.encode()) % MONOGRAM_COLOURS


class StandQuerySet(ContentQuerySet):
    def positioned(self):
        """Stands drawn on a floor plan: in a hall, with a code and a rectangle."""
        return self.filter(hall__isnull=False, x__isnull=False).exclude(booth="")

    def overlapping(self, hall, rect):
        """Stands in ``hall`` whose rectangle shares an area with ``rect`` (x, y, width, depth)."""
        x, y, width, depth = rect
        return (
            self.filter(hall=hall, x__isnull=False)
            .annotate(right=F("x") + F("width"), bottom=F("y") + F("depth"))
            .filter(x__lt=x + width, right__gt=x, y__lt=y + depth, bottom__gt=y)
        )


class StandManager(models.Manager.from_queryset(StandQuerySet)):
    def get_by_natural_key(self, exhibitor_slug, exhibition_slug):
        return self.get(exhibitor__slug=exhibitor_slug, exhibition__slug=exhibition_slug)


@content_model
class Stand(models.Model):
    """An exhibitor's place on the floor of one exhibition: a stand (optionally in a pavilion and
    at a booth) or a part of a pavilion given to it. The directory of an edition lists these; other
    ways of taking part (a session, a launch, organising) are ``programme.Participation``."""

    class Kind(models.TextChoices):
        STAND = "stand", pgettext_lazy("exhibition stand", "Stand")
        PAVILION_PART = "pavilion_part", _("Part of a pavilion")

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="stands")
    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="stands")
    pavilion = models.ForeignKey(
        Pavilion, null=True, blank=True, on_delete=models.SET_NULL, related_name="stands"
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.STAND)
    booth = models.CharField(
        "stand code",
        max_length=50,
        blank=True,
        help_text="As the venue numbers it, e.g. N3-12; unique in the exhibition.",
    )
    hall = models.ForeignKey(
        Hall,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stands",
        help_text="The hall it stands in, if its position is published.",
    )
    x = metres("x (m)", help_text="From the hall's west wall to the stand's left edge.")
    y = metres("y (m)", help_text="From the hall's north wall to the stand's top edge.")
    width = metres("width (m)", minimum=0.5)
    depth = metres("depth (m)", minimum=0.5)
    sources = models.ManyToManyField(
        Source, blank=True, related_name="stands", help_text="The sources that place it there."
    )

    objects = StandManager()

    class Meta:
        ordering = ["exhibition", "exhibitor"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "exhibition"], name="stand_one_per_exhibitor_and_exhibition"
            ),
            models.UniqueConstraint(
                fields=["exhibition", "booth"],
                condition=~Q(booth=""),
                name="stand_unique_code_per_exhibition",
                violation_error_message="Another stand of this exhibition has this stand code.",
            ),
        ]
        indexes = [models.Index(fields=["hall", "booth"])]

    def __str__(self):
        where = f", {self.pavilion}" if self.pavilion_id else ""
        return f"{self.exhibitor} at {self.exhibition}{where}"

    def natural_key(self):
        return (self.exhibitor.slug, self.exhibition.slug)

    natural_key.dependencies = ["exhibitors.exhibitor", "exhibitions.exhibition"]

    def clean(self):
        if (
            self.pavilion_id
            and self.exhibition_id
            and self.pavilion.exhibition_id != self.exhibition_id
        ):
            raise ValidationError(
                {"pavilion": "The pavilion belongs to another exhibition than the stand."}
            )
        if self.kind == self.Kind.PAVILION_PART and not self.pavilion_id:
            raise ValidationError({"pavilion": "Name the pavilion this is a part of."})
        self.clean_position()

    @property
    def rect(self):
        """``(x, y, width, depth)`` in its hall, or None when it is not drawn on a plan."""
        return placed(self.hall_id, (self.x, self.y, self.width, self.depth))

    def clean_position(self):
        """A position is a hall, a stand code and a rectangle inside the hall that overlaps no
        other stand there; or nothing at all."""
        rect = (self.x, self.y, self.width, self.depth)
        hall = self.hall if self.hall_id else None
        check_placement(
            rect, hall, self.exhibition_id, thing="stand", names=("x", "y", "width", "depth")
        )
        if hall is None:
            return
        if not self.booth.strip():
            raise ValidationError({"booth": "A stand on the floor plan needs its stand code."})
        clash = (
            Stand.objects.overlapping(hall, rect)
            .exclude(pk=self.pk)
            .select_related("exhibitor")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {"x": f"The stand overlaps stand {clash.booth} ({clash.exhibitor}) in {hall}."}
            )


class ShowcaseQuerySet(DirectoryQuerySet):
    search_fields = ["name", "summary", "description"]

    def published(self):
        return self.filter(published=True).filter(
            Q(exhibitor__isnull=True) | Q(exhibitor__published=True)
        )

    @staticmethod
    def where_country(code):
        """Made by an exhibitor from this country."""
        return Q(exhibitor__in=_exhibitors_in_country(code))

    @staticmethod
    def where_exhibition(slug):
        return Q(exhibition__in=Exhibition.objects.filter(slug=slug).values("pk"))

    @staticmethod
    def where_exhibitor(slug):
        return Q(exhibitor__in=Exhibitor.objects.filter(slug=slug).values("pk"))

    def in_country(self, code):
        # The same test as where_country() as a join, which the planner estimates better.
        return self.filter(exhibitor__countries__code=country_code(code))

    def for_cards(self):
        """What a showcase card shows: exhibition, maker and sectors."""
        return self.select_related("exhibition", "exhibitor").prefetch_related("sectors")


@content_model
class Showcase(SlugNaturalKeyMixin, models.Model):
    """Something shown at an exhibition: a product, technology, application or innovation."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("Product")
        TECHNOLOGY = "technology", _("Technology")
        APPLICATION = "application", pgettext_lazy("use of a technology", "Application")
        INNOVATION = "innovation", _("Innovation")

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="showcases")
    exhibitor = models.ForeignKey(
        Exhibitor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="showcases",
        help_text="Leave empty when the source does not name the maker.",
    )
    slug = models.SlugField(max_length=120, unique=True)
    original_language = original_language_field()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PRODUCT)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="showcases")
    summary = models.CharField(max_length=300, blank=True)
    description = long_text(blank=True)
    image = RenditionImageField(
        upload_to="showcases/", blank=True, width_field="image_width", height_field="image_height"
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(max_length=300, blank=True, help_text="Describe the image.")
    premiere = models.BooleanField(default=False, help_text="First shown at this exhibition.")
    sources = models.ManyToManyField(Source, blank=True, related_name="showcases")
    source_notes = long_text(
        blank=True, verbose_name="notes on sources", help_text=SOURCE_NOTES_HELP_TEXT
    )
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ShowcaseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["published", "name"]),
            models.Index(fields=["published", "-created_at"]),
            models.Index(fields=["kind", "published"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exhibitors:showcase_detail", args=[self.slug])

    @property
    def monogram(self):
        return monogram(self.name)

    @property
    def monogram_colour(self):
        return zlib.crc32(self.name.encode()) % MONOGRAM_COLOURS
