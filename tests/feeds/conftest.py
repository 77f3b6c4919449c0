import pytest

from pasadena_pd.ical_cache import lru
from pasadena_pd.ical_feed import body_memo


@pytest.fixture(autouse=True)
def _fresh_feed_memory():
    """Each test starts with this process's feed memory empty (as a new worker would)."""
    lru.clear()
    body_memo.clear()
    yield
    lru.clear()
    body_memo.clear()
