"""The sentence the report shows around an entity is cut to CONTEXT_CHARS either side of it: a page on one line
without sentence ends was one "sentence", and each of its 10,000 entities made the report scan and write all of it
(30 s for one page). Oracle: the whole-line search it replaced, its answer cut to the same window."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.io.report import collect
from annotator.io.report.collect import SentenceFinder

_SENTENCE_END = re.compile(r"(?<=[.?!。])[\"'”’)\]]*\s+")


def _whole_line_answer(text: str, start: int, end: int) -> tuple[int, int]:
    """The search over the entity's whole line (the code before the window), as (start, end) of the sentence."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    a, b = line_start, line_end
    for m in _SENTENCE_END.finditer(text, line_start, line_end):
        if m.end() <= start:
            a = m.end()
        elif m.start() >= end:
            b = m.start()
            break
    return a, b


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(["특구", "중기부", " ", ". ", "? ", "\n", "지정", "”. "]), min_size=1,
                       max_size=40), data=st.data(), window=st.integers(2, 12))
def test_the_sentence_around_an_entity_is_the_whole_lines_cut_to_the_window(pieces, data, window, monkeypatch):
    monkeypatch.setattr(collect, "CONTEXT_CHARS", window)  # set anew for every example
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    sentence, at = SentenceFinder(text, use_kiwi=False).around(start, end)
    a, b = _whole_line_answer(text, start, end)
    if "\n" in text[start:end]:  # an entity over a line break: the window ends where its own line ends
        return
    a, b = max(a, start - window), min(b, end + window)
    assert (sentence, at) == (text[a:b], a)


def test_a_sentence_end_that_begins_before_the_window_and_ends_in_it_still_ends_the_sentence(monkeypatch):
    """Found by the property test above in CI: the search began at the window's edge, one character after the "."
    of "”. " + " ", so the end was missed and the sentence began with a space."""
    monkeypatch.setattr(collect, "CONTEXT_CHARS", 2)
    text = "특구특구특구  ”.  특구"
    assert SentenceFinder(text, use_kiwi=False).around(13, 14) == ("특구", 12)
    assert SentenceFinder(text, use_kiwi=False).around(12, 14) == ("특구", 12)


def test_a_page_on_one_line_gives_each_entity_a_short_sentence():
    text = " ".join(f"기관{i}" for i in range(3000))
    at = text.index("기관1500")
    sentence, start = SentenceFinder(text, use_kiwi=False).around(at, at + 6)
    assert sentence == text[at - collect.CONTEXT_CHARS:at + 6 + collect.CONTEXT_CHARS] and start == at - 300
