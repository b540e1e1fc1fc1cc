"""My visit's pages are valid HTML by the Nu Html Checker, empty and full, own and shared (see
``tests/test_html_validity.py``: it skips without Java and vnu outside CI)."""

from django.conf import settings

from tests.test_html_validity import html_errors
from visits.models import Plan


def test_visit_pages_are_valid_html(client, fair, tmp_path):
    pages = {"empty": client.get("/my-visit/")}
    for kind, slug in (
        ("exhibitor", "alpha"),
        ("exhibitor", "omega"),
        ("showcase", "gamma-robot"),
        ("showcase", "nameless"),
        ("session", "opening"),
        ("session", "forum"),
        ("session", "tasting"),
    ):
        client.post("/my-visit/save/", {"kind": kind, "slug": slug})
    token = Plan.objects.for_key(client.cookies[settings.VISIT_COOKIE].value).get().share_token
    pages.update(
        {
            "full": client.get("/my-visit/?saved=1&next=/exhibitors/"),
            "shared": client.get(f"/my-visit/{token}/"),
            "print": client.get(f"/my-visit/{token}/print/"),
            "save": client.get("/my-visit/save/?kind=exhibitor&slug=beta"),
            "saved already": client.get("/my-visit/save/?kind=exhibitor&slug=alpha"),
            "problem": client.get("/my-visit/save/?kind=spaceship&slug=beta"),
            "cards": client.get("/exhibitors/"),
        }
    )
    statuses = {name: response.status_code for name, response in pages.items()}
    assert statuses == {**dict.fromkeys(pages, 200), "problem": 400}
    assert html_errors(pages, tmp_path) == []
