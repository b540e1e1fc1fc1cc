"""A session page's share card: its own PNG, named in the page's ``og:image``."""

import pytest

pytestmark = pytest.mark.django_db


def test_session_share_card_is_drawn(client, programme, settings, tmp_path):
    settings.SHARE_CARD_CACHE_DIR = tmp_path / "cards"
    text = client.get("/sessions/drone-talk/").content.decode()
    assert 'content="http://testserver/share-cards/session/drone-talk.png"' in text
    response = client.get("/share-cards/session/drone-talk.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_unpublished_session_has_no_share_card(client, programme):
    assert client.get("/share-cards/session/hidden.png").status_code == 404
