from django.urls import path

from programme import people, views

app_name = "programme"

urlpatterns = [
    path("programme/", views.ProgrammeView.as_view(), name="current_programme"),
    path("programme.ics", views.current_programme_calendar, name="current_programme_ics"),
    path(
        "exhibitions/<slug:slug>/programme/",
        views.ProgrammeView.as_view(),
        name="exhibition_programme",
    ),
    path(
        "exhibitions/<slug:slug>/programme.ics",
        views.programme_calendar,
        name="exhibition_programme_ics",
    ),
    path("sessions/<slug:slug>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<slug:slug>.ics", views.session_calendar, name="session_ics"),
    path("people/", people.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", people.PersonDetailView.as_view(), name="person_detail"),
]
