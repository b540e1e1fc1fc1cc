"""Pavilions: national or themed areas of one exhibition, with their ordered sections."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.content import ContentQuerySet, SlugQuerySet
from core.images import RenditionImageField
from core.models import SlugNaturalKeyMixin, long_text
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


@content_model
class Pavilion(SlugNaturalKeyMixin, models.Model):
    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="pavilions")
    slug = models.SlugField(max_length=120, unique=True)
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
