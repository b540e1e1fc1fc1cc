"""The organisers' admin: every model registered, its pages answer, publish actions work."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse

from core.registry import content_models

pytestmark = pytest.mark.django_db

ADMIN_APPS = {model._meta.app_label for model in content_models()}

MODEL_LABELS = [
    "exhibitions.source",
    "exhibitions.country",
    "exhibitions.sector",
    "exhibitions.exhibition",
    "exhibitions.keyfigure",
    "exhibitions.person",
    "exhibitions.quote",
    "pavilions.hall",
    "pavilions.pavilion",
    "pavilions.section",
    "exhibitors.exhibitor",
    "exhibitors.stand",
    "exhibitors.showcase",
    "programme.session",
    "programme.sessionperson",
    "programme.participation",
]


# Bookkeeping models that are not content: no one edits them by hand.
NOT_IN_ADMIN = {"expo.contentversion"}


def admin_url(label, view):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}")


@pytest.fixture
def country():
    from exhibitions.models import Country

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
    from exhibitions.models import Exhibition, KeyFigure, Person, Quote, Sector, Source
    from exhibitors.models import Showcase, Stand
    from pavilions.models import Hall, Pavilion, Section
    from programme.models import Participation, Session, SessionPerson

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
    hall = Hall.objects.create(
        exhibition=exhibition, slug="n3", name="Hall N3", width=120, depth=80
    )
    pavilion.hall, pavilion.area_x, pavilion.area_y = hall, 0, 0
    pavilion.area_width, pavilion.area_depth = 40, 30
    pavilion.save()
    Stand.objects.create(
        exhibitor=exhibitor,
        exhibition=exhibition,
        pavilion=pavilion,
        booth="A1",
        hall=hall,
        x=2,
        y=2,
        width=6,
        depth=3,
    )
    truck = Showcase.objects.create(
        exhibition=exhibition, exhibitor=exhibitor, slug="truck", name="Truck"
    )
    forum = Session.objects.create(
        exhibition=exhibition,
        slug="forum",
        title="Forum",
        kind="forum",
        date=datetime.date(2022, 8, 22),
        pavilion=pavilion,
    )
    forum.showcases.add(truck)
    forum.sources.add(source)
    SessionPerson.objects.create(session=forum, person=person, role="speaker")
    took_part = Participation.objects.create(
        slug="exhibitor-forum",
        exhibition=exhibition,
        organisation=exhibitor,
        kind="session",
        session=forum,
        role="Its leaders spoke.",
    )
    took_part.sources.add(source)


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
    } - NOT_IN_ADMIN
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
    assert response.context["cl"].result_count == (2 if label == "exhibitions.sector" else 1)


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
    from exhibitions.models import Country

    response = admin_client.post(
        admin_url("exhibitions.country", "add"), {"code": "by", "name_en": "Belarus"}
    )
    assert response.status_code == 302
    assert Country.objects.get().code == "BY"


def test_country_add_form_refuses_lookalike_code(admin_client):
    """The ligature "ﬁ" upper-cases to "FI": it must be refused, not saved as Finland."""
    from exhibitions.models import Country

    response = admin_client.post(
        admin_url("exhibitions.country", "add"), {"code": "\ufb01", "name_en": "Finland"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["code"]
    assert Country.objects.count() == 0


# Thumbnails, filters and search as organisers use them; history; validation messages.


def _png():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 60), (10, 90, 170)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def test_exhibitor_changelist_shows_logo_thumbnail_or_monogram(admin_client, media, exhibitor):
    from django.core.files.base import ContentFile

    from tests import factories

    factories.exhibitor(name="Great Stone Park")
    exhibitor.logo.save("belaz.png", ContentFile(_png()))
    html = admin_client.get(admin_url("exhibitors.exhibitor", "changelist")).content.decode()
    assert (
        '<img class="expo-thumb" src="/media/logos/renditions/belaz.png.card.webp" '
        'width="40" height="40" alt="">' in html
    )
    assert '<span class="expo-thumb expo-thumb--empty" aria-hidden="true">GS</span>' in html


@pytest.mark.parametrize(
    "label", ["pavilions.pavilion", "exhibitors.exhibitor", "exhibitors.showcase"]
)
def test_changelist_thumbnail_column_comes_first(admin_client, sample, label):
    response = admin_client.get(admin_url(label, "changelist"))
    assert response.context["cl"].list_display[:3] == ["action_checkbox", "thumb", "name"]
    assert 'class="expo-thumb expo-thumb--empty"' in response.content.decode()


def test_exhibitor_change_form_previews_current_logo(admin_client, media, exhibitor):
    from django.core.files.base import ContentFile

    exhibitor.logo.save("belaz.png", ContentFile(_png()))
    html = admin_client.get(
        reverse("admin:exhibitors_exhibitor_change", args=[exhibitor.pk])
    ).content.decode()
    assert 'src="/media/logos/renditions/belaz.png.card.webp" width="112" height="112"' in html
    assert "120 × 60 on pages" in html


def test_image_inputs_accept_only_jpeg_png_and_webp(admin_client):
    html = admin_client.get(admin_url("exhibitors.exhibitor", "add")).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp"' in html


def test_admin_pages_load_the_admin_stylesheet(admin_client):
    from django.templatetags.static import static

    html = admin_client.get(admin_url("exhibitors.exhibitor", "changelist")).content.decode()
    assert f'<link rel="stylesheet" href="{static("css/admin.css")}">' in html


def test_exhibitor_changelist_filters_by_exhibition_and_pavilion(admin_client, sample):
    from exhibitors.models import Exhibitor
    from tests import factories

    elsewhere = factories.exhibitor(name="Elsewhere Ltd")
    factories.stand(elsewhere, factories.exhibition(), booth="Z9")
    stand = Exhibitor.objects.get(slug="belaz").stands.get()
    url = admin_url("exhibitors.exhibitor", "changelist")
    by_exhibition = admin_client.get(url, {"stands__exhibition__id__exact": stand.exhibition_id})
    by_pavilion = admin_client.get(url, {"stands__pavilion__id__exact": stand.pavilion_id})
    unfiltered = admin_client.get(url)
    assert [e.slug for e in by_exhibition.context["cl"].result_list] == ["belaz"]
    assert [e.slug for e in by_pavilion.context["cl"].result_list] == ["belaz"]
    assert unfiltered.context["cl"].result_count == 2


@pytest.mark.parametrize("query", ["BY", "A1", "Belarus", "Zhodzina"])
def test_exhibitor_search_finds_by_country_booth_and_city(admin_client, sample, query):
    from tests import factories

    factories.exhibitor(name="Other Ltd", countries=("CN",))
    response = admin_client.get(admin_url("exhibitors.exhibitor", "changelist"), {"q": query})
    assert [e.slug for e in response.context["cl"].result_list] == ["belaz"]


def test_exhibitor_logo_filter_separates_with_and_without(admin_client, media, exhibitor):
    from django.core.files.base import ContentFile

    from tests import factories

    factories.exhibitor(slug="no-logo", name="No Logo")
    exhibitor.logo.save("belaz.png", ContentFile(_png()))
    url = admin_url("exhibitors.exhibitor", "changelist")
    with_logo = admin_client.get(url, {"has_logo": "yes"}).context["cl"].result_list
    without = admin_client.get(url, {"has_logo": "no"}).context["cl"].result_list
    assert [e.slug for e in with_logo] == ["belaz"]
    assert [e.slug for e in without] == ["no-logo"]


@pytest.mark.parametrize("label", ["pavilions.pavilion", "exhibitors.showcase"])
def test_image_filter_separates_with_and_without(admin_client, media, label):
    from django.core.files.base import ContentFile

    from tests import factories

    exhibition = factories.exhibition()
    make = factories.pavilion if label == "pavilions.pavilion" else factories.showcase
    with_image, without = make(exhibition), make(exhibition)
    with_image.image.save("photo.png", ContentFile(_png()))
    url = admin_url(label, "changelist")
    with_rows = admin_client.get(url, {"has_image": "yes"}).context["cl"].result_list
    without_rows = admin_client.get(url, {"has_image": "no"}).context["cl"].result_list
    assert [obj.pk for obj in with_rows] == [with_image.pk]
    assert [obj.pk for obj in without_rows] == [without.pk]


def test_showcase_search_finds_by_maker_name(admin_client, sample):
    response = admin_client.get(admin_url("exhibitors.showcase", "changelist"), {"q": "belaz"})
    assert [s.slug for s in response.context["cl"].result_list] == ["truck"]


def test_pavilion_search_finds_by_country_code(admin_client, sample):
    response = admin_client.get(admin_url("pavilions.pavilion", "changelist"), {"q": "by"})
    assert [p.slug for p in response.context["cl"].result_list] == ["belarus"]


def test_publish_action_writes_a_history_entry_for_each_changed_record(admin_client, exhibitor):
    from django.contrib.admin.models import CHANGE, LogEntry

    from exhibitors.models import Exhibitor
    from tests import factories

    hidden = factories.exhibitor(slug="hidden", name="Hidden", published=False)
    response = admin_client.post(
        admin_url("exhibitors.exhibitor", "changelist"),
        {"action": "publish_selected", "_selected_action": [exhibitor.pk, hidden.pk]},
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "1 exhibitor was published. 1 was published already."
    ]
    assert Exhibitor.objects.filter(published=True).count() == 2
    entries = LogEntry.objects.all()
    assert [(e.object_id, e.action_flag) for e in entries] == [(str(hidden.pk), CHANGE)]
    history = admin_client.get(reverse("admin:exhibitors_exhibitor_history", args=[hidden.pk]))
    assert "Published with the list action." in history.content.decode()


def add_exhibition(admin_client, country, **fields):
    """POST the admin's "add exhibition" form: a valid exhibition, changed by ``fields``."""
    data = {
        "name_en": "Expo",
        "slug": "expo",
        "original_language": "en",
        "year": "2022",
        "city_en": "Chongqing",
        "time_zone": "Asia/Shanghai",
        "country": country.pk,
        "key_figures-TOTAL_FORMS": "0",
        "key_figures-INITIAL_FORMS": "0",
        **fields,
    }
    return admin_client.post(admin_url("exhibitions.exhibition", "add"), data)


def test_exhibition_form_shows_the_model_validation_message(admin_client, country):
    response = add_exhibition(admin_client, country, starts_on="2022-08-24", ends_on="2022-08-22")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"ends_on": ["An exhibition cannot end before it starts."]}
    assert "An exhibition cannot end before it starts." in response.content.decode()


def test_text_fields_have_a_maximum_length_in_forms_and_validation():
    from django.db import models

    text_fields = [
        field
        for model in content_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
    ]
    original = [field for field in text_fields if not hasattr(field, "translated_field")]
    # descriptions (and a session's), section texts, bios, quotes, and seven models' notes on
    # sources (a session's and a participation's among them)
    assert len(original) == 16
    # the translated ones (descriptions, section texts, bios) in each of the three languages
    assert len(text_fields) - len(original) == 8 * 3
    for field in text_fields:
        assert field.max_length, field
        assert field.formfield().max_length == field.max_length, field
        assert any(getattr(v, "limit_value", None) == field.max_length for v in field.validators)


def test_exhibition_form_refuses_a_too_long_description(admin_client, country):
    from exhibitions.models import Exhibition

    response = add_exhibition(admin_client, country, description_ru="x" * 20_001)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["description_ru"] == [
        "Ensure this value has at most 20000 characters (it has 20001)."
    ]
    assert not Exhibition.objects.exists()


def test_stand_inline_shows_the_model_validation_message(admin_client, sample, exhibitor):
    from tests import factories

    other_pavilion = factories.pavilion()  # in another exhibition
    stand = exhibitor.stands.get()
    response = admin_client.post(
        reverse("admin:exhibitors_exhibitor_change", args=[exhibitor.pk]),
        {
            "name_en": exhibitor.name,
            "slug": exhibitor.slug,
            "original_language": "en",
            "kind": exhibitor.kind,
            "countries": [country.pk for country in exhibitor.countries.all()],
            "published": "on",
            "stands-TOTAL_FORMS": "1",
            "stands-INITIAL_FORMS": "1",
            "stands-0-id": stand.pk,
            "stands-0-exhibitor": exhibitor.pk,
            "stands-0-exhibition": stand.exhibition_id,
            "stands-0-kind": "stand",
            "stands-0-pavilion": other_pavilion.pk,
            "stands-0-booth": "A1",
            "showcases-TOTAL_FORMS": "0",
            "showcases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    formset_errors = response.context["inline_admin_formsets"][0].formset.errors
    assert formset_errors == [
        {"pavilion": ["The pavilion belongs to another exhibition than the stand."]}
    ]


def test_publish_action_saves_each_record_so_save_signals_run(admin_client, exhibitor):
    from django.db.models.signals import post_save

    from exhibitors.models import Exhibitor

    saved = []

    def record(sender, instance, update_fields, **kwargs):
        saved.append((instance.pk, sorted(update_fields or [])))

    post_save.connect(record, sender=Exhibitor)
    try:
        admin_client.post(
            admin_url("exhibitors.exhibitor", "changelist"),
            {"action": "unpublish_selected", "_selected_action": [exhibitor.pk]},
        )
    finally:
        post_save.disconnect(record, sender=Exhibitor)
    assert saved == [(exhibitor.pk, ["published"])]
