"""Reading bytes as text. UTF-16 and UTF-32 files without a byte order mark (Windows tools and some exporters
write them) are read, not refused as binary: the NULs' side of the code units gives the byte order, a strict decode
and a text check confirm it. A KLUE .tsv of fewer than five character lines is read as KLUE (it was taken for
CoNLL, or refused). A small UTF-8 file with a damaged stretch is read as UTF-8."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.io.importers import import_paths
from annotator.io.importers.decoding import NotTextError, detect_encoding

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
SENTENCES = [line.split("\t", 1)[1] for line in
             (FIXTURES / "klue" / "klue-ner-v1.1_dev.excerpt.tsv").read_text(encoding="utf-8").split("\n")
             if line.startswith("## klue-ner")]


def _texts(project):
    return sorted((d.text, d.title) for d in project.iter_documents())


@pytest.mark.parametrize("codec", WIDE)
@pytest.mark.parametrize("name", ["article_utf8_bom.txt", "article_crlf.txt", "article_emoji.txt", "page.html",
                                  "labelled_shapes.jsonl"])
def test_wide_file_without_bom_imports_as_its_utf8_twin(tmp_path, codec, name):
    from annotator.store import Project

    text = (FIXTURES / "import" / name).read_bytes().decode("utf-8-sig")
    (tmp_path / "utf8").mkdir()
    (tmp_path / "wide").mkdir()
    (tmp_path / "utf8" / name).write_text(text, encoding="utf-8", newline="")
    (tmp_path / "wide" / name).write_bytes(text.encode(codec))
    with Project.open(tmp_path / "a.db", "t") as a, Project.open(tmp_path / "b.db", "t") as b:
        want = import_paths(a, [tmp_path / "utf8"], add_labels=True)
        got = import_paths(b, [tmp_path / "wide"], add_labels=True)
        assert (got.imported, got.problems) == (want.imported, [p.replace("/utf8/", "/wide/") for p in want.problems])
        assert got.imported >= 1 and _texts(b) == _texts(a)
        assert [(s.start, s.end, s.label) for d in b.iter_documents() for s in b.spans(d.id)] == \
            [(s.start, s.end, s.label) for d in a.iter_documents() for s in a.spans(d.id)]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3), st.integers(8, 400),
       st.sampled_from(WIDE + ("utf-8",)), st.booleans())
def test_property_real_korean_text_is_read_in_its_encoding(sentences, cut, codec, crlf):
    text = "\n".join(sentences)[:cut]
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode(codec)
    assert detect_encoding(data) == codec


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.binary(min_size=16, max_size=600), st.sampled_from([0, 1]))
def test_property_binary_with_a_nul_on_every_other_byte_is_not_taken_for_text(raw, side):
    """Little 16-bit numbers (a table of counts, audio samples) put a NUL on every high byte, as ASCII in UTF-16
    does; they decode to control characters, or break the strict decode, and stay refused."""
    data = bytearray(len(raw) * 2)
    data[side::2] = bytes(b & 0x1F for b in raw)  # values below 32: control characters
    with pytest.raises(NotTextError):
        detect_encoding(bytes(data))


def test_a_stray_nul_in_a_utf8_file_is_still_utf8():
    data = ("부산시 규제자유특구 기사\n" * 20).encode() + b"\x00" + "끝 줄\n".encode()
    assert detect_encoding(data) == "utf-8"


def test_hangul_only_utf16_without_any_ascii(tmp_path):
    text = "".join(SENTENCES[:6]).replace(" ", "").replace(".", "")
    text = "".join(ch for ch in text if "\uac00" <= ch <= "\ud7a3")[:200]
    for codec in ("utf-16-le", "utf-16-be"):
        assert detect_encoding(text.encode(codec)) == codec


def test_small_klue_tsv_is_read_as_klue(project, tmp_path):
    path = tmp_path / "tiny.tsv"
    path.write_text("부\tB-LC\n산\tI-LC\n \tO\n시\tO\n", encoding="utf-8")
    report = import_paths(project, [path], add_labels=True)
    assert report.problems == [] and report.imported == 1
    (doc,) = project.iter_documents()
    assert doc.text == "부산 시"
    assert [(s.start, s.end, s.label) for s in project.spans(doc.id)] == [(0, 2, "LC")]


def test_a_damaged_stretch_in_a_small_utf8_file_costs_only_its_sentence(project, tmp_path):
    """Nine broken bytes in a 171-character CoNLL file (a campaign case): more than the few a file may have to be
    called UTF-8, so the whole file was refused and its intact sentences lost. Its Hangul decodes, random bytes
    do not: it is read as UTF-8 and only the damaged lines are reported."""
    damaged = (b"-DOCSTART-\n\n# newdoc id = d1\n# text = \xea\xb9\x80\xec\xb2\xa0\xec\\u0000\x88\x98 \xeb\xb6\x80"
               b"\xec\x82\xb0\n\xea\x02\x08V\x851\x9d\x80\xb9\x80\xec\xb2\xa0-PERSON\n" + "부산\tB-LOC\n\n# newdoc id = d2\n"
               "중소벤처기업부\tB-ORG\n발표\tO\n\n강원도\tB-LOC\n특구\tO\n지정\tO\n\n".encode())
    path = tmp_path / "sents.conll"
    path.write_bytes(damaged)
    report = import_paths(project, [path], add_labels=True)
    assert "중소벤처기업부 발표\n강원도 특구 지정" in [d.text for d in project.iter_documents()]
    assert report.problems and all(p.startswith(f"{path}:") and "neither UTF-8" not in p for p in report.problems)
