"""The store's trimmed document_values gives exactly the row (or the ValueError message) it gave before
(tests/store/document_values_oracle.py, the old code verbatim), for fields that are None, not strings, ASCII,
Hangul, holding NULs or lone surrogates, meta that is empty, odd or not storable, and texts with or without UTF-8."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import NewDocument
from annotator.store.project import document_values
from tests.store.document_values_oracle import document_values as old_document_values

FIELDS = st.one_of(st.none(), st.integers(-3, 3), st.floats(allow_nan=True, width=16),
                   st.text(alphabet="ab 가\x00\ud800\udc00-", max_size=10))
META = st.one_of(st.just({}), st.dictionaries(st.sampled_from(["a", "url", "날짜"]), st.one_of(
    st.none(), st.integers(), st.floats(allow_nan=True, allow_infinity=True, width=16),
    st.text(alphabet="x가\ud800", max_size=4), st.sets(st.integers(0, 2), max_size=1)), max_size=3),
    st.lists(st.integers(0, 3), max_size=2))


@st.composite
def documents(draw):
    text = draw(st.one_of(st.text(alphabet="본문 a\n\x00\ud800", min_size=1, max_size=12), st.integers(0, 2)))
    doc = NewDocument(text=text, title=draw(FIELDS), source=draw(FIELDS), url=draw(FIELDS), ext_id=draw(FIELDS),
                      meta=draw(META), sha256=draw(st.sampled_from(["", "ab" * 32])))
    if isinstance(text, str) and draw(st.booleans()):
        try:
            doc.utf8 = text.encode("utf-8")
        except UnicodeEncodeError:
            pass
    return doc


def _row(function, doc):
    try:
        return function(doc, "2026-01-01T00:00:00"), None
    except ValueError as exc:
        return None, str(exc)


@settings(max_examples=800, deadline=None)
@given(documents())
def test_document_values_is_unchanged(doc):
    assert _row(document_values, doc) == _row(old_document_values, doc)
