import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exhibitors.models import Exhibitor
from tests import factories

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
    assert "expo_contentversion" in ctx.captured_queries[0]["sql"]


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
    url = "/admin/expo/sector/add/"
    assert client.get("/sectors/").status_code == 200
    response = admin_client.post(url, {"slug": "drones", "name": "Drones", "description": ""})
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
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
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
    from expo.cache import content_state, one_change

    before = content_state()[0]
    with one_change():
        for i in range(5):
            factories.exhibitor(name=f"Bulk {i}")
    assert content_state()[0] == before + 1


def test_one_change_failing_block_does_not_bump(maker):
    from expo.cache import content_state, one_change

    before = content_state()[0]
    with pytest.raises(RuntimeError), one_change():
        raise RuntimeError("stop")
    assert content_state()[0] == before
