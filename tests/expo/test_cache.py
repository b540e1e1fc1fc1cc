import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from exhibitors.models import Exhibitor
from tests import factories
from tests.servers import redis_test_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def maker():
    ex = factories.exhibition()
    maker = factories.exhibitor(name="Harvest Maker")
    factories.stand(maker, ex)
    return maker


def test_page_cache_second_anonymous_request_is_a_hit(client, maker):
    first = client.get("/exhibitors/")
    second = client.get("/exhibitors/")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert first.content == second.content


def test_page_cache_hit_costs_one_primary_key_query(client, maker):
    client.get("/exhibitors/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/exhibitors/")
    assert len(ctx.captured_queries) == 1
    assert "core_contentversion" in ctx.captured_queries[0]["sql"]


def test_page_cache_save_shows_at_once(client, maker):
    client.get(maker.get_absolute_url())
    maker.name = "Renamed Maker"
    maker.save()
    response = client.get(maker.get_absolute_url())
    assert response["X-Cache"] == "miss"
    assert "Renamed Maker" in response.content.decode()


def test_page_cache_admin_action_shows_on_public_list_at_once(client, admin_client, maker):
    assert "Harvest Maker" in client.get("/exhibitors/").content.decode()
    response = admin_client.post(
        "/admin/exhibitors/exhibitor/",
        {"action": "unpublish_selected", "_selected_action": [maker.pk]},
    )
    assert response.status_code == 302
    assert Exhibitor.objects.get(pk=maker.pk).published is False
    assert "Harvest Maker" not in client.get("/exhibitors/").content.decode()


def test_page_cache_admin_edit_shows_on_public_page_at_once(client, admin_client, maker):
    url = "/admin/exhibitions/sector/add/"
    assert client.get("/sectors/").status_code == 200
    response = admin_client.post(
        url,
        {"slug": "drones", "name_en": "Drones", "description_en": "", "original_language": "en"},
    )
    assert response.status_code == 302
    assert "Drones" in client.get("/sectors/").content.decode()


def test_page_cache_many_to_many_change_shows_at_once(client, maker):
    robotics = factories.sector(slug="robotics", name="Robotics")
    assert "Robotics" not in client.get(maker.get_absolute_url()).content.decode()
    maker.sectors.add(robotics)
    assert 'href="/sectors/robotics/"' in client.get(maker.get_absolute_url()).content.decode()


def test_conditional_get_etag_answers_304_until_content_changes(client, maker):
    etag = client.get("/exhibitors/")["ETag"]
    assert client.get("/exhibitors/", headers={"if-none-match": etag}).status_code == 304
    maker.save()
    response = client.get("/exhibitors/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_conditional_get_last_modified_answers_304(client, maker):
    last_modified = client.get("/countries/")["Last-Modified"]
    response = client.get("/countries/", headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_page_cache_skips_logged_in_users(admin_client, maker):
    response = admin_client.get("/exhibitors/")
    assert response.status_code == 200
    assert "X-Cache" not in response
    assert "ETag" not in response


def test_page_cache_different_query_strings_are_different_pages(client, maker):
    factories.exhibitor(name="Other Maker", countries=("CN",))
    by = client.get("/exhibitors/?country=by").content.decode()
    cn = client.get("/exhibitors/?country=cn").content.decode()
    assert "Harvest Maker" in by and "Harvest Maker" not in cn


def test_page_cache_made_up_session_cookie_does_not_bypass(client, maker):
    client.get("/exhibitors/")
    client.cookies["sessionid"] = "junk0123456789abcdefghijklmnopqr"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/exhibitors/")
    assert response["X-Cache"] == "hit"
    assert len(ctx.captured_queries) == 2  # the content version, and the session looked up
    # Compression varies on Accept-Encoding; nothing varies on the cookie.
    assert "Cookie" not in response.get("Vary", "")


def test_page_cache_head_is_served_from_it(client, maker):
    get = client.get("/exhibitors/")
    head = client.head("/exhibitors/")
    assert (head.status_code, head["X-Cache"], head.content) == (200, "hit", b"")
    assert head["ETag"] == get["ETag"]


@pytest.mark.parametrize("method", ["options", "trace", "post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/exhibitors/", "/sitemap.xml", "/exhibitors/data.csv", "/"])
def test_public_pages_refuse_other_methods_with_405(client, maker, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "Harvest Maker" not in response.content.decode()


def test_admin_still_takes_posts(client, maker):
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200  # the login form again, with its error


def test_page_cache_unknown_parameters_reach_neither_links_nor_cache(client, maker):
    plain = client.get("/exhibitors/?country=by")
    junk = "&".join(f"junk{i}={'x' * 20}" for i in range(390))
    response = client.get(f"/exhibitors/?{junk}&country=by")
    assert response["X-Cache"] == "hit"
    assert response.content == plain.content
    assert "junk" not in response.content.decode()


def test_page_cache_parameter_order_makes_one_page(client, maker):
    first = client.get("/exhibitors/?sort=name&country=by")
    second = client.get("/exhibitors/?country=by&sort=name")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")


def test_page_cache_repeated_parameter_counts_once(client, maker):
    client.get("/exhibitors/?country=by")
    assert client.get("/exhibitors/?country=cn&country=by")["X-Cache"] == "hit"


def test_page_cache_one_client_stores_a_bounded_number_of_pages(client, maker, settings):
    settings.PAGE_CACHE_CLIENT_STORES = 3
    for word in ("one", "two", "three", "four", "five"):
        assert client.get(f"/search/?q={word}").status_code == 200
    again = [client.get(f"/search/?q={word}")["X-Cache"] for word in ("one", "three", "five")]
    assert again == ["hit", "hit", "miss"]
    # Another address has a budget of its own.
    other = Client(REMOTE_ADDR="198.51.100.7")
    other.get("/search/?q=six")
    assert other.get("/search/?q=six")["X-Cache"] == "hit"


def test_page_cache_large_page_not_stored(client, maker, settings):
    settings.PAGE_CACHE_MAX_BYTES = 100
    client.get("/exhibitors/")
    assert client.get("/exhibitors/")["X-Cache"] == "miss"


def test_page_cache_forged_host_does_not_reach_other_visitors(client, maker, settings):
    settings.SITE_URL = ""
    forged = client.get("/exhibitors/", HTTP_HOST="LOCALHOST.").content.decode()
    assert 'href="http://LOCALHOST./exhibitors/"' in forged
    honest = client.get("/exhibitors/", HTTP_HOST="localhost").content.decode()
    assert "LOCALHOST." not in honest


def redis_available():
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except Exception:
        return False
    return True


@pytest.fixture
def redis_cache(settings):
    if not redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backend.ResilientRedisCache",
            "LOCATION": redis_test_url(),
            "KEY_PREFIX": "expo-tests",
        }
    }
    settings.PAGE_CACHE_SHARED = True
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_page_cache_on_redis_hit_needs_no_database(client, maker, redis_cache):
    client.get("/exhibitors/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/exhibitors/")
    assert response["X-Cache"] == "hit"
    assert len(ctx.captured_queries) == 0


def test_page_cache_on_redis_change_shows_after_commit(
    client, maker, redis_cache, django_capture_on_commit_callbacks
):
    client.get(maker.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        maker.name = "Redis Renamed"
        maker.save()
    assert "Redis Renamed" in client.get(maker.get_absolute_url()).content.decode()


def test_one_change_bumps_version_once_for_many_writes(maker):
    from core.content import content_state, one_change

    before = content_state()[0]
    with one_change():
        for i in range(5):
            factories.exhibitor(name=f"Bulk {i}")
    assert content_state()[0] == before + 1


def test_one_change_failing_block_does_not_bump(maker):
    from core.content import content_state, one_change

    before = content_state()[0]
    with pytest.raises(RuntimeError), one_change():
        raise RuntimeError("stop")
    assert content_state()[0] == before
