"""A large programme is shown one day at a time (programme.views.ONE_DAY_ABOVE), and every
session's entry is the markup the template wrote, built in Python (programme.views.SessionItems)."""

import datetime
import re
import zoneinfo

import pytest
from django.core.cache import cache
from django.db.models import Prefetch
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from exhibitions.models import Person
from programme import views
from programme.models import Session
from tests import factories
from tests.querycount import queries_per_page

from .conftest import local

pytestmark = pytest.mark.django_db

MONDAY, TUESDAY = datetime.date(2022, 8, 22), datetime.date(2022, 8, 23)

# The loop session_list.html ran over a slot's sessions before programme.views.SessionItems: the
# reference the Python entries must match, run here on sessions fetched as the page fetched them.
TEMPLATE_ITEMS = """{% load i18n text_tags %}{% for session in sessions %}<li>
          <a class="result-list__name" href="{{ session.get_absolute_url }}"{{ session.title|lang_attr }}>{{ session.title }}</a>
          <span class="muted">{{ session.get_kind_display }}{% if session.place %} · <span{{ session.place|lang_attr }}>{{ session.place }}</span>{% elif session.pavilion.published %} · {{ session.pavilion.name }}{% endif %}</span>
          {% if session.summary %}<p>{{ session.summary }}</p>{% endif %}
          {% with people=session.people.all %}{% if people %}<p class="muted">{% translate "With" context "followed by a list of names" %} {% for named in people %}<a href="{% url 'programme:person_detail' named.person.slug %}"{{ named.person.name|lang_attr }}>{{ named.person.name }}</a> ({{ named.get_role_display|lower }}){% if not forloop.last %}, {% endif %}{% endfor %}</p>{% endif %}{% endwith %}
          {% include "visits/includes/save_button.html" with kind="session" slug=session.slug name=session.title %}
        </li>{% endfor %}"""  # noqa: E501


@pytest.fixture
def small_threshold(monkeypatch):
    """Three sessions fit on one page; more are shown a day at a time."""
    monkeypatch.setattr(views, "ONE_DAY_ABOVE", 3)


@pytest.fixture
def week(db):
    """The current exhibition with 3 sessions on Monday, 2 talks on Tuesday and 1 undated."""
    expo = factories.exhibition(slug="busy-expo", name="Busy Expo", time_zone="Asia/Shanghai")
    for hour in (9, 11, 14):
        factories.session(
            expo, slug=f"mon-{hour}", title=f"Monday at {hour}", kind="forum", date=MONDAY,
            starts_at=local(hour),
        )  # fmt: skip
    for hour in (10, 15):
        factories.session(
            expo, slug=f"tue-{hour}", title=f"Tuesday at {hour}", kind="talk", date=TUESDAY,
            starts_at=local(hour, day=23),
        )  # fmt: skip
    factories.session(expo, slug="undated", title="Undated forum", kind="forum")
    return expo


def listed(response):
    return re.findall(
        r'class="result-list__name" href="/sessions/([^/]+)/"', response.content.decode()
    )


def notice(response):
    text = response.content.decode()
    found = re.search(r'<div class="notice day-notice">\s*<p>(.*?)</p>', text, re.S)
    return found.group(1) if found else None


def day_links(response):
    text = response.content.decode()
    nav = re.search(r'<nav aria-label="Days">(.*?)</nav>', text, re.S).group(1)
    return re.findall(r"<li>(.*?)</li>", nav)


def test_programme_above_the_threshold_shows_its_first_day_and_says_so(
    client, week, small_threshold
):
    response = client.get("/programme/")
    assert response.status_code == 200
    assert listed(response) == ["mon-9", "mon-11", "mon-14"]
    assert notice(response) == (
        "The programme has 6 sessions, so it is shown one day at a time. "
        "Showing Monday 22 August 2022; the other days hold 3 sessions."
    )
    assert day_links(response) == [
        '<span class="chip" aria-current="page"><strong>Monday 22 August 2022</strong>'
        ' <span class="count">3</span></span>',
        '<a class="chip" href="?day=2022-08-23">Tuesday 23 August 2022'
        ' <span class="count">2</span></a>',
        '<a class="chip" href="?day=unpublished">Day not published <span class="count">1</span></a>',
    ]
    text = response.content.decode()
    # The heading and the calendar link are the whole programme's.
    assert '<h2 id="results-heading" class="result-count">6 sessions</h2>' in text
    assert 'href="/programme.ics"' in text
    assert response.context["chips"] == []


def test_programme_at_or_below_the_threshold_is_one_page(client, week, monkeypatch):
    monkeypatch.setattr(views, "ONE_DAY_ABOVE", 6)
    response = client.get("/programme/")
    assert listed(response) == ["mon-9", "mon-11", "mon-14", "tue-10", "tue-15", "undated"]
    assert notice(response) is None
    assert 'aria-label="Days"' not in response.content.decode()


def test_the_threshold_counts_the_sessions_the_other_filters_leave(client, week, small_threshold):
    assert listed(client.get("/programme/?kind=talk")) == ["tue-10", "tue-15"]
    response = client.get("/programme/?kind=forum")  # 4 forums: one day at a time
    assert listed(response) == ["mon-9", "mon-11", "mon-14"]
    assert notice(response).endswith("the other days hold 1 session.")
    assert day_links(response)[1] == (
        '<a class="chip" href="?kind=forum&amp;day=unpublished">Day not published'
        ' <span class="count">1</span></a>'
    )


def test_a_day_chosen_keeps_the_day_navigation(client, week, small_threshold):
    response = client.get("/programme/?day=2022-08-23")
    assert listed(response) == ["tue-10", "tue-15"]
    assert notice(response) == (
        "The programme has 6 sessions, so it is shown one day at a time. "
        "Showing Tuesday 23 August 2022; the other days hold 4 sessions."
    )
    links = day_links(response)
    assert links[0].startswith('<a class="chip" href="?day=2022-08-22">')
    assert links[1].startswith('<span class="chip" aria-current="page">')
    assert '<h2 id="results-heading" class="result-count">2 sessions</h2>' in (
        response.content.decode()
    )
    assert listed(client.get("/programme/?day=unpublished")) == ["undated"]


def test_during_the_fair_the_programme_still_opens_on_its_first_day(client, small_threshold):
    """Not on today's: the page and its ETag are kept per content version, not per date."""
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo("Asia/Shanghai"))
    yesterday = today - datetime.timedelta(days=1)
    expo = factories.exhibition(
        time_zone="Asia/Shanghai", starts_on=yesterday, ends_on=today, year=today.year
    )
    for i in range(2):
        factories.session(expo, slug=f"yesterday-{i}", title=f"Yesterday {i}", date=yesterday)
        factories.session(expo, slug=f"today-{i}", title=f"Today {i}", date=today)
    assert listed(client.get("/programme/")) == ["yesterday-0", "yesterday-1"]
    assert listed(client.get(f"/programme/?day={today.isoformat()}")) == ["today-0", "today-1"]


def test_calendar_file_keeps_every_session(client, week, small_threshold):
    response = client.get("/programme.ics")
    assert response.status_code == 200
    assert response.content.decode().count("BEGIN:VEVENT") == 6


def test_real_threshold_is_two_hundred_sessions(client):
    expo = factories.exhibition(slug="big-expo")
    Session.objects.bulk_create(
        Session(
            exhibition=expo,
            slug=f"s-{i}",
            title=f"Session {i:03d}",
            title_en=f"Session {i:03d}",
            kind="talk",
            date=MONDAY if i % 2 else TUESDAY,
        )
        for i in range(views.ONE_DAY_ABOVE)
    )
    assert views.ONE_DAY_ABOVE == 200
    assert len(listed(client.get("/programme/"))) == 200
    factories.session(expo, slug="one-more", title="One more", date=TUESDAY)
    cache.clear()
    response = client.get("/programme/")
    assert len(listed(response)) == 100  # Monday's
    assert "the other days hold 101 sessions" in notice(response)


def test_query_count_of_a_programme_shown_a_day_at_a_time_is_constant(client, small_threshold):
    expo = factories.exhibition(time_zone="Asia/Shanghai")
    world = {"exhibition": expo}
    pages = {
        "first_day": lambda w: "/programme/",
        "chosen_day": lambda w: "/programme/?day=2022-08-23",
        "filtered": lambda w: "/programme/?kind=talk",
    }

    def grow(size):
        pavilion = factories.pavilion(expo)
        for i in range(size):
            day = datetime.date(2022, 8, 22 + i % 3)
            session = factories.session(
                expo, kind=["talk", "forum"][i % 2], date=day, pavilion=pavilion,
                starts_at=local(9 + i % 8, day=day.day) if i % 2 else None,
            )  # fmt: skip
            factories.session_person(session, role="speaker")
            factories.session_person(session, role="moderator")

    grow(6)
    few = queries_per_page(client, world, pages)
    grow(60)
    many = queries_per_page(client, world, pages)
    assert few == many
    assert max(many.values()) <= 12


def reference_items(sessions, request):
    return Template(TEMPLATE_ITEMS).render(Context({"sessions": sessions, "request": request}))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_session_entries_are_the_markup_the_template_wrote(programme, language):
    talk, workshop = programme["talk"], programme["workshop"]
    talk.title = '<b>Drones & "robots"</b>'
    talk.summary = "Less <than> & more"
    talk.save()
    workshop.title = "Семинар по роботам"
    workshop.place = "机器人馆"
    workshop.pavilion = programme["pavilion"]
    workshop.save()
    programme["forum"].pavilion = programme["pavilion"]
    programme["forum"].save()
    factories.session_person(
        talk, factories.person(slug="li-wei", name="<i>Li & Wei</i>"), role="speaker"
    )
    factories.session_person(talk, factories.person(slug="anna", name="Анна"), role="moderator")
    factories.session_person(talk, factories.person(slug="bo", name="Bo"), role="participant")
    # A Russian name, and an empty one that falls back to English.
    Person.objects.filter(slug="bo").update(name_ru="Бо")
    Person.objects.filter(slug="li-wei").update(name_ru="")
    request = RequestFactory().get("/programme/?kind=talk&x=<a>")
    slugs = ["drone-talk", "robot-workshop", "big-forum", "food-launch"]
    with translation.override(language):
        old = Session.objects.select_related("exhibition", "pavilion").prefetch_related(
            Prefetch("people", queryset=views.people_in_order())
        )
        reference = reference_items(
            sorted(old.filter(slug__in=slugs), key=lambda s: s.slug), request
        )
        new = sorted(
            views.listed_sessions(programme["exhibition"]).filter(slug__in=slugs),
            key=lambda s: s.slug,
        )
        built = views.SessionItems(request, views.people_by_session(new))(new)
    assert built == reference
    assert ("Бо" in built) == (language == "ru")
    assert "<b>" not in built and "<i>" not in built and "<a>" not in built
    assert "&lt;b&gt;Drones &amp; &quot;robots&quot;&lt;/b&gt;" in built
    assert '<input type="hidden" name="next" value="/programme/?kind=talk&amp;x=%3Ca%3E">' in built


def test_programme_shown_a_day_at_a_time_is_valid_html(client, week, small_threshold, tmp_path):
    from tests.test_html_validity import html_errors

    urls = ["/programme/", "/programme/?day=2022-08-23", "/ru/programme/?day=2030-01-01"]
    pages = {url: client.get(url) for url in urls}
    assert all(notice(response) for response in pages.values())
    assert html_errors(pages, tmp_path) == []
