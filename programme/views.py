"""Programme pages (placeholder until written)."""

from django.http import Http404
from django.views.generic import TemplateView


class ProgrammeView(TemplateView):
    def get(self, request, *args, **kwargs):
        raise Http404


class SessionDetailView(ProgrammeView):
    pass


def current_programme_calendar(request):
    raise Http404


def programme_calendar(request, slug):
    raise Http404


def session_calendar(request, slug):
    raise Http404
