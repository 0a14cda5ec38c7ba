"""A labelled import stores its labelled chunks together and bulk-loads their spans: every good span is kept and
every bad one refused with its FILE:LINE, exactly as a plain rule-by-rule oracle says, bulk-loaded or not."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from annotator.io.importers import import_paths, runner
from annotator.store import Project, bulk_insert, imported_labels

KNOWN = ("ORG", "PERSON", "LOC")
LABELS = KNOWN + ("NOT_IN_SCHEME",)


@st.composite
def records(draw):
    """(text, [[start, end, label], ...]) records, some lines of broken JSON (None)."""
    out = []
    for n in range(draw(st.integers(1, 12))):
        if draw(st.integers(0, 15)) == 0:
            out.append(None)
            continue
        size = draw(st.integers(1, 40))
        text = f"{n}번 " + draw(st.text(alphabet="가나다 ab", min_size=size, max_size=size))
        spans = draw(st.lists(st.tuples(st.integers(-2, len(text) + 2), st.integers(-2, len(text) + 2),
                                        st.sampled_from(LABELS)), max_size=12))
        out.append((text, [list(s) for s in spans]))
    return out


def oracle(recs) -> tuple[dict[str, list[tuple]], dict[int, int]]:
    """{text: kept (start, end, label) in text order} and {line: spans refused}, by the rules one at a time:
    offsets inside the text, a label the scheme has, no overlap with the span kept before (in (start, end)
    order)."""
    kept, refused = {}, {}
    for line, rec in enumerate(recs, 1):
        if rec is None:
            continue
        text, spans = rec
        good, last_end = [], -1
        for start, end, label in sorted(spans, key=lambda s: (s[0], s[1])):
            if 0 <= start < end <= len(text) and label in KNOWN and start >= last_end:
                good.append((start, end, label))
                last_end = end
            else:
                refused[line] = refused.get(line, 0) + 1
        kept[text] = good
    return kept, refused


def write(path: Path, recs) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for rec in recs:
            fh.write("{broken\n" if rec is None else
                     json.dumps({"text": rec[0], "label": rec[1]}, ensure_ascii=False) + "\n")


def stored(db: Path) -> dict[str, list[tuple]]:
    with Project.open(db, "reader") as project:
        return {doc.text: [(s.start, s.end, s.label) for s in project.spans(doc.id, all_layers=True)]
                for doc in project.iter_documents()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records(), st.booleans())
def test_labelled_import_keeps_good_spans_and_names_bad_ones_bulk_or_not(monkeypatch, recs, bulk):
    monkeypatch.setattr(runner, "CHUNK_DOCS", 3)  # several chunks, stored as one group
    monkeypatch.setattr(imported_labels, "BULK_MIN_ROWS", 1 if bulk else 1 << 40)
    monkeypatch.setattr(bulk_insert, "ROWS_PER_STATEMENT", 3)  # several rows per INSERT, and a rest
    with tempfile.TemporaryDirectory() as tmp:
        path, db = Path(tmp) / "in.jsonl", Path(tmp) / "p.db"
        write(path, recs)
        with Project.open(db, "tester") as project:
            report = import_paths(project, [path])
        kept, refused = oracle(recs)
        texts = {rec[0] for rec in recs if rec is not None}
        assert stored(db) == {t: kept[t] for t in texts}
        assert report.spans == sum(len(v) for v in kept.values())
        span_problems = [p for p in report.problems if p.endswith("span skipped")]
        lines = [int(p.split(":")[1]) for p in span_problems]
        assert all(p.startswith(f"{path}:") for p in span_problems)
        assert {line: lines.count(line) for line in lines} == refused
        broken = [n for n, rec in enumerate(recs, 1) if rec is None]
        assert [int(p.split(":")[1]) for p in report.problems if "invalid JSON" in p] == broken


def import_one_span_each(project, folder: Path, count: int):
    path = folder / "in.jsonl"
    write(path, [(f"{n}번 기사 본문", [[0, 2, "ORG"]]) for n in range(count)])
    return import_paths(project, [path])


def test_a_document_the_store_refuses_costs_only_itself_in_a_group(project, tmp_path, monkeypatch):
    """One bad document fails its group's transaction; its chunk is then stored one document at a time and the
    other chunks whole, so every other document keeps its spans."""
    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)
    monkeypatch.setattr(imported_labels, "BULK_MIN_ROWS", 1)
    from annotator.store import project as project_module

    real = project_module.document_values

    def refuse_one(doc, stamp):
        if doc.text.startswith("3번"):
            raise ValueError("refused for the test")
        return real(doc, stamp)

    monkeypatch.setattr(project_module, "document_values", refuse_one)
    report = import_one_span_each(project, tmp_path, 7)
    assert report.imported == 6 and report.spans == 6
    assert [p.split(": ", 1)[1] for p in report.problems] == ["cannot be stored (refused for the test); document skipped"]
    assert sorted(d.text[:2] for d in project.iter_documents()) == [f"{n}번" for n in (0, 1, 2, 4, 5, 6)]


def test_plain_chunks_between_labelled_ones_keep_the_input_order(project, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)
    path = tmp_path / "in.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(9):
            labelled = n // 2 % 2 == 0  # chunks: labelled, plain, labelled, plain, labelled
            fh.write(json.dumps({"text": f"{n}번 기사", **({"label": [[0, 2, "ORG"]]} if labelled else {})},
                                ensure_ascii=False) + "\n")
    report = import_paths(project, [path])
    assert report.imported == 9 and report.spans == 5 and report.document_ids == sorted(report.document_ids)
    assert [d.text for d in project.iter_documents()] == [f"{n}번 기사" for n in range(9)]


def test_a_group_is_stored_once_it_holds_group_spans(project, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)
    monkeypatch.setattr(runner, "GROUP_SPANS", 5)  # two spans a chunk: a group of three chunks
    groups = []
    real = runner.store_group

    def spy(project, parts):
        groups.append([len(chunk) for chunk, _ in parts])
        return real(project, parts)

    monkeypatch.setattr(runner, "store_group", spy)
    report = import_one_span_each(project, tmp_path, 15)
    assert report.imported == 15 and report.spans == 15
    assert groups == [[2, 2, 2], [2, 2, 2], [2, 1]]
