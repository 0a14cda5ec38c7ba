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


def test_every_shipped_pattern_list_the_validation_trusts_compiles():
    from annotator.core.scheme import shipped_pattern_keys

    keys = shipped_pattern_keys()
    assert len(keys) >= 5  # the default scheme's labels with patterns
    for label, patterns in keys:
        compile_label_patterns(label, json.loads(patterns), analyse=True)
        compile_label_patterns(label, json.loads(patterns), analyse=False)


def test_shipped_patterns_are_not_compiled_again_but_a_changed_one_is_refused(monkeypatch):
    import annotator.core.scheme as scheme_module

    data = default_scheme().to_dict()
    scheme_module._VALID_PATTERNS.clear()
    calls = []

    def counting(label, patterns, **kw):
        calls.append(label)
        return compile_label_patterns(label, patterns, **kw)

    import annotator.core.label_patterns as patterns_module  # scheme imports its compiler where it compiles

    monkeypatch.setattr(patterns_module, "compile_label_patterns", counting)
    LabelScheme.from_dict(data)
    assert calls == []  # every label's patterns are the shipped ones
    broken = json.loads(json.dumps(data))
    entity = next(e for e in broken["entities"] if e.get("patterns") and any("regex" in p for p in e["patterns"]))
    pattern = next(p for p in entity["patterns"] if "regex" in p)
    pattern["regex"] = pattern["regex"] + "("
    with pytest.raises(SchemeError):
        LabelScheme.from_dict(broken)
    assert calls == [entity["name"]]
