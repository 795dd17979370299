"""The in-process stream cache: fresh copies, newest version kept, bounded."""
from pixkit.stream_cache import StreamCache


def test_each_load_is_a_fresh_copy_that_a_handler_may_mutate():
    cache = StreamCache()
    cache.put("s", 3, {"runs": {"a": {"answers": [1]}}})
    loaded = cache.get("s")[1]
    loaded["runs"]["a"]["answers"].append(2)  # a handler that then fails to append
    assert cache.get("s") == (3, {"runs": {"a": {"answers": [1]}}})


def test_an_older_version_does_not_replace_a_newer_one():
    cache = StreamCache()
    cache.put("s", 5, {"n": 5})
    cache.put("s", 4, {"n": 4})  # a slower thread finishing after
    assert cache.get("s") == (5, {"n": 5})
    cache.put("s", 6, {"n": 6})
    assert cache.get("s") == (6, {"n": 6})


def test_the_least_recently_used_stream_goes_first_and_forget_drops_one():
    cache = StreamCache(max_entries=2)
    cache.put("a", 1, 1)
    cache.put("b", 1, 2)
    assert cache.get("a") == (1, 1)  # a is now the most recent
    cache.put("c", 1, 3)
    assert cache.get("b") is None and cache.get("a") == (1, 1) and len(cache) == 2
    cache.forget("a")
    assert cache.get("a") is None
