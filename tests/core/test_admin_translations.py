"""The admin edits every language of a translated record side by side, shows what a record lacks
(the "translations" column) and filters by it (the "translation" filter), for an organiser."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db.models.fields.files import FieldFile
from django.forms import CheckboxInput, MultiWidget
from django.urls import reverse

from core.admin import LacksTranslationFilter, TranslatedAdmin, in_every_language
from core.translations import columns, translated_fields
from exhibitors.models import Exhibitor
from expo.management.commands.setup_roles import ORGANISERS
from tests import factories
from tests.querycount import queries_for

pytestmark = pytest.mark.django_db

# Every admin of a model with translated fields; Source and Stand have none.
TRANSLATED_LABELS = [
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
    "exhibitors.showcase",
    "programme.session",
    "programme.sessionperson",
    "programme.participation",
]
# The main records, which know the language they were written in.
WITH_ORIGINAL_LANGUAGE = [
    "exhibitions.sector",
    "exhibitions.exhibition",
    "exhibitions.person",
    "pavilions.pavilion",
    "exhibitors.exhibitor",
    "exhibitors.showcase",
    "programme.session",
]


def url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


@pytest.fixture
def organiser(client):
    """A staff member of the Organisers group, logged in: the role organisers edit with."""
    user = User.objects.create_user("olga", password="unused-in-tests", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISERS))
    client.force_login(user)
    return user


def directory(size):
    """One row of every translated model (``size`` of most)."""
    data = factories.directory(size)
    data["exhibition"].key_figures.create(value=50, label="firms")
    return data


@pytest.fixture
def world():
    return directory(1)


def form_data(response):
    """The POST data of a change form as the page shows it: its fields and its inlines' forms."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for bound in form:
            value, widget = bound.value(), bound.field.widget
            widget = getattr(widget, "widget", widget)  # a related field's wrapper
            if isinstance(widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(widget, MultiWidget):
                for i, part in enumerate(widget.decompress(value)):
                    data[f"{bound.html_name}_{i}"] = "" if part is None else part
            elif isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(v) for v in value]
            elif value is not None and not isinstance(value, FieldFile):  # files are not sent again
                data[bound.html_name] = value
    return data


def lacking(client, value, label="exhibitors.exhibitor"):
    response = client.get(url(label, "changelist"), {"lacks_translation": value})
    assert response.status_code == 200
    return sorted(obj.slug for obj in response.context["cl"].result_list)


# The change form: every language's input, the original language.


def test_exhibitor_change_form_shows_the_name_in_three_languages(client, organiser):
    exhibitor = factories.exhibitor(slug="belaz", name="BelAZ")
    response = client.get(url("exhibitors.exhibitor", "change", exhibitor.pk))
    html = response.content.decode()
    assert response.status_code == 200
    for name, label in [("name_en", "en"), ("name_zh_hans", "zh-hans"), ("name_ru", "ru")]:
        assert f'for="id_{name}"' in html
        assert f'name="{name}"' in html
        assert f"Name [{label}]" in html
    assert 'name="name"' not in html
    form = response.context["adminform"].form
    assert [f for f in form.fields if f.startswith("name")] == [
        "name_en",
        "name_zh_hans",
        "name_ru",
    ]
    assert form.fields["name_en"].required is True
    assert form.fields["name_zh_hans"].required is False
    assert form.fields["name_ru"].required is False


@pytest.mark.parametrize("label", TRANSLATED_LABELS)
def test_change_form_edits_each_translated_field_in_every_language(client, organiser, world, label):
    model = apps.get_model(label)
    response = client.get(url(label, "change", model.objects.first().pk))
    forms = [(model, response.context["adminform"].form)] + [
        (inline.formset.model, inline.formset.form)
        for inline in response.context["inline_admin_formsets"]
    ]
    for form_model, form in forms:
        fields = form.base_fields if isinstance(form, type) else form.fields
        for field in translated_fields(form_model):
            assert field not in fields, (form_model, field)
            shown = [name for name in columns(field) if name in fields]
            # an inline may leave a field out, but never only some of its languages
            assert shown in ([], columns(field)), (form_model, field)
        if form_model is model:
            assert all(set(columns(f)) <= set(fields) for f in translated_fields(model))


@pytest.mark.parametrize("label", WITH_ORIGINAL_LANGUAGE)
def test_change_form_shows_the_original_language(client, organiser, world, label):
    model = apps.get_model(label)
    response = client.get(url(label, "change", model.objects.first().pk))
    form = response.context["adminform"].form
    assert "original_language" in form.fields
    assert [code for code, _ in form.fields["original_language"].choices] == ["en", "zh-hans", "ru"]


@pytest.mark.parametrize("label", TRANSLATED_LABELS)
def test_change_form_saves_as_shown(client, organiser, world, label):
    model = apps.get_model(label)
    obj = model.objects.first()
    texts = {
        name: getattr(obj, name) or "" for f in translated_fields(model) for name in columns(f)
    }
    change = url(label, "change", obj.pk)
    response = client.post(change, form_data(client.get(change)))
    assert response.status_code == 302, response.context and [
        response.context["adminform"].form.errors,
        [inline.formset.errors for inline in response.context["inline_admin_formsets"]],
    ]
    obj.refresh_from_db()
    assert {name: getattr(obj, name) or "" for name in texts} == texts


def test_saving_chinese_and_russian_names_shows_them_on_the_public_pages(client, organiser):
    exhibitor = factories.exhibitor(slug="belaz", name="BelAZ")
    change = url("exhibitors.exhibitor", "change", exhibitor.pk)
    data = form_data(client.get(change))
    data.update(name_zh_hans="白俄罗斯汽车厂", name_ru="БелАЗ-завод", original_language="ru")

    response = client.post(change, data)

    assert response.status_code == 302
    exhibitor.refresh_from_db()
    assert exhibitor.name_en == "BelAZ"
    assert exhibitor.name_zh_hans == "白俄罗斯汽车厂"
    assert exhibitor.name_ru == "БелАЗ-завод"
    assert exhibitor.original_language == "ru"
    assert Exhibitor.objects.filter(pk=exhibitor.pk).values_list("name", flat=True).get() == "BelAZ"
    client.logout()  # the public pages as a visitor sees them
    assert "<h1>白俄罗斯汽车厂</h1>" in client.get("/zh-hans/exhibitors/belaz/").content.decode()
    assert "<h1>БелАЗ-завод</h1>" in client.get("/ru/exhibitors/belaz/").content.decode()
    assert "<h1>BelAZ</h1>" in client.get("/exhibitors/belaz/").content.decode()


def test_add_form_with_only_english_stores_english_and_original_column(client, organiser):
    from exhibitions.models import Country

    response = client.post(url("exhibitions.country", "add"), {"code": "by", "name_en": "Belarus"})

    assert response.status_code == 302
    country = Country.objects.get()
    assert (country.code, country.name_en, country.name_zh_hans or "", country.name_ru or "") == (
        "BY",
        "Belarus",
        "",
        "",
    )
    assert Country.objects.values_list("name", flat=True).get() == "Belarus"


def test_add_form_requires_the_english_name(client, organiser):
    response = client.post(url("exhibitions.country", "add"), {"code": "BY", "name_ru": "Беларусь"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"name_en": ["This field is required."]}


# Search in every language.


@pytest.mark.parametrize("query", ["BelAZ", "白俄罗斯", "БелАЗ"])
def test_exhibitor_search_finds_the_name_in_every_language(client, organiser, query):
    factories.exhibitor(
        slug="belaz", name_en="BelAZ", name_zh_hans="白俄罗斯汽车厂", name_ru="БелАЗ"
    )
    factories.exhibitor(slug="other", name="Other")
    response = client.get(url("exhibitors.exhibitor", "changelist"), {"q": query})
    assert [e.slug for e in response.context["cl"].result_list] == ["belaz"]


def test_search_fields_name_every_language_column():
    assert in_every_language("name", "=countries__name") == [
        "name_en",
        "name_zh_hans",
        "name_ru",
        "=countries__name_en",
        "=countries__name_zh_hans",
        "=countries__name_ru",
    ]
    for model, model_admin in admin.site._registry.items():
        translated = set(translated_fields(model))
        for lookup in model_admin.get_search_fields(None):
            assert lookup.lstrip("^=@") not in translated, (model, lookup)


# What a record lacks: the column and the filter.


@pytest.fixture
def exhibitors():
    """Exhibitors with and without their texts in Chinese and Russian."""
    make = factories.exhibitor
    make(slug="english-only", name_en="English only")
    make(slug="with-chinese", name_en="With Chinese", name_zh_hans="有中文")
    make(slug="with-russian", name_en="With Russian", name_ru="С русским")
    make(slug="complete", name_en="Complete", name_zh_hans="完整", name_ru="Полный")
    make(
        slug="summary-lacks-russian",
        name_en="Summary",
        name_zh_hans="摘要",
        name_ru="Резюме",
        summary_en="A summary.",
        summary_zh_hans="一个摘要。",
        summary_ru="",
    )
    make(
        slug="no-english-summary",
        name_en="No summary",
        name_zh_hans="没有摘要",
        name_ru="Без резюме",
        summary_en="",
        summary_ru=None,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("zh-hans", ["english-only", "with-russian"]),
        ("ru", ["english-only", "summary-lacks-russian", "with-chinese"]),
        ("either", ["english-only", "summary-lacks-russian", "with-chinese", "with-russian"]),
        ("complete", ["complete", "no-english-summary"]),
    ],
)
def test_translation_filter_lists_exactly_the_records_lacking_it(
    client, organiser, exhibitors, value, expected
):
    assert lacking(client, value) == expected


def test_translation_filter_offers_each_language_either_and_complete(client, organiser):
    response = client.get(url("exhibitors.exhibitor", "changelist"))
    spec = next(
        f
        for f in response.context["cl"].filter_specs
        if getattr(f, "parameter_name", None) == "lacks_translation"
    )
    assert [(c["display"], c["selected"]) for c in spec.choices(response.context["cl"])] == [
        ("All", True),
        ("Lacks Simplified Chinese", False),
        ("Lacks Russian", False),
        ("Lacks Simplified Chinese or Russian", False),
        ("Complete in every language", False),
    ]


@pytest.mark.parametrize("label", TRANSLATED_LABELS)
def test_every_translated_admin_has_the_column_and_the_filter(label):
    model_admin = admin.site.get_model_admin(apps.get_model(label))
    assert isinstance(model_admin, TranslatedAdmin)
    assert model_admin.list_display[-1] == "translations"
    assert LacksTranslationFilter in model_admin.list_filter


def test_translation_filter_is_one_condition_on_the_table_itself():
    """No join and no subquery: a single pass over the table, however large."""
    lookup = LacksTranslationFilter(None, {"lacks_translation": ["either"]}, Exhibitor, None)
    sql = str(lookup.queryset(None, Exhibitor.objects.all()).query)
    assert sql.count("SELECT") == 1
    assert "JOIN" not in sql


def test_translations_column_shows_each_language_and_what_it_lacks(client, organiser, exhibitors):
    response = client.get(url("exhibitors.exhibitor", "changelist"), {"q": "lacks-russian"})
    html = response.content.decode()
    assert [e.slug for e in response.context["cl"].result_list] == ["summary-lacks-russian"]
    assert (
        '<td class="field-translations"><span title="Simplified Chinese complete">zh-hans ✓</span>, '
        '<span title="Russian lacks: summary">ru —</span></td>'
    ) in html
    assert '<th scope="col" class="column-translations">' in html


def test_translations_column_lists_the_missing_languages(client, organiser, exhibitors):
    response = client.get(url("exhibitors.exhibitor", "changelist"), {"q": "English only"})
    assert (
        '<span title="Simplified Chinese lacks: name">zh-hans —</span>, '
        '<span title="Russian lacks: name">ru —</span>'
    ) in response.content.decode()


# The changelists cost the same whatever the number of rows.


@pytest.mark.parametrize("label", TRANSLATED_LABELS)
def test_changelist_queries_do_not_grow_with_rows(client, organiser, label):
    model, changelist = apps.get_model(label), url(label, "changelist")
    queries = ("", "?lacks_translation=either", "?lacks_translation=complete")
    directory(1)
    rows = model.objects.count()
    few = [queries_for(client, changelist + query) for query in queries]
    directory(5)
    assert model.objects.count() > rows or label == "exhibitions.country"  # only BY and CN
    many = [queries_for(client, changelist + query) for query in queries]
    assert many == few
