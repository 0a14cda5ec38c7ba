"""The fast dictionary + patterns path (candidate tuples, one automaton pass per run of lines, lazy
separation checks, boundaries from the line analyses, combine on tuples) proposes exactly what a plain
reference implementation does: the engine as it was before it was made fast, kept here, on the bundled
sample pages (every line, and content lines only) and on KLUE-NER sentences, with a dictionary of their labels.
Plus a property: every dictionary proposal lies on token boundaries of its line's analysis, without a
trailing particle, and proposals never overlap."""

from __future__ import annotations

import bisect
import json
import math

import pytest
from hypothesis import given, settings, strategies as st

from annotator.core import korean
from annotator.core.korean_snap import trim_morphs
from annotator.core.scheme import default_scheme
from annotator.nlp.suggest import boundaries, patterns as patterns_module
from annotator.nlp.suggest.base import DICTIONARY, ENTITY_SOURCES, PATTERNS
from annotator.nlp.suggest.dictionary import MIN_CHARS, EntityDictionary
from annotator.nlp.suggest.engine import Suggester
from annotator.paths import SOURCE_ROOT, resource_path
from tests.nlp.suggest import pattern_search_oracle


# The reference: straightforward code, Suggestion-shaped tuples (start, end, label, source, score, detail) ----
def pyahocorasick_automaton(finder):
    """The engine's automaton as it was: pyahocorasick over the finder's keys (the oracle of strings.py)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key in finder.keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton


def ref_boundary_matches(finder, text, regions):
    starts = [r[0] for r in regions]
    matches = []
    for last, key in pyahocorasick_automaton(finder).iter(text, regions[0][0], regions[-1][1]):
        end = last + 1
        start = end - len(key)
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or end > regions[i][1]:
            continue
        line_start, line_end = regions[i]
        separated = ((start == line_start or text[start - 1] == " ") and (end == line_end or text[end] == " ")
                     or boundaries._separated(text, start, end, line_start, line_end))
        matches.append((start, end, key, separated, line_start, line_end))
    matches.sort(key=lambda m: (m[0] - m[1], m[0]))
    kept = []
    for s, e, key, separated, line_start, line_end in matches:
        if any(k[0] < e and s < k[1] for k in kept):
            continue
        if not separated:
            if boundaries._inside_number(text, s, line_start) or boundaries._inside_number(text, e, line_start):
                continue
            morphs = [(line_start + m.start, line_start + m.end, m.tags)
                      for m in korean.analyse_line(text[line_start:line_end]).morphs]
            if not any(m[0] == s for m in morphs) or not any(m[1] == e for m in morphs):
                continue
            stripped = trim_morphs([m for m in morphs if m[0] >= s and m[1] <= e], keep_one=False)
            if not stripped or stripped[-1][1] - stripped[0][0] < MIN_CHARS:
                continue
            s, e = stripped[0][0], stripped[-1][1]
        kept.append((s, e, key))
    return sorted(kept)


def ref_regex(pattern, text, regions):
    out = []
    for start, end in regions:
        for m in pattern.regex.finditer(text[start:end]):
            s, e = m.span("ent") if "ent" in pattern.regex.groupindex else m.span()
            if s < 0:
                continue
            line = text[start:end]
            while s < e and line[s].isspace():
                s += 1
            while e > s and line[e - 1].isspace():
                e -= 1
            if s < e:
                out.append((start + s, start + e, pattern.label, PATTERNS, pattern.score, pattern.id))
    return out


def ref_raw(suggester, text, regions):
    out = []
    if not regions:
        return out
    dictionary = suggester.dictionary
    automaton = dictionary._current_automaton()
    if automaton is not None:
        for s, e, key in ref_boundary_matches(automaton, text, regions):
            label, score, detail = dictionary._best_label(key)
            out.append((s, e, label, DICTIONARY, score, detail))
    source = suggester.patterns
    for pattern in source._regexes:  # every line searched: no trigger prefilter
        out += ref_regex(pattern, text, regions)
    starts = [r[0] for r in regions]
    for pattern in source._token_patterns:
        for start, end, _whole in patterns_module._spans_worth_analysing(pattern, text, regions, starts):
            out += list(patterns_module._token_matches(pattern, text,
                                                     pattern_search_oracle._line_morphs(text, start, end)))
    if source._word_automaton is not None:
        listing: dict[str, list] = {}  # word -> the patterns listing it, in order (from the patterns themselves)
        for p in source.patterns:
            for word in p.words or ():
                listing.setdefault(word, []).append(p)
        for s, e, word in ref_boundary_matches(source._word_automaton, text, regions):
            out += [(s, e, p.label, PATTERNS, p.score, p.id) for p in listing[word]]
    return [c for c in out if c[2] in suggester.labels]


def ref_combine(candidates):
    rank = {name: i for i, name in enumerate(ENTITY_SOURCES)}
    spans = {}
    for c in candidates:
        spans.setdefault((c[3], c[2]), set()).add((c[0], c[1]))
    outer = [c for c in candidates if not any(a <= c[0] and c[1] <= b and (a, b) != (c[0], c[1])
                                              for a, b in spans[c[3], c[2]])]
    by_key = {}
    for c in outer:
        by_key.setdefault(c[:3], []).append(c)
    merged, structural = [], []
    for group in by_key.values():
        group.sort(key=lambda c: (-c[4], rank[c[3]]))
        best, scores = group[0], {}
        for c in group:
            scores[c[3]] = max(scores.get(c[3], 0.0), c[4])
        if len(scores) > 1:
            others = ", ".join(sorted(set(scores) - {best[3]}))
            best = (*best[:4], round(1.0 - math.prod(1.0 - v for v in scores.values()), 4), f"{best[5]} (also {others})")
        merged.append(best)
        if set(scores) - {"model"}:  # the longest reading of the dictionary or a pattern wins whatever the label
            structural.append((best[0], best[1]))
    merged = [c for c in merged if not any(a <= c[0] and c[1] <= b and (a, b) != (c[0], c[1]) for a, b in structural)]
    merged.sort(key=lambda c: (-c[4], c[0] - c[1], rank[c[3]], c[0]))
    taken = []
    for c in merged:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    return sorted(taken)


# The comparison ---------------------------------------------------------------------------------------------
def _sample():
    path = resource_path("samples", "seeds_labelled.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["text"], [(e["start_offset"], e["end_offset"], e["label"]) for e in r["entities"]]) for r in records]


def _klue(limit=400):
    from annotator.nlp.suggest import klue_base

    path = SOURCE_ROOT / "tests" / "fixtures" / "klue" / "klue-ner-v1.1_dev.excerpt.tsv"
    return [(s.text, list(s.spans)) for s in klue_base.load_sentences(path)[:limit]]


@pytest.fixture(scope="module")
def corpus():
    sample, klue = _sample(), _klue()
    dictionary = EntityDictionary()
    dictionary.add_documents(sample + klue[::2])  # half the sentences labelled: the others are unseen text
    return sample, klue, dictionary


def _as_tuples(found):
    return sorted((s.start, s.end, s.label, s.source, s.score, s.detail) for s in found)


@pytest.mark.parametrize("content_only", [False, True])
def test_fast_engine_equals_the_reference_on_sample_and_klue(corpus, content_only):
    sample, klue, dictionary = corpus
    suggester = Suggester(default_scheme(), sources=("dictionary", "patterns"), dictionary=dictionary,
                          content_only=content_only)
    texts = [t for t, _ in sample] + [t for t, _ in klue]
    texts.append("\n".join(t for t, _ in klue[:40]))  # many short lines in one text
    compared = 0
    for text in texts:
        regions = suggester.regions(text)
        expected_raw = ref_raw(suggester, text, regions)
        assert sorted(suggester.candidates(text, regions)) == sorted(expected_raw)
        assert _as_tuples(suggester.suggest(text).entities) == ref_combine(
            suggester.calibration.apply(text, expected_raw)), text[:60]  # each span and label scored once
        compared += len(expected_raw)
    assert compared > 1000  # the comparison is not empty


_WORDS = ["중기부", "강원", "강원도", "특구", "글로벌 혁신 특구", "과기정통부", "부산", "지자체", "12개", "2개", "3월",
          "14일", "120억 원", "차관", "장관", "충북"]
_TAILS = ["", "는", "의", "와", "도", "를", "에서", "·", ", ", "요", "청", "(", ")", "은"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_TAILS), st.sampled_from([" ", "", "\n", " \n"])),
                min_size=1, max_size=10))
def test_property_fast_equals_reference_and_proposals_sit_on_line_boundaries(pieces):
    text = "".join(w + t + sep for w, t, sep in pieces)
    dictionary = EntityDictionary([("중기부", "ORG"), ("강원", "LOC"), ("글로벌 혁신 특구", "POLICY"), ("부산", "LOC"),
                                   ("2개", "QUANTITY"), ("충북", "LOC")])
    suggester = Suggester(default_scheme(), sources=("dictionary", "patterns"), dictionary=dictionary,
                          content_only=False)
    regions = suggester.regions(text)
    expected = ref_raw(suggester, text, regions)
    assert sorted(suggester.candidates(text, regions)) == sorted(expected)
    assert _as_tuples(suggester.suggest(text).entities) == ref_combine(suggester.calibration.apply(text, expected))
    found = dictionary.suggest(text)
    for s in found:
        line_start = text.rfind("\n", 0, s.start) + 1
        line_end = text.find("\n", s.end) % (len(text) + 1)
        morphs = korean.analyse_line(text[line_start:line_end]).morphs
        bounds = {line_start + m.start for m in morphs} | {line_start + m.end for m in morphs}
        assert s.start in bounds and s.end in bounds, (text[line_start:line_end], text[s.start:s.end])
        last = next(m for m in reversed(morphs) if line_start + m.end <= s.end)
        assert not last.tags[0].startswith("J")  # no particle kept at its end (중기부는 -> 중기부)
        assert dictionary.labels_of(text[s.start:s.end])
    spans = sorted((s.start, s.end) for s in found)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
