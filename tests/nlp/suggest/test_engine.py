"""Combining sources, leaving labelled and rejected spans alone, content lines only, relation rules."""

from __future__ import annotations

import math

import pytest

from annotator.core import korean
from annotator.core.scheme import default_scheme
from annotator.nlp.suggest.base import Suggestion, combine
from annotator.nlp.suggest.dictionary import EntityDictionary
from annotator.nlp.suggest.engine import SourceError, Suggester, parse_sources
from annotator.nlp.suggest.relations import suggest_relations


def test_suggestion_values_are_checked():
    with pytest.raises(ValueError):
        Suggestion(3, 3, "ORG", "model", 0.5)
    with pytest.raises(ValueError):
        Suggestion(0, 3, "ORG", "model", 1.5)


def test_combine_keeps_the_best_of_overlaps_and_raises_agreement():
    a = Suggestion(0, 5, "QUANTITY", "patterns", 0.75, "quantity-counted-noun")
    b = Suggestion(0, 3, "QUANTITY", "model", 0.67)
    c = Suggestion(0, 5, "QUANTITY", "model", 0.5)
    d = Suggestion(10, 12, "ORG", "dictionary", 0.2)
    kept = combine([a, b, c, d], min_score=0.3)
    assert [(s.start, s.end) for s in kept] == [(0, 5)]
    assert kept[0].score == pytest.approx(1 - 0.25 * 0.5) and "also model" in kept[0].detail


def test_agreement_counts_each_source_once():
    date = [Suggestion(0, 5, "DATE", "patterns", 0.8, "date-full"), Suggestion(0, 5, "DATE", "patterns", 0.6, "x")]
    assert combine(date)[0].score == 0.8  # two patterns of one source: one opinion
    assert combine(date + [Suggestion(0, 5, "DATE", "model", 0.5)])[0].score == pytest.approx(1 - 0.2 * 0.5)


def test_parse_sources():
    assert parse_sources("patterns, dictionary") == ("patterns", "dictionary")
    with pytest.raises(SourceError, match="spacy"):
        parse_sources("patterns,spacy")


def test_labelled_and_rejected_spans_are_not_proposed_again():
    text = "중기부는 13일 발표했다."
    suggester = Suggester(default_scheme(), sources=("dictionary", "patterns"),
                          dictionary=EntityDictionary([("중기부", "ORG")]), content_only=False)
    assert [(s.start, s.end, s.label) for s in suggester.suggest(text).entities] == [(0, 3, "ORG"), (5, 8, "DATE")]
    assert [s.label for s in suggester.suggest(text, labelled=[(0, 4, "ORG")]).entities] == ["DATE"]
    assert [s.label for s in suggester.suggest(text, rejected=[(5, 8, "DATE")]).entities] == ["ORG"]


def test_only_content_lines_by_default():
    from annotator.paths import resource_path

    text = resource_path("samples", "000_fcb37cc8a9ada870.txt").read_text(encoding="utf-8")
    suggester = Suggester(default_scheme(), sources=("dictionary",), dictionary=EntityDictionary([("부산", "LOC")]))
    ticker = text.index("구름조금부산")
    assert all(not (ticker <= s.start < ticker + 10) for s in suggester.suggest(text).entities)
    assert suggester.suggest(text).entities  # 부산 in the article body is proposed


def test_relation_rules_on_sample_sentences():
    scheme = default_scheme()
    text = "오기웅 중소벤처기업부 차관은 13일 강원을 방문했다."
    person, org, title = (0, 3, "PERSON"), (4, 11, "ORG"), (12, 14, "TITLE")
    found = {(r.head, r.tail, r.label) for r in suggest_relations(text, [person, org, title], scheme,
                                                                   korean.sentences(text))}
    assert found == {(person, title, "holds_title"), (person, org, "belongs_to")}
    text = "임시허가 5개 △실증특례 17개 등으로"
    ents = [(0, 4, "POLICY"), (5, 7, "QUANTITY"), (9, 13, "POLICY"), (14, 17, "QUANTITY")]
    found = {(r.head, r.tail, r.label) for r in suggest_relations(text, ents, scheme, [(0, len(text))])}
    assert found == {(ents[0], ents[1], "has_figure"), (ents[2], ents[3], "has_figure")}


def test_relations_follow_the_scheme():
    from annotator.core.scheme import LabelScheme

    scheme = LabelScheme.from_dict({"entities": [{"name": "PERSON"}, {"name": "TITLE"}], "relations": []})
    text = "김부겸 국무총리"
    assert suggest_relations(text, [(0, 3, "PERSON"), (4, 8, "TITLE")], scheme, [(0, len(text))]) == []


def test_engine_relations_only_when_asked():
    text = "김부겸 국무총리는 말했다."
    dictionary = EntityDictionary([("김부겸", "PERSON")])
    without = Suggester(default_scheme(), sources=("dictionary", "patterns"), dictionary=dictionary,
                        content_only=False).suggest(text)
    with_rel = Suggester(default_scheme(), sources=("dictionary", "patterns", "relations"), dictionary=dictionary,
                         content_only=False).suggest(text)
    assert without.relations == [] and [r.label for r in with_rel.relations] == ["holds_title"]
    assert with_rel.counts()["relations_by_label"] == {"holds_title": 1}


def test_within_a_source_the_longer_proposal_of_a_label_wins_before_sources_are_combined():
    short = Suggestion(3, 6, "QUANTITY", "patterns", 0.75, "quantity-count")
    long = Suggestion(3, 14, "QUANTITY", "patterns", 0.75, "quantity-counted-noun")
    model = Suggestion(3, 6, "QUANTITY", "model", 0.67)
    assert [(s.start, s.end, s.detail) for s in combine([short, long, model])] == [(3, 14, "quantity-counted-noun")]


def _combine_oracle(suggestions):
    """combine() written the slow, quadratic way: the reference for the faster one."""
    from annotator.nlp.suggest.base import _source_rank

    suggestions = list(suggestions)
    spans = {}
    for s in suggestions:
        spans.setdefault((s.source, s.label), []).append((s.start, s.end))
    outer = [s for s in suggestions if not any(a <= s.start and s.end <= b and (a, b) != (s.start, s.end)
                                               for a, b in spans[s.source, s.label])]
    by_key, sources = {}, {}
    for s in outer:
        by_key.setdefault(s.key, []).append(s)
        sources.setdefault(s.key, set()).add(s.source)
    merged = []
    for group in by_key.values():
        group.sort(key=lambda s: (-s.score, _source_rank(s.source)))
        best, scores = group[0], {}
        for s in group:
            scores[s.source] = max(scores.get(s.source, 0.0), s.score)
        agreed = 1.0 - math.prod(1.0 - score for score in scores.values())
        merged.append(Suggestion(best.start, best.end, best.label, best.source, round(agreed, 4)))
    structural = [(s.start, s.end) for s in merged if s.source != "model" or len(sources[s.key]) > 1]
    merged = [s for s in merged if not any(a <= s.start and s.end <= b and (a, b) != (s.start, s.end)
                                           for a, b in structural)]
    merged.sort(key=lambda s: (-s.score, -(s.end - s.start), _source_rank(s.source), s.start))
    taken = []
    for s in merged:
        if all(s.end <= t.start or s.start >= t.end for t in taken):
            taken.append(s)
    return sorted((s.start, s.end, s.label) for s in taken)


from hypothesis import given, settings, strategies as st  # noqa: E402

_SUGGESTION = st.builds(lambda a, n, label, source, score: Suggestion(a, a + n, label, source, score),
                        st.integers(0, 30), st.integers(1, 6), st.sampled_from(["ORG", "LOC"]),
                        st.sampled_from(["dictionary", "patterns", "model"]), st.sampled_from([0.3, 0.5, 0.8]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_SUGGESTION, max_size=25))
def test_combine_keeps_what_the_quadratic_reference_keeps(suggestions):
    kept = combine(suggestions)
    assert [(s.start, s.end, s.label) for s in kept] == _combine_oracle(suggestions)
    assert all(a.end <= b.start for a, b in zip(kept, kept[1:]))


def test_the_longest_reading_wins_across_labels_unless_only_the_model_reads_it():
    zone = Suggestion(0, 17, "ZONE", "patterns", 0.6, "named-zone")  # 부산 블록체인 규제자유특구
    region = Suggestion(0, 2, "LOC", "dictionary", 0.9)  # 부산, labelled often
    assert [(s.start, s.end, s.label) for s in combine([zone, region])] == [(0, 17, "ZONE")]
    assert [(s.start, s.end, s.label) for s in combine([zone, region], min_score=0.7)] == [(0, 2, "LOC")]
    long_guess = Suggestion(0, 17, "ORG", "model", 0.95)
    assert [(s.start, s.end, s.label) for s in combine([long_guess, region])] == [(0, 17, "ORG")]  # by score
    assert [(s.start, s.end, s.label) for s in combine([Suggestion(0, 17, "ORG", "model", 0.5), region])] == \
        [(0, 2, "LOC")]


def test_sentences_split_by_punctuation_not_inside_numbers():
    from annotator.nlp.suggest.relations import sentence_spans

    text = "성장률은 3.5%였다. 중기부는 “지정했다.” 이어 No.1 기업이 왔다\n다음 줄"
    spans = sentence_spans(text, [(0, text.index("\n")), (text.index("\n") + 1, len(text))])
    assert [text[a:b] for a, b in spans] == ["성장률은 3.5%였다.", "중기부는 “지정했다.”", "이어 No.1 기업이 왔다", "다음 줄"]
    text = "그는 “의미가 있다”며 “이번 특구로 1조원 매출”이라고 말했다."  # two quoted statements, taken apart
    assert [text[a:b] for a, b in sentence_spans(text, [(0, len(text))])] == [
        "그는 “의미가 있다”며", "“이번 특구로 1조원 매출”이라고 말했다."]


def test_a_place_with_eseo_locates_the_event_not_the_organisations_there():
    from annotator.nlp.suggest.relations import document_candidates

    text = "정부는 군산 새만금컨벤션센터에서 규제자유특구위원회를 열고 정책 공유회를 개최했다."
    loc = (text.index("군산"), text.index("에서"), "LOC")
    org = (text.index("규제자유특구위원회"), text.index("규제자유특구위원회") + 9, "ORG")
    event = (text.index("정책 공유회"), text.index("정책 공유회") + 6, "EVENT")
    found = {(r.head, r.tail, r.label) for r in document_candidates(text, [loc, org, event], default_scheme(),
                                                                    [(0, len(text))])}
    assert (event, loc, "located_in") in found and (org, loc, "located_in") not in found
    text = "원주의료기기테크노밸리는 강원 원주시에 위치한 기관이다."
    org = (0, 11, "ORG")
    loc = (text.index("강원"), text.index("에 위치"), "LOC")
    assert [r.label for r in document_candidates(text, [org, loc], default_scheme(), [(0, len(text))])] == \
        ["located_in"]


def test_an_alias_proposes_nothing_and_runs_needs_the_verb_after_the_policy():
    from annotator.nlp.suggest.relations import document_candidates

    text = "과학기술정보통신부(이하 과기정통부)는 대전에서 정책 공유회를 개최했다."
    full = (0, 9, "ORG")
    alias = (text.index("과기정통부"), text.index("과기정통부") + 5, "ORG")
    event = (text.index("정책 공유회"), text.index("정책 공유회") + 6, "EVENT")
    found = {(r.head, r.label) for r in document_candidates(text, [full, alias, event], default_scheme(),
                                                            [(0, len(text))])}
    assert found == {(full, "hosts")}
    text = "중기부는 글로벌 혁신 특구를 추진한다. 정부 관계자는 지자체가 탄소중립 목표에 참여하는 계기를 마련했다고 말했다."
    org, policy = (0, 3, "ORG"), (5, 14, "POLICY")
    gov, neutral = (text.index("정부"), text.index("정부") + 2, "ORG"), (text.index("탄소중립"), text.index("탄소중립") + 4,
                                                                       "POLICY")
    found = {(r.head, r.tail, r.label) for r in document_candidates(text, [org, policy, gov, neutral], default_scheme(),
                                                                    [(0, len(text))])}
    assert found == {(org, policy, "runs")}


def _candidates(text, words):
    """The rules' candidates among entities given as (surface, label), each at its first place in text."""
    from annotator.nlp.suggest.relations import document_candidates

    ents = []
    for surface, label in words:
        start = text.index(surface)
        ents.append((start, start + len(surface), label))
    return {(text[r.head[0]:r.head[1]], text[r.tail[0]:r.tail[1]], r.label)
            for r in document_candidates(text, ents, default_scheme(), [(0, len(text))])}


def test_rules_for_designates_dates_and_attends_on_sample_sentences():
    text = ("정부는 1일 군산 새만금컨벤션센터에서 김부겸 국무총리 주재로 규제자유특구위원회를 개최, 강원 정밀의료 산업 등"
            " 4개 규제자유특구를 신규로 지정하는 한편 실증 종료된 특구사업의 안착화 방안을 의결했다.")
    assert ("정부", "강원 정밀의료 산업", "designates") in _candidates(
        text, [("정부", "ORG"), ("강원 정밀의료 산업", "ZONE"), ("규제자유특구위원회", "ORG")])
    # the zone named as a place, not designated in the sentence: nothing
    assert not any(k == "designates" for *_, k in _candidates(
        "중기부는 강원 정밀의료 산업 특구에서 간담회를 열었다.", [("중기부", "ORG"), ("강원 정밀의료 산업", "ZONE")]))
    text = "과학기술정보통신부는 대전 신세계 엑스포타워에서 지역과학기술 정책 공유회를 14일 개최했다."
    assert ("지역과학기술 정책 공유회", "14일", "on_date") in _candidates(
        text, [("지역과학기술 정책 공유회", "EVENT"), ("14일", "DATE")])
    text = "이날 회의에서는 지난 ‘19년 7월에 1차로 지정된 특구의 24개 사업이 오는 8월 실증 종료될 예정이다."
    assert ("특구", "‘19년 7월", "on_date") in _candidates(text, [("‘19년 7월", "DATE"), ("특구", "ZONE")])
    text = "부산·강원·충북·전남은 중기부 차관과 4개 시·도 부단체장이 참여하는 '글로벌 혁신 특구 추진 협의회'를 운영한다."
    assert ("중기부", "글로벌 혁신 특구 추진 협의회", "attends") in _candidates(
        text, [("중기부", "ORG"), ("글로벌 혁신 특구 추진 협의회", "EVENT")])
    # an event merely mentioned after the organisation: not attended
    assert not any(k == "attends" for *_, k in _candidates(
        "중기부는 오는 9월 혁신 특구 설명회를 연다.", [("중기부", "ORG"), ("혁신 특구 설명회", "EVENT")]))
