"""The interface's translation catalogues: complete (no untranslated or fuzzy entry), current (every
string of the code and templates is in them), compiled (the committed .mo says what the .po says),
and used: no interface string of an English page is left in English on its Chinese or Russian page.
"""

import html
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from tests.browser.pages import PAGE_TYPES

BASE_DIR = Path(__file__).resolve().parents[2]
LANGUAGES = {"zh_Hans": "/zh-hans", "ru": "/ru"}


def catalogue(language):
    return polib.pofile(str(BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"))


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def value(entry):
    return tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    po = catalogue(language)
    assert len(po) > 400
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    plurals = [e for e in po if e.msgid_plural]
    assert plurals
    for entry in plurals:
        assert all(form.strip() for form in entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_placeholders_match_the_english(language):
    pattern = re.compile(r"%\([a-z_]+\)[sd]|\{\{ ?[a-z_.]+ ?\}\}|%[sd]")
    for entry in catalogue(language):
        wanted = sorted(pattern.findall(entry.msgid))
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            found = sorted(pattern.findall(text))
            # A plural form may leave out the count (Chinese has one form, Russian says "one").
            assert set(found) <= set(wanted) and (found == wanted or entry.msgid_plural), (
                entry.msgid,
                text,
            )


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.mo"))
    source = {key(e): value(e) for e in po.translated_entries() if not e.obsolete}
    compiled = {key(e): value(e) for e in mo if e.msgid}
    assert compiled == source, "run `make messages` to compile the catalogues"


def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """makemessages on a copy finds no string that the catalogues lack, and none they keep in vain."""
    if not shutil.which("xgettext"):
        pytest.skip("needs GNU gettext (make gettext)")
    copy = tmp_path / "project"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "var",
            "staticfiles",
            "media",
            "node_modules",
            "test-artifacts",
            "*.pyc",
        ),
    )
    makefile = (BASE_DIR / "Makefile").read_text()
    command = re.search(r"MAKEMESSAGES = \$\(BIN\)/python (.*?)\n(\t.*\n)", makefile)
    options = (command.group(1).rstrip("\\ ") + " " + command.group(2).strip()).split()
    subprocess.run(
        [str(BASE_DIR / ".venv/bin/python"), *options, "-l", "ru", "-v0"],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1"},
    )
    fresh = polib.pofile(str(copy / "locale/ru/LC_MESSAGES/django.po"))
    assert {key(e) for e in fresh} == {key(e) for e in catalogue("ru")}


def page_text(response):
    body = response.content.decode().split("<body", 1)[1]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def data_text():
    """Every text of every record in one string: the records' English is not the interface's."""
    from django.db import models

    from core.registry import content_models

    texts = []
    for model in content_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model._base_manager.values_list(*fields):
            texts.extend(str(value) for value in row if value)
    return "\n".join(texts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_interface_string_stays_english_on_translated_pages(client, shipped_data, language):
    data = data_text()
    strings = [
        e.msgid
        for e in catalogue(language)
        if e.msgstr
        and e.msgstr != e.msgid
        and len(e.msgid) >= 8
        and not re.search(r"[%{<]", e.msgid)
        and e.msgid not in data
        and e.msgid != "Expo Directory"  # the brand, in Latin letters in every language
    ]
    left = []
    for path in PAGE_TYPES:
        # The brand is in Latin letters in every language, and holds the word "Directory".
        english = page_text(client.get(path)).replace("Expo Directory", " ")
        translated = page_text(client.get(LANGUAGES[language] + path)).replace(
            "Expo Directory", " "
        )
        left += [f"{path}: {s}" for s in strings if s in english and s in translated]
    assert sorted(set(left)) == []
