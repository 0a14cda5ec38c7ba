"""Property tests of the one-document-per-file importers (issue 10): brat pairs, plain text in every
encoding the detector accepts (with broken bytes and NULs), and HTML nested to any depth."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.html_text import MAX_DEPTH
from tests.fuzz_oracle import FUZZ, Expected, check_import, words


@st.composite
def article(draw, n: int):
    """Lines of words, the last line holding a unique marker; returns (lines, [(line, start, end)])."""
    lines = draw(st.lists(st.lists(words, min_size=1, max_size=5), min_size=1, max_size=4))
    lines[-1] = lines[-1] + [f"{n}번"]
    return [" ".join(line) for line in lines]


# brat -------------------------------------------------------------------------------------------------
@st.composite
def brat_pair(draw, n: int):
    """(.txt bytes, .ann text, expected text, spans, relations, reported .ann lines, reported .txt)."""
    lines = draw(article(n))
    text = "\n".join(lines)
    offsets, pos = [], 0
    for line in lines:
        for word in line.split(" "):
            offsets.append((pos, pos + len(word), word))
            pos += len(word) + 1
    crlf = draw(st.booleans())
    raw = (lambda o: o + text.count("\n", 0, o)) if crlf else (lambda o: o)
    chosen = draw(st.lists(st.integers(0, len(offsets) - 1), unique=True, max_size=5))
    ann, spans, ids, ambiguous, reported = [], set(), {}, set(), set()
    for k, i in enumerate(chosen):
        start, end, word = offsets[i]
        label = "PERSON" if k % 2 == 0 else "ORG"
        fault = draw(st.sampled_from(["none", "none", "none", "mismatch", "duplicate"]))
        ident = "T1" if fault == "duplicate" else f"T{k + 1}"
        ann.append(f"{ident}\t{label} {raw(start)} {raw(end)}\t{word + '틀림' if fault == 'mismatch' else word}")
        if fault == "mismatch":  # the text column differs from the .txt: reported, entity skipped
            reported.add(len(ann))
            continue
        spans.add((start, end, label))
        if ident in ids or ident in ambiguous:  # an id used twice: reported, its relations skipped
            reported.add(len(ann))
            ambiguous.add(ident)
            ids.pop(ident, None)
        else:
            ids[ident] = (start, end, label)
    relations = set()
    for k in range(0, len(chosen) - 1, 2):
        head, tail = f"T{k + 1}", f"T{k + 2}"
        for repeat in range(draw(st.integers(1, 2))):
            ann.append(f"R{len(ann) + 1}\tbelongs_to Arg1:{head} Arg2:{tail}")
            if head not in ids or tail not in ids or repeat:  # missing, ambiguous, or the same again
                reported.add(len(ann))
            else:
                relations.add((ids[head], ids[tail], "belongs_to"))
    if draw(st.booleans()):
        ann.insert(0, "X9\tnot a brat line")
        reported = {1} | {line + 1 for line in reported}
    nul = draw(st.booleans()) and " " in text
    body = text.replace("\n", "\r\n") if crlf else text
    data = body.encode("utf-8")
    if nul:
        data = data.replace(b" ", b"\x00", 1)
    return data, "\n".join(ann) + "\n", text, spans, relations, reported, nul


@FUZZ
@given(st.data())
def test_brat(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("brat")
    folder = root / "collection"
    folder.mkdir()
    expected, anns = Expected(), []
    for n in range(data.draw(st.integers(1, 4))):
        txt, ann, text, spans, relations, reported, nul = data.draw(brat_pair(n))
        (folder / f"doc{n}.txt").write_bytes(txt)
        (folder / f"doc{n}.ann").write_text(ann, encoding="utf-8")
        path = folder / f"doc{n}.ann"
        anns.append(path)
        expected.doc(text, spans, relations)
        expected.report |= {(str(path), line) for line in reported}
        if nul:
            expected.report.add((str(path), 0))
    check_import(root, anns, expected)


# plain text -------------------------------------------------------------------------------------------
ENCODINGS = ("utf-8", "utf-8-sig", "cp949", "euc-kr", "utf-16", "utf-16-be-bom")


@FUZZ
@given(st.data())
def test_plain_text_files(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("txt")
    expected, paths = Expected(), []
    for n in range(data.draw(st.integers(1, 4))):
        lines = data.draw(article(n))
        encoding = data.draw(st.sampled_from(ENCODINGS))
        newline = data.draw(st.sampled_from(["\n", "\r\n"]))
        path = root / f"article{n}.txt"
        paths.append(path)
        if encoding in ("utf-16", "utf-16-be-bom", "utf-8-sig"):  # whole-file encodings with a BOM
            whole = newline.join(lines) + newline
            path.write_bytes(codecs.BOM_UTF16_BE + whole.encode("utf-16-be") if encoding == "utf-16-be-bom"
                             else whole.encode(encoding))
            expected.doc("\n".join(lines))
            continue
        raw_lines = [ln.encode(encoding) for ln in lines]
        sep = newline.encode("ascii")
        fault = data.draw(st.sampled_from(["none", "none", "bad_byte", "nul", "empty"])) \
            if encoding in ("utf-8", "cp949") else "none"
        at = data.draw(st.integers(0, len(lines) - 1))
        if fault == "bad_byte" and encoding == "utf-8":
            raw_lines[at] = raw_lines[at] + b"\xff"
            lines[at] = lines[at] + "\ufffd"
            expected.report.add((str(path), at + 1))
        elif fault == "nul":
            raw_lines[at] = b"\x00" + raw_lines[at]
            expected.report.add((str(path), at + 1))
        elif fault == "empty":
            raw_lines, lines = [b"  ", b""], []
            expected.report.add((str(path), 0))
        path.write_bytes(sep.join(raw_lines) + sep)
        if lines:
            expected.doc("\n".join(lines))
    check_import(root, paths, expected)


# HTML -------------------------------------------------------------------------------------------------
@FUZZ
@given(st.data())
def test_html_pages(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("html")
    expected, paths = Expected(), []
    for n in range(data.draw(st.integers(1, 3))):
        paragraphs = [" ".join(p) for p in data.draw(st.lists(st.lists(words, min_size=1, max_size=4),
                                                              min_size=1, max_size=4))] + [f"{n}번 기사"]
        body = []
        deep = data.draw(st.integers(0, 6)) == 0
        for p in paragraphs:
            depth = MAX_DEPTH + 50 if deep and p is paragraphs[0] else data.draw(st.integers(0, 30))
            body.append("".join(f'<div class="c{d}">' for d in range(depth)) + f"<p>{p}</p>" + "</div>" * depth)
        path = root / f"page{n}.html"
        paths.append(path)
        path.write_text("<!doctype html><html><body>" + "\n".join(body) + "</body></html>", encoding="utf-8")
        expected.doc("\n\n".join(paragraphs))
        if deep:
            expected.report.add((str(path), 0))  # the nesting cap is named
    check_import(root, paths, expected)
