"""Property tests of the KLUE-NER and CoNLL importers (issue 10) against an independent oracle: each
generated sentence is good (stored exactly, with its entities) or broken at one line (reported there)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz_oracle import FUZZ, Expected, check_import, words

KLUE_LABELS = ("PS", "LC", "OG", "DT", "QT")
CONLL_LABELS = ("ORG", "LOC", "PERSON")


def iob_spans(tokens: list[tuple[str, str]], sep: str) -> tuple[str, set]:
    """Text and entities of IOB2-tagged pieces joined by `sep` (B- starts, I- of the same label continues)."""
    text, spans, current = "", [], None
    for i, (piece, tag) in enumerate(tokens):
        if i:
            text += sep
        start = len(text)
        text += piece
        if tag == "O":
            current = None
        elif tag.startswith("I-") and current is not None and current[2] == tag[2:]:
            current[1] = len(text)
        else:
            current = [start, len(text), tag[2:]]
            spans.append(current)
    return text, {tuple(s) for s in spans}


@st.composite
def tagged_words(draw, labels, n: int):
    """Words with a label or None each, ending in a unique untagged word."""
    items = draw(st.lists(st.tuples(words, st.one_of(st.none(), st.sampled_from(labels))), min_size=1, max_size=6))
    return items + [(f"{n}번", None)]


# KLUE ----------------------------------------------------------------------------------------------
KLUE_BREAKS = ("extra_column", "two_characters", "no_tag")


@st.composite
def klue_sentence(draw, n: int):
    """(lines, text or None, spans, index of the broken line or None)."""
    chars: list[tuple[str, str]] = []
    for w, (word, label) in enumerate(draw(tagged_words(KLUE_LABELS, n))):
        if w:
            chars.append((" ", "O"))
        for i, ch in enumerate(word):
            chars.append((ch, "O" if label is None else ("B-" if i == 0 else "I-") + label))
    text, spans = iob_spans(chars, "")
    lines = [f"## klue-ner-v1_dev_{n:05d}-wikitree\t{text}"] + [f"{c}\t{t}" for c, t in chars]
    broken = None
    if draw(st.booleans()):
        at = draw(st.integers(1, len(lines) - 1))
        kind = draw(st.sampled_from(KLUE_BREAKS))
        ch, tag = chars[at - 1]
        if ch == " " and kind == "no_tag":
            kind = "extra_column"  # a line of spaces alone is a sentence break, not a broken line
        lines[at] = {"extra_column": f"{ch}\tX\t{tag}", "two_characters": f"{ch}{ch}\t{tag}",
                     "no_tag": f"{ch}{ch}"}[kind]
        broken = at
    return lines, None if broken is not None else text, spans, broken


@FUZZ
@given(st.data())
def test_klue(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("klue")
    path = root / "ner.tsv"
    expected, lines = Expected(), ["## 컬럼명 : CHAR\tNE_TAG", ""]
    for n in range(data.draw(st.integers(1, 8))):
        sentence, text, spans, broken = data.draw(klue_sentence(n))
        if broken is not None:
            expected.report.add((str(path), len(lines) + 1 + broken))
        else:
            expected.doc(text, spans)
        lines += sentence + [""]
    path.write_text("\n".join(lines), encoding="utf-8")
    check_import(root, [path], expected)


# CoNLL ---------------------------------------------------------------------------------------------
@st.composite
def conll_sentence(draw, n: int):
    """(lines, tokens kept by the importer, index of a broken line or None). Tokens may start with '#'."""
    tokens: list[tuple[str, str]] = []
    for word, label in draw(tagged_words(CONLL_LABELS, n)):
        if draw(st.integers(0, 4)) == 0:
            word = "#" + word  # a hashtag token, not a comment
        tokens.append((word, "O" if label is None else "B-" + label))
        if label is not None and draw(st.booleans()):
            tokens.append((draw(words), "I-" + label))
    lines = [f"{tok}\t{tag}" for tok, tag in tokens]
    kept, broken = list(tokens), None
    if draw(st.booleans()):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, "태그없는토큰")  # a token line without a tag: that line is reported and skipped
        broken = at
    comment = draw(st.booleans())
    if comment:
        lines.insert(0, "# 메모 문장 앞의 주석")
        broken = None if broken is None else broken + 1
    return lines, kept, broken


@FUZZ
@given(st.data())
def test_conll(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("conll")
    path = root / "ner.conll"
    expected, lines = Expected(), []
    for n in range(data.draw(st.integers(1, 8))):
        sentence, kept, broken = data.draw(conll_sentence(n))
        if broken is not None:
            expected.report.add((str(path), len(lines) + 1 + broken))
        text, spans = iob_spans(kept, " ")
        expected.doc(text, spans)
        lines += sentence + [""]
    path.write_text("\n".join(lines), encoding="utf-8")
    check_import(root, [path], expected)
