"""Two visitors never see each other's visit, also through the warm page cache."""

from django.conf import settings
from django.test import Client

from visits.models import Plan


def test_cached_pages_carry_no_saved_state_and_two_visitors_keep_their_own(fair):
    first, second = Client(), Client()
    first.post("/my-visit/save/", {"kind": "exhibitor", "slug": "alpha"})
    first.post("/my-visit/save/", {"kind": "session", "slug": "forum"})
    second.post("/my-visit/save/", {"kind": "exhibitor", "slug": "beta"})
    pages = ("/exhibitors/", "/exhibitors/alpha/", "/sessions/forum/", "/programme/")
    for path in pages:
        one = first.get(path)
        other = second.get(path)
        assert one.status_code == other.status_code == 200
        assert one["X-Cache"] == "miss"
        assert other["X-Cache"] == "hit"  # the very page the first visitor made
        assert one.content == other.content
        html = one.content.decode()
        # The same neutral button for everyone; no token and no plan in the page.
        assert 'data-visit-item="exhibitor:alpha"' in html or path != "/exhibitors/alpha/"
        assert "aria-pressed" not in html
        assert "csrfmiddlewaretoken" not in html
        for plan in Plan.objects.all():
            assert plan.share_token not in html
        assert not one.cookies and not other.cookies
    assert first.get("/my-visit/state.json").json()["items"] == ["exhibitor:alpha", "session:forum"]
    assert second.get("/my-visit/state.json").json()["items"] == ["exhibitor:beta"]
    mine = first.get("/my-visit/").content.decode()
    theirs = second.get("/my-visit/").content.decode()
    alpha, beta = 'href="/exhibitors/alpha/">Alpha</a>', 'href="/exhibitors/beta/">Beta</a>'
    assert alpha in mine and beta not in mine
    assert beta in theirs and alpha not in theirs


def test_visit_pages_are_never_cached_or_compressed(fair):
    client = Client()
    client.post("/my-visit/save/", {"kind": "exhibitor", "slug": "alpha"})
    token = Plan.objects.get().share_token
    for path in (
        "/my-visit/",
        "/my-visit/state.json",
        f"/my-visit/{token}/",
        f"/my-visit/{token}.ics",
    ):
        for _ in range(2):
            response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
            assert response.status_code == 200
            assert "X-Cache" not in response
            assert "no-store" in response["Cache-Control"]
            assert "private" in response["Cache-Control"]
            assert "Content-Encoding" not in response  # pages with a CSRF token: no BREACH


def test_saving_does_not_change_the_content_version(client, fair):
    from core.content import content_state

    before = content_state()
    client.post("/my-visit/save/", {"kind": "exhibitor", "slug": "alpha"})
    client.post("/my-visit/remove/", {"kind": "exhibitor", "slug": "alpha"})
    assert content_state() == before
    assert settings.VISIT_COOKIE in client.cookies
