"""The export read path (iter_export_docs: documents with their line kinds, annotations and links read a chunk at a
time) gives what reading each document on its own gives, and the doccano lines assembled as bytes are exactly
json.dumps of the record, for random projects: line kinds and overrides, spans in boilerplate and across lines,
two layers, relations, statuses, catalogue entries and links, and texts full of characters JSON escapes."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from annotator.core.layers import ALL_LAYERS, GOLD, IMPORT, REVIEWER, merge_layers
from annotator.core.model import LineSegment, NewDocument, NewRelation, NewSpan, Relation, Span
from annotator.io.exporters import doccano
from annotator.io.exporters.common import OffsetMap, content_view, iter_export_docs, scope_ids
from annotator.store import Project
from annotator.store.annotations import REL_SELECT, SPAN_SELECT
from annotator.store.entities import canonical_id

NAMES = ["중소벤처기업부", "중기부", "강원", "강원도", "홍길동", "홍", "특구"]
LABELS = ["ORG", "PERSON", "LOC", "ZONE", "DATE"]
# What JSON escapes or a naive encoder gets wrong: quotes, backslash, controls, DEL, separators, astral characters.
FILLERS = ['"따옴표"', "a\\b", "\t탭", "\x01\x1f", "\x7f", "\u2028\u2029", "😀𠀀", "é", " ", "</script>"]
KINDS = ["content", "boilerplate", "blank", "unclassified"]


@st.composite
def documents(draw):
    lines = []
    spans = []
    pos = 0
    for _ in range(draw(st.integers(1, 4))):
        line = ""
        for _ in range(draw(st.integers(0, 4))):
            if draw(st.booleans()):
                name = draw(st.sampled_from(NAMES))
                if draw(st.booleans()):
                    spans.append(NewSpan(pos + len(line), pos + len(line) + len(name), draw(st.sampled_from(LABELS))))
                line += name
            else:
                line += draw(st.sampled_from(FILLERS))
            line += " "
        lines.append(line)
        pos += len(line) + 1
    text = "\n".join(lines)
    if not text.strip():
        text += "본문"
    if len(lines) > 1 and draw(st.booleans()):  # a span across a line break
        end_first = len(lines[0])
        if end_first and lines[1]:
            spans = [s for s in spans if s.end <= end_first - 1 or s.start >= end_first + 2]
            spans.append(NewSpan(end_first - 1, end_first + 2, "ZONE"))
    spans.sort(key=lambda s: s.start)
    segments, start = [], 0
    for no, line in enumerate(text.split("\n"), 1):
        segments.append(LineSegment(no, start, start + len(line), draw(st.sampled_from(KINDS))))
        start += len(line) + 1
    relations = []
    if len(spans) >= 2 and draw(st.booleans()):
        relations.append(NewRelation(0, len(spans) - 1, "designates"))
    return NewDocument(text, title=draw(st.sampled_from(["", "제목 \"1\"", "강원\t특구"])), source="test",
                       ext_id=draw(st.sampled_from([None, "ext-1", "é\\x"])), spans=spans, relations=relations,
                       segments=segments if draw(st.booleans()) else None)


def _oracle_choose(layers, kind_of, choice, spans, relations, adjudicated):
    """core of LayersMixin.annotations_in as it read before the chunked path (the reference)."""
    if choice not in (None, ALL_LAYERS):
        return [s for s in spans if s.layer == choice], [r for r in relations if r.layer == choice]
    if choice is None and (adjudicated or any(kind_of.get(s.layer) == GOLD for s in spans)):
        return [s for s in spans if kind_of.get(s.layer) == GOLD], [r for r in relations if kind_of.get(r.layer) == GOLD]
    wanted = (REVIEWER, IMPORT) if choice is None else (REVIEWER, IMPORT, GOLD)
    spans = [s for s in spans if kind_of.get(s.layer) in wanted]
    relations = [r for r in relations if kind_of.get(r.layer) in wanted]
    if len({s.layer for s in spans}) <= 1:
        return spans, relations
    return merge_layers(layers, spans, relations)


def oracle(project, *, include_boilerplate: bool, layer=None) -> list[tuple]:
    """Each document read on its own through the per-document APIs: (doc, text, spans, relations, status,
    kept line ranges or None, canonical, article)."""
    layers = project.layers()
    kind_of = {y.name: y.kind for y in layers}
    catalogue = project.catalogue_lookup()
    roles = {e.name: e.role for e in project.scheme().entities if e.role}
    out = []
    for doc_id in scope_ids(project, "all", None, layer):
        doc = project.document(doc_id, verify=True)
        spans = [Span(*r) for r in project.conn.execute(
            f'{SPAN_SELECT} WHERE s.doc_id = ? ORDER BY s.doc_id, s.start, s."end", s.id', (doc_id,))]
        relations = [Relation(*r) for r in project.conn.execute(f"{REL_SELECT} WHERE x.doc_id = ? ORDER BY x.id",
                                                                 (doc_id,))]
        spans, relations = _oracle_choose(layers, kind_of, layer, spans, relations,
                                          doc_id in project.adjudicated_ids([doc_id]))
        names = project.canonical_names(doc_id, doc.text, spans, catalogue=catalogue, roles=roles)
        canonical = {sp.id: (canonical_id(sp.label, names[sp.id].name), names[sp.id].name) for sp in spans}
        article = project.article_infos([doc_id]).get(doc_id)
        segments = () if include_boilerplate else project.segments(doc_id)
        if not any(seg.effective_kind == "content" for seg in segments):
            out.append((doc, doc.text, spans, relations, project.status(doc_id), None, canonical, article))
        else:
            text, offsets, remapped = content_view(doc.text, segments, spans)
            out.append((doc, text, remapped, relations, project.status(doc_id), offsets.kept, canonical, article))
    return out


def _seen(item) -> tuple:
    kept = item.offset_map.kept if isinstance(item.offset_map, OffsetMap) else None
    return (item.doc, item.text, item.spans, item.relations, item.status, kept, item.canonical, item.article)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(documents(), min_size=1, max_size=4), data=st.data())
def test_the_chunked_read_path_equals_reading_each_document(tmp_path_factory, docs, data):
    folder = tmp_path_factory.mktemp("eq")
    with Project.open(folder / "p.db", "kim") as project:
        result = project.add_documents(docs)
        assert not result.problems, result.problems
        ids = result.imported
        if data.draw(st.booleans(), "catalogue"):
            project.create_entity("ORG", "중소벤처기업부", aliases=["중기부"])
            project.create_entity("ZONE", "강원 특구", aliases=["특구"])  # a label whose name reads no context
        for doc_id in ids:
            text = project.document(doc_id).text
            lines = text.count("\n") + 1
            for _ in range(data.draw(st.integers(0, 2), "overrides")):
                project.set_line_override(doc_id, data.draw(st.integers(1, lines), "line"),
                                          data.draw(st.sampled_from(["content", "boilerplate"]), "kind"))
            if data.draw(st.booleans(), "reviewer span"):  # the reviewer's own layer beside the import's
                taken = [(s.start, s.end) for s in project.spans(doc_id)]
                start = next((i for i, ch in enumerate(text) if "가" <= ch <= "힣"
                              and all(not (a <= i < b) for a, b in taken)), None)
                if start is not None:
                    span = project.add_span(doc_id, start, start + 1, "LOC")
                    if data.draw(st.booleans(), "link"):
                        project.link_span(span.id, project.create_entity("LOC", f"곳{doc_id}"))
            project.set_status(doc_id, data.draw(st.sampled_from(["new", "in_progress", "done"]), "status"))
            _more_state(project, doc_id, text, data)
        layers = [None, ALL_LAYERS, *{y.name for y in project.layers()}]
        for include_boilerplate in (False, True):
            items = list(iter_export_docs(project, status="all", include_boilerplate=include_boilerplate,
                                          text_json=True, chunk=data.draw(st.sampled_from([1, 2, 256]), "chunk")))
            assert [_seen(i) for i in items] == oracle(project, include_boilerplate=include_boilerplate)
            for item in items:
                if item.text_json is not None:
                    assert item.text == item.doc.text
                    assert item.text_json == json.dumps(item.text, ensure_ascii=False).encode("utf-8")
            # doccano's lines: those SQLite builds (doccano.PageLines) and the others, against json.dumps of the
            # record of what the general path reads, for every layer choice
            for layer in layers:
                items = list(iter_export_docs(project, status="all", include_boilerplate=include_boilerplate,
                                              text_json=True, layer=layer))
                out = folder / f"out-{include_boilerplate}-{layer}.jsonl"
                report = doccano.export(project, out=out, status="all", include_boilerplate=include_boilerplate,
                                        layer=layer)
                dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
                assert out.read_bytes() == b"".join((dumps(doccano.record(i)) + "\n").encode("utf-8")
                                                    for i in items)
                assert (report.documents, report.spans, report.relations) == (
                    len(items), sum(len(i.spans) for i in items), sum(len(i.relations) for i in items))


def _more_state(project, doc_id: int, text: str, data) -> None:
    """What else a document's export line reads: its article date and outlet, pending suggestions (never
    exported, but beside the labels), and gold: an adjudicator's own entity and/or the adjudicated status."""
    from annotator.core.suggestions import Suggestion

    if data.draw(st.booleans(), "article"):
        project.set_article_meta(doc_id, published=data.draw(st.sampled_from(["", "2024-07-26"]), "published"),
                                 outlet=data.draw(st.sampled_from(["", "강원\"일보", "news1"]), "outlet"))
    free = [i for i in range(len(text)) if "가" <= text[i] <= "힣"
            and all(not (s.start <= i < s.end) for s in project.spans(doc_id))]
    if free and data.draw(st.booleans(), "suggestion"):
        project.write_suggestions({doc_id: [Suggestion(free[0], free[0] + 1, "DATE", "patterns", 0.9)]})
    if len(free) > 1 and data.draw(st.booleans(), "gold span"):
        project.add_gold_span(doc_id, free[-1], free[-1] + 1, "ZONE")
    if data.draw(st.booleans(), "adjudicated"):
        project.set_gold_status(doc_id, "adjudicated")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=0x10FFFF, blacklist_categories=("Cs",)),
               max_size=40))
def test_sqlite_json_quote_writes_what_python_json_writes(text):
    """The doccano text field comes from SQLite's json_quote: every character escapes as Python's json would."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    quoted = conn.execute("SELECT CAST(json_quote(?) AS BLOB)", (text,)).fetchone()[0]
    assert quoted == json.dumps(text, ensure_ascii=False).encode("utf-8")
