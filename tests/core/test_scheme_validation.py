"""Validating a scheme compiles its patterns without their regex prefilters: it must accept and refuse
exactly what the full compilation (with trigger and radius) does."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.label_patterns import PatternError, compile_label_patterns
from annotator.core.scheme import LabelScheme, SchemeError, default_scheme, klue_scheme
from annotator.paths import resource_path


def _outcome(label, entries, analyse):
    try:
        compiled = compile_label_patterns(label, entries, analyse=analyse)
    except PatternError as exc:
        return ("refused", str(exc))
    return ("ok", [(p.id, p.score, p.regex, p.tokens, p.words, p.anchors, p.requires) for p in compiled])


REGEX_PIECES = ["[가-힣]{2,4}", "(?<=\\d)일", "\\d+", "(", ")", "|", "?", "*", "(?=기자)", "(?:", "특구", "[^\\n]",
                ".", "\\b", "{2}", "]", "[", "(?P<x>a)", "(?P=x)", "\\", "+", "^", "$", "(?i)", "a"]


@pytest.mark.filterwarnings("ignore::FutureWarning")  # "[[" and the like: re warns, then compiles them
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(REGEX_PIECES), min_size=0, max_size=8).map("".join),
       st.sampled_from([0.5, 0.9, 2, "x"]), st.booleans())
def test_validation_refuses_what_full_compilation_refuses(regex, score, enabled):
    entries = [{"id": "p1", "regex": regex, "score": score, "enabled": enabled},
               {"id": "p2", "words": ["규제자유특구"]}]
    assert _outcome("기관", entries, False) == _outcome("기관", entries, True)


def test_shipped_schemes_compile_the_same_with_and_without_prefilters():
    for scheme in (default_scheme(), klue_scheme()):
        for entity in scheme.entities:
            assert _outcome(entity.name, entity.patterns, False) == _outcome(entity.name, entity.patterns, True)
    # and the matchers still get the prefilters
    assert any(p.trigger for p in default_scheme().compiled_patterns() if p.regex is not None)


def test_a_bad_pattern_in_a_scheme_file_is_still_refused():
    data = json.loads(resource_path("schemes", "default.json").read_text(encoding="utf-8"))
    data["entities"][0]["patterns"] = [{"id": "broken", "regex": "(unclosed"}]
    with pytest.raises(SchemeError, match="not a valid regular expression"):
        LabelScheme.from_dict(data)
