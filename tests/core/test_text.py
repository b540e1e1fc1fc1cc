"""Names and titles in other scripts carry their own language tag, told from the data."""

import pytest

from core.text import script_language
from exhibitions.models import Source
from exhibitors.models import Exhibitor


@pytest.mark.parametrize(
    "text, language",
    [
        ("Гомсельмаш", "ru"),
        ("Предприятие «Цзуншэнь-Гомель»", "ru"),
        ("Гомсельмаш (Беларусь, ў)", "be"),
        ("Київ", "uk"),
        ("中国国际智能产业博览会", "zh-Hans"),
        ("重庆 2022", "zh-Hans"),
        ("スマート博覧会", "ja"),
        ("Gomselmash", None),
        ("Zürich Ço", None),
        ("", None),
        (None, None),
    ],
)
def test_script_language(text, language):
    assert script_language(text) == language


def test_profile_tags_a_cyrillic_local_name_and_a_russian_source_title(client, shipped):
    russian = Source.objects.create(
        slug="belta-ru", title="Предприятие сельхозмашиностроения «Гомсельмаш»", publisher="БелТА"
    )
    Exhibitor.objects.get(slug="gomselmash").sources.add(russian)
    page = client.get("/exhibitors/gomselmash/").content.decode()
    assert '<p class="local-name" lang="ru">Гомсельмаш</p>' in page
    assert 'lang="ru">Предприятие сельхозмашиностроения' in page
    assert 'lang="zh"' not in page


def test_exhibition_tags_its_chinese_name_as_simplified_chinese(client, shipped):
    page = client.get("/exhibitions/smart-china-expo-2022/").content.decode()
    assert 'class="local-name" lang="zh-Hans">' in page
