"""WebAnno TSV 3.x (INCEpTION): the importer on INCEpTION's own test-suite files (tests/fixtures/webanno, Apache-2.0,
see its README), on broken and code-point files, and the exporter's files read back (hypothesis: Hangul, emoji,
rare Hanja, tabs and every character the format escapes, stacked and multi-token spans, relations)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import Relation, Span
from annotator.io.exporters import webanno_format as tsv
from annotator.io.exporters.webanno_tsv import document_tsv
from annotator.io.importers import import_paths, webanno_tsv
from annotator.io.importers.base import ImportProblem
from annotator.io.importers.detect import choose_format

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "webanno"


def read(name_or_text: str, path: str = "doc.tsv"):
    """(document or None, problems) of a fixture's name or of a file's text."""
    if name_or_text.endswith(".tsv") and "\n" not in name_or_text:
        path = str(FIXTURES / name_or_text)
        name_or_text = Path(path).read_text(encoding="utf-8")
    lines = name_or_text.split("\n")
    if lines[-1] == "":
        lines.pop()
    items = list(webanno_tsv.parse(Path(path), lines))
    docs = [i for i in items if not isinstance(i, ImportProblem)]
    assert len(docs) <= 1
    return (docs[0] if docs else None), [i for i in items if isinstance(i, ImportProblem)]


def spans_of(doc) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.label, doc.text[s.start:s.end]) for s in doc.spans]


def test_inception_example_named_entities_multi_token_and_stacked():
    doc, problems = read("example2.tsv")
    assert doc.text.startswith("Ms. Haag plays Elianti .\nRolls-Royce Motor Cars Inc. said")
    assert doc.text.endswith("electronic , computer and building products .")
    assert doc.text.count("\n") == 6  # seven sentences, each #Text placed at its first token's offset
    assert spans_of(doc) == [
        (0, 8, "PER", "Ms. Haag"), (15, 22, "OTH", "Elianti"), (25, 42, "ORG", "Rolls-Royce Motor"),
        (73, 77, "LOC", "U.S."), (186, 190, "LOC", "U.S."), (191, 211, "ORG", "BELL INDUSTRIES Inc."),
        (191, 195, "PER", "BELL"), (347, 351, "ORG", "Bell"), (363, 374, "LOC", "Los Angeles")]
    assert doc.relations == []  # Dependency links POS annotations: said, not imported
    said = {p.line: p.message for p in problems}
    assert "span layer POS" in said[2] and "not imported" in said[2]
    assert "relation layer Dependency links POS" in said[4]
    assert len(problems) == 2


def test_sub_token_spans_as_inceptions_writer_test_defines_them():
    """WebAnnoTsv3WriterTestBase.testSubMultiTokenSpanWithFeatureValue: spans 1-12 over "aaaaaa bbbbbb cccccc"
    (value = their number), 10-12 zero-width."""
    doc, problems = read("sub_multi_token_span.tsv")
    want = {"1": (0, 6), "2": (0, 13), "3": (9, 11), "4": (7, 11), "5": (9, 13), "6": (3, 13), "7": (0, 10),
            "8": (3, 10), "9": (3, 17)}
    assert {s.label: (s.start, s.end) for s in doc.spans} == want
    assert sorted((p.line, p.message.split("'")[1]) for p in problems) == [(11, "11"), (14, "10"), (15, "12")]
    assert all("zero-width" in p.message for p in problems)


def test_stacked_spans_and_a_relation_between_disambiguated_ends():
    doc, problems = read("stacked_relation.tsv")
    assert [(s.start, s.end) for s in doc.spans] == [(0, 4), (0, 4), (15, 16), (15, 16)]
    assert {s.label for s in doc.spans} == {"Span"}  # `*`: no value, labelled with the layer's name (said)
    assert [(r.head, r.tail, r.label, r.line) for r in doc.relations] == [(0, 2, "Relation", 11)]  # 1-1[1_3]
    assert len(problems) == 2 and all("without a value" in p.message for p in problems)


def test_escaped_feature_values_and_cross_sentence_spans():
    doc, problems = read("special_symbols_value.tsv")
    assert not problems
    # INCEpTION's value "#*'\"`´\t:;{}|[ ]()\\§$%?=&_\n", unescaped; the label is trimmed of its final line break
    assert {s.label for s in doc.spans} == {"#*'\"`´\t:;{}|[ ]()\\§$%?=&_"}
    doc, _ = read("cross_sentence_span.tsv")
    assert spans_of(doc) == [(0, 34, "Span", "He loves her .\nShe loves him not .")]


def test_utf16_offsets_of_the_user_guides_emoji_example():
    doc, problems = read("user_guide_emoji.tsv")
    assert not problems
    assert doc.text == "I like it 😊 ."
    assert spans_of(doc) == [(10, 11, "Emoji", "😊")]


KOREAN = ("#FORMAT=WebAnno TSV 3.3\n#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value\n"
          "#T_RL=webanno.custom.Relation|value|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity\n\n\n"
          "#Text=😀 김철수 부산시장은 𠀀 특구를\n"
          "1-1\t{a}\t😀\t_\t_\t_\t\n1-2\t{b}\t김철수\tPERSON\t_\t_\t\n1-3\t{c}\t부산시장은\t_\t_\t_\t\n"
          "1-3.1\t{d}\t부산시\tLOC\tbelongs\\_to\t1-2\t\n1-4\t{e}\t𠀀\t_\t_\t_\t\n1-5\t{f}\t특구를\t_\t_\t_\t\n")


def test_korean_text_with_emoji_and_rare_hanja_utf16_offsets_and_a_sub_token_relation():
    doc, problems = read(KOREAN.format(a="0-2", b="3-6", c="7-12", d="7-10", e="13-15", f="16-19"))
    assert not problems
    assert doc.text == "😀 김철수 부산시장은 𠀀 특구를"
    assert spans_of(doc) == [(2, 5, "PERSON", "김철수"), (6, 9, "LOC", "부산시")]
    assert [(r.head, r.tail, r.label) for r in doc.relations] == [(0, 1, "belongs_to")]


def test_code_point_offsets_are_read_as_such_and_said():
    doc, problems = read(KOREAN.format(a="0-1", b="2-5", c="6-11", d="6-9", e="12-13", f="14-17"))
    assert doc.text == "😀 김철수 부산시장은 𠀀 특구를"
    assert spans_of(doc) == [(2, 5, "PERSON", "김철수"), (6, 9, "LOC", "부산시")]
    assert len(problems) == 1 and "code points" in problems[0].message


def test_broken_lines_are_reported_by_line_and_the_rest_is_imported():
    text = KOREAN.format(a="0-2", b="3-6", c="7-12", d="7-10", e="13-15", f="16-19")
    text = text.replace("1-4\t13-15\t𠀀\t_\t_\t_\t", "1-4\tx-15\t𠀀\t_")  # line 11: unreadable offsets
    text = text.replace("1-5\t16-19\t특구를\t_\t_\t_\t", "1-5\t16-19\t특구를\tZONE")  # line 12: too few fields
    text = text.replace("\tbelongs\\_to\t1-2\t", "\tbelongs\\_to\t1-9\t")  # line 10: a relation to no unit
    doc, problems = read(text)
    assert doc.text == "😀 김철수 부산시장은 𠀀 특구를"
    assert spans_of(doc) == [(2, 5, "PERSON", "김철수"), (6, 9, "LOC", "부산시")]
    assert doc.relations == []
    said = {p.line: p.message for p in problems}
    assert set(said) == {10, 11, 12}
    assert "offsets" in said[11] and "line skipped" in said[11]
    assert "fields" in said[12]
    assert "unit 1-9" in said[10]


def test_offsets_that_do_not_hold_their_tokens_leave_those_spans_out():
    doc, problems = read(KOREAN.format(a="0-2", b="3-6", c="7-12", d="8-11", e="13-15", f="16-19"))
    assert spans_of(doc) == [(2, 5, "PERSON", "김철수")]
    assert len(problems) == 2
    assert problems[0].line == 10 and "do not hold their token" in problems[0].message
    assert "not imported" in problems[1].message  # the relation to the span left out


def test_not_webanno_tsv_3_is_refused_with_its_line():
    doc, problems = read("#FORMAT=WebAnno TSV 2\n#Text=x\n")
    assert doc is None and problems[0].line == 1 and "3.x" in problems[0].message


CUSTOM = ("#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Claim|confidence|kind\n\n\n#Text=규제 특구\n"
          "1-1\t0-2\t규제\thigh\tPOLICY\t\n1-2\t3-5\t특구\t_\t_\t\n")


def test_a_custom_layer_takes_its_label_from_the_chosen_feature():
    doc, _ = read(CUSTOM)
    assert spans_of(doc) == [(0, 2, "high", "규제")]  # no feature named value/label/...: the first
    with webanno_tsv.label_features({"Claim": "kind"}):
        doc, problems = read(CUSTOM)
    assert spans_of(doc) == [(0, 2, "POLICY", "규제")] and not problems
    with webanno_tsv.label_features({"webanno.custom.Claim": "colour"}):
        doc, problems = read(CUSTOM)
    assert spans_of(doc) == [(0, 2, "high", "규제")] and "no feature 'colour'" in problems[0].message


def test_import_paths_detects_the_format_and_reports_file_and_line(project, tmp_path):
    path = tmp_path / "inception.tsv"
    path.write_text((FIXTURES / "example2.tsv").read_text(encoding="utf-8"), encoding="utf-8")
    assert choose_format(path, path.read_bytes()[:4096], "utf-8") == "webanno"
    report = import_paths(project, [path])
    assert report.imported == 1
    assert report.spans == 6  # three ORG and three LOC are the scheme's labels; PER and OTH are not
    assert any(p.startswith(f"{path}:8: ") and "'PER'" in p for p in report.problems)
    assert any(p.startswith(f"{path}:2: ") and "POS" in p for p in report.problems)


def test_the_import_command_takes_a_label_feature(tmp_path):
    import json
    import subprocess
    import sys

    path = tmp_path / "claims.tsv"
    path.write_text(CUSTOM, encoding="utf-8")
    db = tmp_path / "p.db"
    run = subprocess.run([sys.executable, "-m", "annotator", "import", str(path), "--db", str(db), "--json",
                          "--webanno-label", "Claim=kind", "--index", "later"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["spans"] == 1  # POLICY is in the default scheme; "high" would not be
    bad = subprocess.run([sys.executable, "-m", "annotator", "import", str(path), "--db", str(db),
                          "--webanno-label", "Claim"], capture_output=True, text=True)
    assert bad.returncode == 2 and "LAYER=FEATURE" in bad.stderr


# the exporter's files read back ---------------------------------------------------------------------------
_CHARS = st.sampled_from(list("가나다라마바사한국특구부산시장은를의 abcXYZ019.,!?-_|*[];>#\\")
                         + ["😀", "🎉", "𠀀", "𡈽", "\t", " ", " ", "\n", "\x01", "\x0b", "\x0c", "\x1c", "\r", "\x85",
                            "\u2028", "\xa0", "\u3000", "->", "\\t", "\\n"])
_LABELS = st.sampled_from(["ORG", "PERSON", "belongs_to", "A*B", "x|y", "[z]", "a\\b", "PER[1]", "l->r", "세미;콜론",
                           "_", "*"])


@st.composite
def documents(draw, whitespace_edges: bool = False):
    """(text, spans, relations); spans may overlap (stacked), and with whitespace_edges start or end in whitespace."""
    text = "".join(draw(st.lists(_CHARS, min_size=1, max_size=60)))
    spans = []
    for n in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 12)))
        if not whitespace_edges and (text[start].isspace() or text[end - 1].isspace()):
            continue  # an edge in whitespace is written without it (tested below)
        spans.append(Span(n + 1, 1, start, end, draw(_LABELS)))
    relations = []
    if len(spans) > 1:
        for n in range(draw(st.integers(0, 4))):
            head, tail = draw(st.sampled_from(spans)), draw(st.sampled_from(spans))
            if head is not tail:
                relations.append(Relation(n + 1, 1, head.id, tail.id, draw(_LABELS)))
    return text, spans, relations


def _item(text, spans, relations):
    return SimpleNamespace(doc=SimpleNamespace(id=1), text=text, spans=spans, relations=relations)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_exported_files_read_back_to_the_same_text_spans_and_relations(case):
    text, spans, relations = case
    content, problems, written, linked = document_tsv(_item(text, spans, relations))
    if not text.strip():
        assert content is None
        return
    lead = len(text) - len(text.lstrip())
    assert any("before its first token" in p for p in problems) == bool(text[:lead].strip(" "))
    assert all("before its first token" in p for p in problems)  # nothing else is lost
    doc, read_problems = read(content)
    assert doc.text == " " * lead + text[lead:]  # INCEpTION rebuilds what precedes the first token as spaces
    assert written == len(spans) and linked == len(relations)
    assert Counter(spans_of(doc)) == Counter((s.start, s.end, s.label, text[s.start:s.end]) for s in spans)
    by_id = {s.id: (s.start, s.end, s.label) for s in spans}
    got = Counter(((doc.spans[r.head].start, doc.spans[r.head].end, doc.spans[r.head].label),
                   (doc.spans[r.tail].start, doc.spans[r.tail].end, doc.spans[r.tail].label), r.label)
                  for r in doc.relations)
    if len(set(by_id.values())) == len(by_id):  # (two equal stacked spans: either may be a relation's end)
        assert got == Counter((by_id[r.head_id], by_id[r.tail_id], r.label) for r in relations)
    else:
        assert sum(got.values()) == len(relations)
    assert not read_problems


def test_an_entity_edge_in_whitespace_is_written_without_it():
    text = "부산시 특구"
    content, problems, written, _ = document_tsv(_item(text, [Span(1, 1, 0, 4, "LOC")], []))
    assert written == 1 and "whitespace" in problems[0]
    doc, _ = read(content)
    assert spans_of(doc) == [(0, 3, "LOC", "부산시")]


def test_the_relation_layer_is_declared_only_for_files_with_relations():
    spans = [Span(1, 1, 0, 3, "ORG"), Span(2, 1, 4, 6, "LOC")]
    alone, *_ = document_tsv(_item("중기부 강원", spans, []))
    linked, *_ = document_tsv(_item("중기부 강원", spans, [Relation(1, 1, 1, 2, "located_in")]))
    assert tsv.RELATION_PREFIX not in alone
    assert f"{tsv.RELATION_PREFIX}{tsv.EXPORT_RELATION_LAYER}|value|BT_{tsv.NAMED_ENTITY}" in linked
    assert "\tlocated\\_in\t1-1\t" in linked  # on the tail's unit, the head's unit as source
    assert linked.startswith("#FORMAT=WebAnno TSV 3.3\n") and "\n\n\n#Text=중기부 강원\n1-1\t0-3\t중기부\tORG\t" in linked


_FIXTURE_LINES = [line for f in sorted(FIXTURES.glob("*.tsv")) for line in f.read_text(encoding="utf-8").split("\n")]
_PIECES = st.sampled_from(["\t", "-", "[", "]", "|", "_", "*", "\\", ".", "1", "9" * 13, "#Text=", "#T_RL=", "😀", ""])


@st.composite
def broken_files(draw):
    lines = draw(st.lists(st.sampled_from(_FIXTURE_LINES), min_size=1, max_size=30))
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        at = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + draw(_PIECES) + lines[i][at + draw(st.integers(0, 3)):]
    head = draw(st.sampled_from(["#FORMAT=WebAnno TSV 3.3", "#FORMAT=WebAnno TSV 3.1", ""]))
    return ([head] if head else []) + lines


@settings(max_examples=300, deadline=None)
@given(broken_files())
def test_any_mangled_file_gives_problems_with_lines_never_an_exception(lines):
    items = list(webanno_tsv.parse(Path("x.tsv"), lines))
    problems = [i for i in items if isinstance(i, ImportProblem)]
    docs = [i for i in items if not isinstance(i, ImportProblem)]
    assert len(docs) <= 1
    assert all(0 <= p.line <= len(lines) for p in problems)
    for doc in docs:
        assert all(0 <= s.start < s.end <= len(doc.text) for s in doc.spans)
        assert all(0 <= r.head < len(doc.spans) and 0 <= r.tail < len(doc.spans) for r in doc.relations)


def test_a_sentence_far_past_the_text_before_it_is_refused():
    doc, problems = read("#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span\n\n\n#Text=a\n1-1\t999999999999-999999999999\ta\t*\t\n")
    assert doc is None and problems[-1].line == 5 and "file skipped" in problems[-1].message
