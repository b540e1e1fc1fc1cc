import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: database rollbacks reset the content version."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shipped_data(db):
    """The shipped Smart China Expo 2022 data set, loaded the way `make run` loads it."""
    call_command("load_shipped_data", verbosity=0)


@pytest.fixture
def shipped(db):
    """The shipped data set loaded with Django's own ``loaddata``, for tests of our loader and
    upload that must not depend on the code they test."""
    call_command("loaddata", "smart_china_expo_2022", verbosity=0)


@pytest.fixture(autouse=True)
def export_files(settings, tmp_path):
    """Kept export files live in the test's own folder."""
    settings.EXPORT_CACHE_DIR = tmp_path / "exports"
