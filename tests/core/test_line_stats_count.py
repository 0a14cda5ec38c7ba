"""core.line_stats.count_keys counts what the loop `freq[key] = freq.get(key, 0) + 1` counts, into a LineCounts or
a plain dict, keys that repeat included."""

from __future__ import annotations

from hypothesis import given, strategies as st

from annotator.core.line_stats import LineCounts, count_keys, line_key

KEYS = st.lists(st.integers(-3, 3), max_size=8)


@given(st.dictionaries(st.integers(-3, 3), st.integers(1, 5)), st.lists(KEYS, max_size=4), st.booleans())
def test_the_counts_of_the_one_at_a_time_loop(start, documents, as_line_counts):
    freq = LineCounts(start) if as_line_counts else dict(start)
    expected = dict(start)
    for keys in documents:
        count_keys(freq, iter(keys))
        for key in keys:
            expected[key] = expected.get(key, 0) + 1
    assert dict(freq) == expected and type(freq) is (LineCounts if as_line_counts else dict)


def test_a_line_counts_text_lookups_see_keys_counted_by_their_line_key():
    freq = LineCounts()
    count_keys(freq, map(line_key, ["메뉴", "로그인"]))
    count_keys(freq, [line_key("메뉴")])
    assert (freq.get("메뉴"), freq["로그인"], "기사" in freq) == (2, 1, False)
