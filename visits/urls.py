from django.urls import path, register_converter

from visits import views
from visits.models import TOKEN_PATTERN


class TokenConverter:
    regex = TOKEN_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "visit_token")

app_name = "visits"

urlpatterns = [
    path("my-visit/", views.MyVisitView.as_view(), name="my_visit"),
    path("my-visit/save/", views.SaveView.as_view(), name="save"),
    path("my-visit/remove/", views.RemoveView.as_view(), name="remove"),
    path("my-visit/state.json", views.state, name="state"),
    path("my-visit/<visit_token:token>/", views.SharedVisitView.as_view(), name="shared"),
    path("my-visit/<visit_token:token>.ics", views.calendar_file, name="calendar"),
    path("my-visit/<visit_token:token>/print/", views.PrintView.as_view(), name="print"),
    path("my-visit/<visit_token:token>/copy/", views.CopyView.as_view(), name="copy"),
]
