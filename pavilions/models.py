"""Pavilions: national or themed areas of one exhibition, with their ordered sections."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.content import ContentQuerySet, SlugQuerySet
from core.geometry import check_placement, placed
from core.images import RenditionImageField
from core.models import SlugNaturalKeyMixin, long_text, original_language_field
from core.registry import content_model
from core.search import SearchableQuerySet
from exhibitions.models import (
    SOURCE_NOTES_HELP_TEXT,
    Country,
    Exhibition,
    Person,
    Source,
    country_code,
)


class PavilionQuerySet(SearchableQuerySet, SlugQuerySet):
    search_fields = ["name", "summary", "description"]

    def published(self):
        return self.filter(published=True)

    def in_country(self, code):
        return self.filter(country__code=country_code(code))


def metres(verbose_name, *, minimum=0, null=True, help_text=""):
    """A length on a hall's floor in metres, to the centimetre (at most 5 km)."""
    return models.DecimalField(
        verbose_name,
        max_digits=7,
        decimal_places=2,
        null=null,
        blank=null,
        validators=[MinValueValidator(minimum), MaxValueValidator(5000)],
        help_text=help_text,
    )


class HallQuerySet(SlugQuerySet):
    def published(self):
        return self.filter(published=True)


@content_model
class Hall(SlugNaturalKeyMixin, models.Model):
    """A hall of one exhibition, as its floor plan draws it: a rectangle of ``width`` by ``depth``
    metres seen from above, with north up unless ``north`` says otherwise."""

    class Side(models.TextChoices):
        NORTH = "north", _("North")
        EAST = "east", _("East")
        SOUTH = "south", _("South")
        WEST = "west", _("West")

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="halls")
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(
        max_length=200, help_text="As the signs in the venue say, e.g. Hall N3."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the plan page.")
    width = metres("width (m)", minimum=1, null=False, help_text="From west to east, in metres.")
    depth = metres("depth (m)", minimum=1, null=False, help_text="From north to south, in metres.")
    entrance = models.CharField(
        max_length=10,
        choices=Side,
        blank=True,
        help_text="The side of the main entrance, if known.",
    )
    north = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(359)],
        help_text="Where north points, in degrees clockwise from the top of the plan; empty if not known.",
    )
    sources = models.ManyToManyField(
        Source, blank=True, related_name="halls", help_text="The plan this layout comes from."
    )
    published = models.BooleanField(default=True)

    objects = HallQuerySet.as_manager()

    class Meta:
        ordering = ["exhibition", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "name"], name="hall_unique_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        url = reverse("exhibitors:floor_plan", args=[self.exhibition.slug])
        return f"{url}#hall-{self.slug}"


@content_model
class Pavilion(SlugNaturalKeyMixin, models.Model):
    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="pavilions")
    slug = models.SlugField(max_length=120, unique=True)
    original_language = original_language_field()
    name = models.CharField(max_length=200)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pavilions",
        help_text="Leave empty for a themed pavilion.",
    )
    organiser = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=200, blank=True, help_text="Hall or zone.")
    summary = models.CharField(max_length=300, blank=True)
    description = long_text(blank=True)
    image = RenditionImageField(
        upload_to="pavilions/", blank=True, width_field="image_width", height_field="image_height"
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(max_length=300, blank=True, help_text="Describe the image.")
    people = models.ManyToManyField(Person, blank=True, related_name="pavilions")
    sources = models.ManyToManyField(Source, blank=True, related_name="pavilions")
    source_notes = long_text(
        blank=True, verbose_name="notes on sources", help_text=SOURCE_NOTES_HELP_TEXT
    )
    hall = models.ForeignKey(
        Hall,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pavilions",
        help_text="The hall of its area on the floor plan, if published.",
    )
    area_x = metres("area x (m)", help_text="From the hall's west wall to the area's left edge.")
    area_y = metres("area y (m)", help_text="From the hall's north wall to the area's top edge.")
    area_width = metres("area width (m)", minimum=0.5)
    area_depth = metres("area depth (m)", minimum=0.5)
    published = models.BooleanField(default=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PavilionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["published", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("pavilions:pavilion_detail", args=[self.slug])

    @property
    def area(self):
        """``(x, y, width, depth)`` of its area in its hall, or None."""
        return placed(self.hall_id, (self.area_x, self.area_y, self.area_width, self.area_depth))

    def clean(self):
        rect = (self.area_x, self.area_y, self.area_width, self.area_depth)
        hall = self.hall if self.hall_id else None
        check_placement(
            rect,
            hall,
            self.exhibition_id,
            thing="pavilion",
            names=("area_x", "area_y", "area_width", "area_depth"),
        )
        if hall is not None:
            x, y, width, depth = rect
            clash = (
                Pavilion.objects.filter(hall=hall, area_x__isnull=False)
                .exclude(pk=self.pk)
                .annotate(right=F("area_x") + F("area_width"), bottom=F("area_y") + F("area_depth"))
                .filter(area_x__lt=x + width, right__gt=x, area_y__lt=y + depth, bottom__gt=y)
                .first()
            )
            if clash is not None:
                raise ValidationError(
                    {"area_x": f"The area overlaps the area of {clash} in {hall}."}
                )


class SectionManager(models.Manager.from_queryset(ContentQuerySet)):
    def get_by_natural_key(self, pavilion_slug, position):
        return self.get(pavilion__slug=pavilion_slug, position=position)


@content_model
class Section(models.Model):
    """One part of a pavilion, e.g. the Great Stone park stand inside the Belarusian pavilion."""

    pavilion = models.ForeignKey(Pavilion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    text = long_text(blank=True)

    objects = SectionManager()

    class Meta:
        ordering = ["pavilion", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pavilion", "position"], name="section_unique_position")
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.pavilion.natural_key(), self.position)

    natural_key.dependencies = ["pavilions.pavilion"]

    def clean(self):
        if not self.title.strip():
            raise ValidationError({"title": "A section needs a title."})
