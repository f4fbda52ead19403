import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    # The page version starts at 1 in every test database, so a page cached by one test would be
    # served to the next: start each test with an empty cache.
    cache.clear()
    yield
    cache.clear()
