"""The programme of an exhibition and who took part in it, and how.

- **Session**: a forum, talk, panel, launch, ceremony or tasting of one exhibition, on a day (or on
  a day not published), optionally with start and end times in the exhibition's time zone.
- **SessionPerson**: a person named at a session, as a speaker or as a participant.
- **Participation**: how an organisation took part in an edition other than with a place on the
  floor: in a session (its leaders spoke or attended), with a launch, or as an organiser (of the
  exhibition or of a pavilion). A stand, or a part of a pavilion, is an ``exhibitors.Stand``: the
  directory lists and filters by those.

Every session and participation cites the sources that say so. A time or a day the sources do not
give stays empty, and the pages say so.
"""

import datetime
import zoneinfo

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.content import ContentQuerySet, SlugQuerySet
from core.models import SlugNaturalKeyMixin, long_text, original_language_field
from core.registry import content_model
from core.search import SearchableQuerySet
from core.sorting import by_name
from exhibitions.models import SOURCE_NOTES_HELP_TEXT, Exhibition, Person, Sector, Source
from exhibitors.models import Exhibitor, Showcase
from pavilions.models import Pavilion


class SessionQuerySet(SearchableQuerySet, SlugQuerySet):
    search_fields = ["title", "summary", "description"]

    def published(self):
        return self.filter(published=True)

    def in_order(self):
        """By day (sessions whose day is not published last), then start and end time (untimed
        first), so that sessions of the same times are next to each other, and those by title in
        the page's language (falling back to English, as the page shows them), then id."""
        return self.order_by(
            models.F("date").asc(nulls_last=True),
            models.F("starts_at").asc(nulls_first=True),
            models.F("ends_at").asc(nulls_first=True),
            by_name("title"),
            "pk",
        )

    def where_sector(self, slug):
        links = Session.sectors.through.objects.filter(
            sector__in=Sector.objects.family(slug), session=models.OuterRef("pk")
        )
        return models.Exists(links)


@content_model
class Session(SlugNaturalKeyMixin, models.Model):
    class Kind(models.TextChoices):
        FORUM = "forum", _("Forum")
        TALK = "talk", pgettext_lazy("session kind", "Talk")
        PANEL = "panel", pgettext_lazy("session kind", "Panel")
        LAUNCH = "launch", pgettext_lazy("product launch", "Launch")
        CEREMONY = "ceremony", _("Ceremony")
        TASTING = "tasting", _("Tasting")
        WORKSHOP = "workshop", _("Workshop")

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="sessions")
    slug = models.SlugField(max_length=120, unique=True)
    original_language = original_language_field()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.TALK)
    date = models.DateField(
        null=True,
        blank=True,
        help_text="The day, in the exhibition's time zone. Leave empty when no source gives it.",
    )
    starts_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Leave empty when no source gives the time. Entered in the exhibition's time zone.",
    )
    ends_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField(
        max_length=200, blank=True, help_text="Hall, room or road: where it took place."
    )
    pavilion = models.ForeignKey(
        Pavilion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text="The pavilion it took place in, if any.",
    )
    summary = models.CharField(max_length=300, blank=True)
    description = long_text(blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="sessions")
    showcases = models.ManyToManyField(Showcase, blank=True, related_name="sessions")
    sources = models.ManyToManyField(Source, blank=True, related_name="sessions")
    source_notes = long_text(
        blank=True, verbose_name="notes on sources", help_text=SOURCE_NOTES_HELP_TEXT
    )
    published = models.BooleanField(default=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "starts_at", "title"]
        indexes = [
            models.Index(fields=["exhibition", "published", "date", "starts_at"]),
            models.Index(fields=["kind", "published"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:session_detail", args=[self.slug])

    @property
    def time_zone(self):
        return zoneinfo.ZoneInfo(self.exhibition.time_zone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.time_zone) if self.starts_at else None

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.time_zone) if self.ends_at else None

    @property
    def utc_offset(self):
        """The start's offset from UTC as shown to visitors: ``UTC+08:00``."""
        start = self.local_start
        if start is None:
            return ""
        offset = start.utcoffset()
        sign = "-" if offset < datetime.timedelta(0) else "+"
        minutes = abs(int(offset.total_seconds())) // 60
        return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"

    @property
    def time_label(self):
        """The local time as the pages show it, with its offset and zone so that a visitor in
        another zone can convert it: ``09:30–11:00 (UTC+08:00, Asia/Shanghai)``; "" when no time
        is published. An end on another day than the start is shown with its date."""
        start, end = self.local_start, self.local_end
        if start is None:
            return ""
        times = f"{start:%H:%M}"
        if end is not None:
            times += f"–{end:%H:%M}" if end.date() == start.date() else f" – {end:%Y-%m-%d %H:%M}"
        return f"{times} ({self.utc_offset}, {self.exhibition.time_zone})"

    def clean(self):
        errors = {}
        exhibition = self.exhibition if self.exhibition_id else None
        if self.ends_at and not self.starts_at:
            errors["ends_at"] = "Give the start time as well as the end."
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "A session must end after it starts."
        if exhibition and self.starts_at:
            local_day = self.local_start.date()
            if self.date is None:
                self.date = local_day
            elif self.date != local_day:
                errors["date"] = (
                    f"The start time falls on {local_day:%Y-%m-%d} in {exhibition.time_zone}."
                )
        if exhibition and self.date and exhibition.starts_on and exhibition.ends_on:
            if not exhibition.starts_on <= self.date <= exhibition.ends_on:
                errors["date"] = (
                    f"The exhibition runs from {exhibition.starts_on:%Y-%m-%d} to "
                    f"{exhibition.ends_on:%Y-%m-%d}."
                )
        if exhibition and self.pavilion_id and self.pavilion.exhibition_id != self.exhibition_id:
            errors["pavilion"] = "The pavilion belongs to another exhibition than the session."
        if errors:
            raise ValidationError(errors)


class SessionPersonManager(models.Manager.from_queryset(ContentQuerySet)):
    def get_by_natural_key(self, session_slug, person_slug):
        return self.get(session__slug=session_slug, person__slug=person_slug)


@content_model
class SessionPerson(models.Model):
    """A person named at a session: a speaker, a moderator or a participant."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        MODERATOR = "moderator", _("Moderator")
        PARTICIPANT = "participant", _("Participant")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="session_roles")
    role = models.CharField(max_length=20, choices=Role, default=Role.SPEAKER)
    position = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(
        max_length=300, blank=True, help_text="What the source says, e.g. “spoke at the opening”."
    )

    objects = SessionPersonManager()

    class Meta:
        ordering = ["session", "position", "person__name"]
        verbose_name = "person at a session"
        verbose_name_plural = "people at sessions"
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="sessionperson_unique")
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display().lower()}) at {self.session}"

    def natural_key(self):
        return (self.session.slug, self.person.slug)

    natural_key.dependencies = ["programme.session", "exhibitions.person"]


class ParticipationQuerySet(SlugQuerySet):
    def published(self):
        return self.filter(organisation__published=True)

    def organisers(self):
        """Organisers only: of a pavilion (``pavilion`` set) or of the edition (``pavilion`` empty)."""
        return self.filter(kind=Participation.Kind.ORGANISER)


@content_model
class Participation(SlugNaturalKeyMixin, models.Model):
    """How an organisation took part in an edition, besides a stand: each with its sources."""

    class Kind(models.TextChoices):
        SESSION = "session", _("Took part in a session")
        LAUNCH = "launch", pgettext_lazy("product launch", "Launch")
        ORGANISER = "organiser", _("Organiser")

    slug = models.SlugField(max_length=160, unique=True)
    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Exhibitor, on_delete=models.CASCADE, related_name="participations"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="participations",
        help_text="The session or launch; required for those kinds.",
    )
    pavilion = models.ForeignKey(
        Pavilion,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="participations",
        help_text="For an organiser: the pavilion it organised (empty: the exhibition).",
    )
    role = models.CharField(
        max_length=300,
        help_text="What the source says it did, e.g. “Its leaders took part in the forum”.",
    )
    sources = models.ManyToManyField(Source, related_name="participations")
    source_notes = long_text(
        blank=True, verbose_name="notes on sources", help_text=SOURCE_NOTES_HELP_TEXT
    )

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["exhibition", "kind", "organisation__name"]
        indexes = [models.Index(fields=["exhibition", "kind"])]

    def __str__(self):
        return f"{self.organisation}: {self.get_kind_display().lower()} at {self.exhibition}"

    def clean(self):
        errors = {}
        needs_session = self.kind in (self.Kind.SESSION, self.Kind.LAUNCH)
        if needs_session and not self.session_id:
            errors["session"] = "Name the session or launch."
        if (
            self.session_id
            and self.exhibition_id
            and self.session.exhibition_id != self.exhibition_id
        ):
            errors["session"] = "The session belongs to another exhibition."
        if self.pavilion_id and self.kind != self.Kind.ORGANISER:
            errors["pavilion"] = "Only an organiser names a pavilion here; a stand is a Stand."
        if (
            self.pavilion_id
            and self.exhibition_id
            and self.pavilion.exhibition_id != self.exhibition_id
        ):
            errors["pavilion"] = "The pavilion belongs to another exhibition."
        if errors:
            raise ValidationError(errors)
