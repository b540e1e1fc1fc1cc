"""A visitor's plan of the visit: saved exhibitors, showcases and sessions, without an account.

A plan is found by a random key of 256 bits held in the visitor's cookie (``settings.VISIT_COOKIE``,
HttpOnly, SameSite=Lax). The database keeps only the key's SHA-256, so a copy of the database does
not let anyone change a plan. A second random token, ``share_token``, names the plan's read-only
copy (``/my-visit/<share_token>/``) and its calendar file: a shared link shows the plan and cannot
change it.

Nothing personal is stored: no name, address, IP address or user agent; only what was saved and
when the plan was last used (``touched_at``, which ``prune_visits`` reads).

Plans are not content (``core.registry``): saving an item does not change the content version, so
it neither empties the page cache nor shows in the data tools.
"""

import hashlib
import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone

from exhibitors.models import Exhibitor, Showcase
from programme.models import Session

# secrets.token_urlsafe(32): 32 random bytes, 43 URL-safe characters.
TOKEN_BYTES = 32
TOKEN_PATTERN = r"[A-Za-z0-9_-]{43}"


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def key_digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


class PlanQuerySet(models.QuerySet):
    def for_key(self, key):
        """The plan whose cookie key is ``key`` (a queryset of at most one)."""
        return self.filter(key_digest=key_digest(key))

    def untouched_since(self, moment):
        return self.filter(touched_at__lt=moment)


class Plan(models.Model):
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    share_token = models.CharField(max_length=43, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    touched_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["touched_at"]

    def __str__(self):
        return f"Visit plan {self.pk}"

    @classmethod
    def start(cls):
        """A new, empty plan and the key for its cookie (the key is not stored)."""
        key = new_token()
        plan = cls.objects.create(key_digest=key_digest(key), share_token=new_token())
        return plan, key


class Item(models.Model):
    """One saved exhibitor, showcase or session: exactly one of the three is set, as ``kind`` says."""

    class Kind(models.TextChoices):
        EXHIBITOR = "exhibitor", "Exhibitor"
        SHOWCASE = "showcase", "Showcase"
        SESSION = "session", "Session"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=Kind)
    exhibitor = models.ForeignKey(
        Exhibitor, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    showcase = models.ForeignKey(
        Showcase, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "exhibitor"], name="visit_item_exhibitor_once"),
            models.UniqueConstraint(fields=["plan", "showcase"], name="visit_item_showcase_once"),
            models.UniqueConstraint(fields=["plan", "session"], name="visit_item_session_once"),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="exhibitor",
                        exhibitor__isnull=False,
                        showcase__isnull=True,
                        session__isnull=True,
                    )
                    | Q(
                        kind="showcase",
                        exhibitor__isnull=True,
                        showcase__isnull=False,
                        session__isnull=True,
                    )
                    | Q(
                        kind="session",
                        exhibitor__isnull=True,
                        showcase__isnull=True,
                        session__isnull=False,
                    )
                ),
                name="visit_item_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.target}"

    @property
    def target(self):
        return getattr(self, self.kind)
