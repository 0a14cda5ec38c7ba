"""_LineCache.put_many (a document's kept tokens primed under one lock) leaves the cache as put() of each pair in
turn does: the same lines, in the same order (the LRU's), the same count of characters, whatever the limits."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from annotator.core.korean import LineAnalysis, Morph, _LineCache

_lines = st.text(alphabet="가나다 ab", min_size=1, max_size=6)
_analyses = st.builds(lambda n: LineAnalysis((Morph(0, n, ("NNG",)),), ()), st.integers(1, 5))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(_lines, _analyses), max_size=8), max_size=5), st.integers(1, 6),
       st.integers(1, 30), st.lists(_lines, max_size=6))
def test_property_put_many_equals_put_in_turn(batches, size, max_chars, reads):
    one, many = _LineCache(size, max_chars), _LineCache(size, max_chars)
    for batch in batches:
        for key, analysis in batch:
            one.put(key, analysis)
        many.put_many(iter(batch))
        for key in reads:  # reads move lines to the end of the LRU
            assert one.get(key) is many.get(key)
    assert list(one._data.items()) == list(many._data.items())
    assert one._chars == many._chars
