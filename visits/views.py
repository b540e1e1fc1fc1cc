"""My visit: saving exhibitors, showcases and sessions, the plan's pages, its share link and calendar.

The plan is the one whose key is in the visitor's cookie (``visits.models``). Pages:

- ``/my-visit/``: the visitor's own plan, with a remove button on each item, the share link and
  its QR code, the calendar file and the printable version.
- ``/my-visit/save/``: without JavaScript, a save button on a card, profile or session is a GET
  form that lands here: a page naming the item with the POST form (and its CSRF token) that saves
  it. Public pages are cached whole and the same for everyone, so they carry no token and no saved
  state; ``static/js/visit.js`` reads both from ``/my-visit/state.json`` (never cached) and saves
  or removes in place, with a POST that carries the token.
- ``/my-visit/remove/`` and ``/my-visit/<share>/copy/``: POST only.
- ``/my-visit/<share>/``, ``/my-visit/<share>.ics``, ``/my-visit/<share>/print/``: the read-only
  copy anyone with the link sees, the saved sessions as a calendar, one printed page per day.

Nothing under ``/my-visit/`` is put in the page cache or compressed (the pages carry CSRF tokens;
see ``core.compression``), and every answer says ``Cache-Control: private, no-store``.

Bad input: an unknown kind, a malformed slug or token, NUL bytes or an over-long value answer 400
with a message; an item or share link that does not exist, 404; a form made for another plan
(its ``plan`` field names another share token), 403. None of them changes a plan. A plan holds at
most ``settings.VISIT_MAX_ITEMS`` items: the next is refused with a message (400).
"""

import datetime
import hashlib
import re
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core.structured_data import absolute_url
from exhibitors.models import Exhibitor, Showcase
from programme import calendar
from programme.filters import day_label
from programme.models import Session
from visits.contents import contents
from visits.models import TOKEN_PATTERN, Item, Plan

SLUG_MAX_LENGTH = 200
# What a request naming a record that is not there (or not published) is told, by kind.
NOT_PUBLISHED = {
    Item.Kind.EXHIBITOR: gettext_lazy("There is no published exhibitor “%(slug)s”."),
    Item.Kind.SHOWCASE: gettext_lazy("There is no published showcase “%(slug)s”."),
    Item.Kind.SESSION: gettext_lazy("There is no published session “%(slug)s”."),
}
# A plan is used again within this long without its touched_at being written again.
TOUCH_EVERY = datetime.timedelta(days=1)


def targets(kind):
    """The published records a visitor can save, by kind."""
    return {
        Item.Kind.EXHIBITOR: Exhibitor.objects.published,
        Item.Kind.SHOWCASE: Showcase.objects.published,
        Item.Kind.SESSION: Session.objects.published,
    }[kind]()


class ItemForm(forms.Form):
    kind = forms.ChoiceField(choices=Item.Kind.choices)
    slug = forms.SlugField(max_length=SLUG_MAX_LENGTH)
    # The share token of the plan the form was made for (the My visit page's forms name it).
    plan = forms.RegexField(regex=rf"^{TOKEN_PATTERN}\Z", required=False)
    next = forms.CharField(max_length=2000, required=False)


class Problem(Exception):
    """A request that changes nothing: its status and a message for the visitor."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


def wants_json(request):
    return request.headers.get("Accept", "").startswith("application/json")


def problem_response(request, problem):
    if wants_json(request):
        return JsonResponse({"error": problem.message}, status=problem.status)
    return render(
        request, "visits/problem.html", {"message": problem.message}, status=problem.status
    )


def cookie_key(request):
    """The key in the visitor's cookie, if it has the form of one."""
    key = request.COOKIES.get(settings.VISIT_COOKIE, "")
    return key if re.fullmatch(TOKEN_PATTERN, key) else None


def own_plan(request, *, lock=False):
    key = cookie_key(request)
    if key is None:
        return None
    plans = Plan.objects.for_key(key)
    return (plans.select_for_update() if lock else plans).first()


def keep_cookie(response, key):
    """(Re)set the plan's cookie for another ``VISIT_KEEP_DAYS`` days."""
    response.set_cookie(
        settings.VISIT_COOKIE,
        key,
        max_age=settings.VISIT_KEEP_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.VISIT_COOKIE_SECURE,
    )


def touch(plan):
    now = timezone.now()
    if plan.touched_at < now - TOUCH_EVERY:
        Plan.objects.filter(pk=plan.pk).update(touched_at=now)
        plan.touched_at = now
        return True
    return False


def bound_item(data):
    """``(kind, record)`` from a form's data; 400 for a malformed one, 404 for an unknown one."""
    form = ItemForm(data)
    if not form.is_valid():
        names = ", ".join(sorted(form.errors))
        # Translators: %(names)s are the names of the form's fields that are wrong ("kind, slug").
        message = _("This request does not name an item to save (%(names)s not valid).")
        raise Problem(400, message % {"names": names})
    kind, slug = form.cleaned_data["kind"], form.cleaned_data["slug"]
    record = targets(kind).filter(slug=slug).first()
    if record is None:
        raise Problem(404, str(NOT_PUBLISHED[kind]) % {"slug": slug})
    return form, kind, record


def check_form_plan(form, plan):
    """403 when the form was made for another plan than the cookie's."""
    token = form.cleaned_data.get("plan")
    if token and (plan is None or plan.share_token != token):
        raise Problem(
            403, _("This form belongs to another visit plan than this browser's: nothing changed.")
        )


def safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def item_keys(plan):
    """``kind:slug`` of every item of ``plan``, in one query."""
    if plan is None:
        return []
    rows = plan.items.values_list("kind", "exhibitor__slug", "showcase__slug", "session__slug")
    return [f"{kind}:{a or b or c}" for kind, a, b, c in rows]


@method_decorator(never_cache, name="dispatch")
class SaveView(View):
    """GET: the page that saves one item without JavaScript. POST: save it."""

    http_method_names = ["get", "post", "head"]

    def get(self, request):
        try:
            form, kind, record = bound_item(request.GET)
        except Problem as problem:
            return problem_response(request, problem)
        plan = own_plan(request)
        saved = f"{kind}:{record.slug}" in item_keys(plan)
        return render(
            request,
            "visits/save.html",
            {
                "kind": kind,
                "record": record,
                "saved": saved,
                "next": safe_next(request, form.cleaned_data["next"]),
                "plan": plan,
                "keep_days": settings.VISIT_KEEP_DAYS,
            },
        )

    def post(self, request):
        try:
            form, kind, record = bound_item(request.POST)
            with transaction.atomic():
                plan = own_plan(request, lock=True)
                check_form_plan(form, plan)
                key = None
                if plan is None:
                    plan, key = Plan.start()
                count = add(plan, kind, record)
        except Problem as problem:
            return problem_response(request, problem)
        if wants_json(request):
            response = JsonResponse(
                {"item": f"{kind}:{record.slug}", "saved": True, "count": count}
            )
        else:
            back = safe_next(request, form.cleaned_data["next"])
            target = reverse("visits:my_visit") + "?saved=1"
            if back:
                target += "&" + urlencode({"next": back})
            response = HttpResponseRedirect(target, status=303)
        if key:
            keep_cookie(response, key)
        return response


def add(plan, kind, record):
    """Save ``record`` in ``plan`` (once); the plan's item count. 400 past the limit."""
    items = plan.items.all()
    if items.filter(**{kind: record}).exists():
        return items.count()
    count = items.count()
    if count >= settings.VISIT_MAX_ITEMS:
        message = ngettext(
            "Your visit holds %(count)s item, the most it can hold (%(limit)s). Remove some to "
            "save more: nothing was added.",
            "Your visit holds %(count)s items, the most it can hold (%(limit)s). Remove some to "
            "save more: nothing was added.",
            count,
        )
        raise Problem(400, message % {"count": count, "limit": settings.VISIT_MAX_ITEMS})
    try:
        with transaction.atomic():
            Item.objects.create(plan=plan, kind=kind, **{kind: record})
    except IntegrityError:  # saved at the same moment by another request
        pass
    Plan.objects.filter(pk=plan.pk).update(touched_at=timezone.now())
    return count + 1


@method_decorator(never_cache, name="dispatch")
class RemoveView(View):
    http_method_names = ["post"]

    def post(self, request):
        try:
            form, kind, record = bound_item(request.POST)
            with transaction.atomic():
                plan = own_plan(request, lock=True)
                check_form_plan(form, plan)
                count = 0
                if plan is not None:
                    plan.items.filter(**{kind: record}).delete()
                    count = plan.items.count()
        except Problem as problem:
            return problem_response(request, problem)
        if wants_json(request):
            return JsonResponse({"item": f"{kind}:{record.slug}", "saved": False, "count": count})
        back = safe_next(request, form.cleaned_data["next"])
        return HttpResponseRedirect(back or reverse("visits:my_visit") + "?removed=1", status=303)


@never_cache
@require_safe
def state(request):
    """The visitor's saved items and a CSRF token, for the save buttons of cached pages."""
    plan = own_plan(request)
    keys = item_keys(plan)
    response = JsonResponse(
        {
            "csrfToken": get_token(request),
            "items": keys,
            "count": len(keys),
            "limit": settings.VISIT_MAX_ITEMS,
        }
    )
    if plan is not None and touch(plan):
        keep_cookie(response, cookie_key(request))
    return response


def shared_plan(token):
    plan = Plan.objects.filter(share_token=token).first()
    if plan is None:
        raise Http404("No visit plan has this link.")
    return plan


def share_url(plan, request):
    return absolute_url(reverse("visits:shared", args=[plan.share_token]), request)


def qr_svg(url):
    """The link as a QR code: an inline SVG drawn on the server (no request elsewhere)."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=4, dark="#000", light="#fff", svgclass="qr", lineclass=None)
    label = escape(_("QR code of the share link"))
    return mark_safe(  # noqa: S308 - segno writes only its own markup; the label is escaped
        svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    )


@method_decorator(never_cache, name="dispatch")
class MyVisitView(TemplateView):
    """``/my-visit/``: the visitor's own plan, editable."""

    template_name = "visits/my_visit.html"
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        self.plan = own_plan(request)
        response = super().get(request, *args, **kwargs)
        if self.plan is not None and touch(self.plan):
            keep_cookie(response, cookie_key(request))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, request = self.plan, self.request
        context.update(
            plan=plan,
            contents=contents(plan),
            editable=True,
            limit=settings.VISIT_MAX_ITEMS,
            keep_days=settings.VISIT_KEEP_DAYS,
            saved=request.GET.get("saved") == "1",
            removed=request.GET.get("removed") == "1",
            copied=request.GET.get("copied", "") if request.GET.get("copied", "").isdigit() else "",
            back=safe_next(request, request.GET.get("next", "")[:2000]),
        )
        if plan is not None:
            url = share_url(plan, request)
            context.update(share_url=url, qr=qr_svg(url))
        return context


@method_decorator(never_cache, name="dispatch")
class SharedVisitView(TemplateView):
    """``/my-visit/<token>/``: the read-only copy, with a button that copies it into one's own."""

    template_name = "visits/shared_visit.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = shared_plan(kwargs["token"])
        own = own_plan(self.request)
        context.update(
            plan=plan,
            contents=contents(plan),
            editable=False,
            own=own is not None and own.pk == plan.pk,
        )
        return context


@method_decorator(never_cache, name="dispatch")
class PrintView(TemplateView):
    """``/my-visit/<token>/print/``: one printed page per day, with its sessions and the route."""

    template_name = "visits/print.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = shared_plan(kwargs["token"])
        found = contents(plan, draw_plans=False)
        context.update(plan=plan, contents=found, pages=print_pages(found))
        return context


def print_pages(found):
    """``[(label, sessions entries, routes)]``: a page per day of the saved sessions and of the
    exhibitions on the route; the sessions whose day is not published on a page of their own."""
    days = {day.day: day for day in found.days}
    exhibition_days = set()
    for route in found.routes:
        exhibition = route.exhibition
        if exhibition and exhibition.starts_on and exhibition.ends_on:
            span = (exhibition.ends_on - exhibition.starts_on).days
            if 0 <= span <= 31:
                exhibition_days.update(
                    exhibition.starts_on + datetime.timedelta(days=n) for n in range(span + 1)
                )
    dated = sorted(exhibition_days | {day for day in days if day is not None})
    pages = []
    for day in dated:
        routes = [
            route
            for route in found.routes
            if route.exhibition is None
            or not (route.exhibition.starts_on and route.exhibition.ends_on)
            or route.exhibition.starts_on <= day <= route.exhibition.ends_on
        ]
        entry = days.get(day)
        pages.append((day_label(day), entry.entries if entry else [], routes))
    if None in days:
        pages.append((days[None].label, days[None].entries, []))
    if not pages:
        pages.append((_("Your visit"), [], found.routes))
    return pages


def calendar_file(request, token):
    """``/my-visit/<token>.ics``: the saved sessions, by the programme's rules for times."""
    plan = shared_plan(token)
    sessions = contents(plan, draw_plans=False).sessions
    uid = "visit-" + hashlib.sha256(plan.share_token.encode()).hexdigest()[:16]
    cal = calendar.calendar(sessions, request, name=_("My visit"), uid=uid)
    response = calendar.response(cal, "my-visit.ics")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@method_decorator(never_cache, name="dispatch")
class CopyView(View):
    """POST ``/my-visit/<token>/copy/``: add the shared plan's items to the visitor's own."""

    http_method_names = ["post"]

    def post(self, request, token):
        try:
            source = Plan.objects.filter(share_token=token).first()
            if source is None:
                raise Problem(404, _("No visit plan has this link."))
            with transaction.atomic():
                plan = own_plan(request, lock=True)
                key = None
                if plan is None:
                    plan, key = Plan.start()
                added = copy_items(source, plan)
        except Problem as problem:
            return problem_response(request, problem)
        response = HttpResponseRedirect(reverse("visits:my_visit") + f"?copied={added}", status=303)
        if key:
            keep_cookie(response, key)
        return response


def copy_items(source, plan):
    """Add ``source``'s items that ``plan`` lacks; all or none (400 past the limit)."""
    if source.pk == plan.pk:
        return 0
    fields = ("kind", "exhibitor_id", "showcase_id", "session_id")
    have = set(plan.items.values_list(*fields))
    new = [row for row in source.items.values_list(*fields) if row not in have]
    total = len(have) + len(new)
    if total > settings.VISIT_MAX_ITEMS:
        message = ngettext(
            "Copying would make your visit %(count)s item, more than it can hold (%(limit)s): "
            "nothing was copied.",
            "Copying would make your visit %(count)s items, more than it can hold (%(limit)s): "
            "nothing was copied.",
            total,
        )
        raise Problem(400, message % {"count": total, "limit": settings.VISIT_MAX_ITEMS})
    Item.objects.bulk_create(
        [Item(plan=plan, **dict(zip(fields, row, strict=True))) for row in new]
    )
    Plan.objects.filter(pk=plan.pk).update(touched_at=timezone.now())
    return len(new)
