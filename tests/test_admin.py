"""The organisers' admin: every model registered, its pages answer, publish actions work."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse

pytestmark = pytest.mark.django_db

ADMIN_APPS = {"expo", "pavilions", "exhibitors"}

MODEL_LABELS = [
    "expo.source",
    "expo.country",
    "expo.sector",
    "expo.exhibition",
    "expo.keyfigure",
    "expo.person",
    "expo.quote",
    "pavilions.pavilion",
    "pavilions.section",
    "exhibitors.exhibitor",
    "exhibitors.stand",
    "exhibitors.showcase",
]


def admin_url(label, view):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}")


@pytest.fixture
def country():
    from expo.models import Country

    return Country.objects.create(code="BY", name="Belarus")


@pytest.fixture
def exhibitor(country):
    from exhibitors.models import Exhibitor

    exhibitor = Exhibitor.objects.create(slug="belaz", name="BelAZ", headquarters="Zhodzina")
    exhibitor.countries.add(country)
    return exhibitor


@pytest.fixture
def sample(country, exhibitor):
    """One record of every model, so that changelists render rows and follow their relations."""
    from exhibitors.models import Showcase, Stand
    from expo.models import Exhibition, KeyFigure, Person, Quote, Sector, Source
    from pavilions.models import Pavilion, Section

    source = Source.objects.create(slug="report", title="Expo report", publisher="Daily")
    parent = Sector.objects.create(slug="transport", name="Transport")
    sector = Sector.objects.create(slug="mining-trucks", name="Mining trucks", parent=parent)
    exhibition = Exhibition.objects.create(
        slug="sce-2022",
        name="Smart China Expo 2022",
        year=2022,
        city="Chongqing",
        country=country,
        starts_on=datetime.date(2022, 8, 22),
    )
    exhibition.sources.add(source)
    KeyFigure.objects.create(exhibition=exhibition, value=50, qualifier="more_than", label="firms")
    person = Person.objects.create(slug="someone", name="Someone", country=country)
    person.exhibitions.add(exhibition)
    Quote.objects.create(slug="someone-said", person=person, text="Hello.", source=source)
    pavilion = Pavilion.objects.create(
        exhibition=exhibition, slug="belarus", name="Belarus pavilion", country=country
    )
    Section.objects.create(pavilion=pavilion, position=1, title="Great Stone")
    exhibitor.sectors.add(sector)
    Stand.objects.create(exhibitor=exhibitor, exhibition=exhibition, pavilion=pavilion, booth="A1")
    Showcase.objects.create(exhibition=exhibition, exhibitor=exhibitor, slug="truck", name="Truck")


def test_admin_registry_covers_every_model_of_the_three_apps():
    registered = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label in ADMIN_APPS
    }
    expected = {
        model._meta.label_lower
        for app_label in ADMIN_APPS
        for model in apps.get_app_config(app_label).get_models()
    }
    assert registered == expected
    assert registered == set(MODEL_LABELS)


def test_admin_site_titles_are_set():
    assert admin.site.site_header == "Expo Directory admin"
    assert admin.site.site_title
    assert admin.site.index_title


@pytest.mark.parametrize("label", MODEL_LABELS)
def test_changelist_answers_200_when_empty(admin_client, label):
    response = admin_client.get(admin_url(label, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("label", MODEL_LABELS)
def test_changelist_answers_200_with_records(admin_client, sample, label):
    response = admin_client.get(admin_url(label, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == (2 if label == "expo.sector" else 1)


@pytest.mark.parametrize("label", MODEL_LABELS)
def test_changelist_answers_200_with_search_query(admin_client, sample, label):
    response = admin_client.get(admin_url(label, "changelist"), {"q": "x"})
    assert response.status_code == 200


@pytest.mark.parametrize("label", MODEL_LABELS)
def test_add_page_answers_200(admin_client, label):
    response = admin_client.get(admin_url(label, "add"))
    assert response.status_code == 200


@pytest.mark.parametrize("label", MODEL_LABELS)
def test_change_page_answers_200_with_records(admin_client, sample, label):
    model = apps.get_model(label)
    obj = model.objects.first()
    app_label, model_name = label.split(".")
    response = admin_client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_exhibitor_change_page_shows_view_on_site_link(admin_client, exhibitor):
    response = admin_client.get(reverse("admin:exhibitors_exhibitor_change", args=[exhibitor.pk]))
    assert response.status_code == 200
    assert "View on site" in response.content.decode()


def test_exhibitor_view_on_site_redirects_to_public_page(admin_client, exhibitor):
    model_admin = admin.site.get_model_admin(type(exhibitor))
    response = admin_client.get(model_admin.get_view_on_site_url(exhibitor))
    assert response.status_code == 302
    assert response.url.endswith(exhibitor.get_absolute_url())


def test_exhibitor_publish_action_publishes_selected(admin_client, exhibitor):
    exhibitor.published = False
    exhibitor.save()
    response = admin_client.post(
        admin_url("exhibitors.exhibitor", "changelist"),
        {"action": "publish_selected", "_selected_action": [exhibitor.pk]},
    )
    exhibitor.refresh_from_db()
    assert response.status_code == 302
    assert exhibitor.published is True
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 exhibitor was published."]


def test_exhibitor_unpublish_action_unpublishes_selected(admin_client, exhibitor):
    response = admin_client.post(
        admin_url("exhibitors.exhibitor", "changelist"),
        {"action": "unpublish_selected", "_selected_action": [exhibitor.pk]},
    )
    exhibitor.refresh_from_db()
    assert response.status_code == 302
    assert exhibitor.published is False


@pytest.mark.parametrize(
    "label", ["pavilions.pavilion", "exhibitors.exhibitor", "exhibitors.showcase"]
)
def test_publish_actions_offered_on_publishable_models(admin_client, label):
    response = admin_client.get(admin_url(label, "changelist"))
    choices = dict(response.context["action_form"].fields["action"].choices)
    assert "publish_selected" in choices
    assert "unpublish_selected" in choices


def test_country_add_form_stores_code_upper_case(admin_client):
    from expo.models import Country

    response = admin_client.post(
        admin_url("expo.country", "add"), {"code": "by", "name": "Belarus"}
    )
    assert response.status_code == 302
    assert Country.objects.get().code == "BY"
