import pytest

from tests.visits import fair as fair_data


@pytest.fixture
def fair(db):
    """The small edition of tests/visits/fair.py."""
    return fair_data.build()
