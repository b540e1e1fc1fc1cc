"""People pages (placeholder until written)."""

from programme.views import ProgrammeView


class PersonListView(ProgrammeView):
    pass


class PersonDetailView(ProgrammeView):
    pass
