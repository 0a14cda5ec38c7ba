"""The default scheme's Korean patterns on phrasings from the bundled sample pages, and the pattern format."""

from __future__ import annotations

import json

import pytest

from annotator.core.label_patterns import compile_label_patterns
from annotator.core.scheme import LabelScheme, SchemeError, default_scheme
from annotator.nlp.suggest.base import combine
from annotator.nlp.suggest.patterns import PatternSource


@pytest.fixture(scope="module")
def patterns():
    return PatternSource.from_scheme(default_scheme())


def found(patterns, text, label=None):
    """The combined (non-overlapping) pattern proposals as (surface, label)."""
    return [(text[s.start:s.end], s.label) for s in combine(patterns.suggest(text)) if label in (None, s.label)]


@pytest.mark.parametrize("sentence, expected", [
    # 002: dates with particles, a year before 까지, an abbreviated year, a month alone
    ("지난해 12월부터 12개 지자체가 희망하는 28개 특구 사업에 대해", "지난해 12월"),
    ("2030년까지 1조5000억원, 고용유발 2111명", "2030년"),
    ("‘19년 7월에 1차로 지정된 특구의 24개 사업이", "‘19년 7월"),
    ("8월 실증특례 기간이 끝나는", "8월"),
    ("정부는\xa01일 군산 새만금컨벤션센터에서", "1일"),
    # 000: a date written without a space, a day alone
    ("중기부는 지난해 12월28일 부산·강원·충북·전남", "지난해 12월28일"),
    ("오 차관은 13일 강원 AI헬스케어 글로벌 혁신 특구의", "13일"),
    # the phrasings
    ("2024년 7월 26일 열린 회의에서", "2024년 7월 26일"),
    ("오는 26일(월) 설명회를 연다", "26일(월)"),
    ("지난달 28일(현지시각) 공개된", "지난달 28일"),
    ("공동으로 7일∼13일 전국의", "7일∼13일"),
    ("소장을 제출하고, 10월 말에서", "10월 말"),
    ("회장의 잔여임기 1년7개월가량을", "1년7개월"),
    ("’24년 하반기 공모를 거쳐", "’24년 하반기"),
])
def test_date_patterns(patterns, sentence, expected):
    assert (expected, "DATE") in found(patterns, sentence, "DATE")


@pytest.mark.parametrize("sentence, expected", [
    ("2030년까지 1조5000억원, 고용유발 2111명", "1조5000억원"),
    ("국비 120억 원을 투입한다", "120억 원"),
    ("기업당 3천만 원씩 지원", "3천만 원"),
])
def test_money_patterns(patterns, sentence, expected):
    assert found(patterns, sentence, "MONEY") == [(expected, "MONEY")]


@pytest.mark.parametrize("sentence, expected", [
    ("임시허가 5개 △실증특례 17개 등으로", ["5개", "17개"]),
    ("고용유발 2111명, 창업과 기업유치 339개사 등의 성과가", ["2111명", "339개사"]),
    ("14개 시도와 3곳에서", ["14개 시도", "3곳"]),
    ("전체 응답자 2천563명 가운데 1만1천278명이", ["2천563명", "1만1천278명"]),
    # a count before a zone is QUANTITY + ZONE (the entity gold's rule, scripts/suggest_devset/README.md)
    ("지난해 12월부터 12개 지자체가 희망하는 28개 특구 사업에", ["12개 지자체", "28개"]),
    ("등 7개 시·도에서, 281만 3223㎡와 0.6㏊", ["7개 시·도", "281만 3223㎡", "0.6㏊"]),
])
def test_quantity_patterns(patterns, sentence, expected):
    assert [t for t, _ in found(patterns, sentence, "QUANTITY")] == expected


def test_months_and_durations_are_not_quantities(patterns):
    assert found(patterns, "3개월 동안 2개년 계획", "QUANTITY") == []


@pytest.mark.parametrize("sentence, expected", [
    ("오기웅 중소벤처기업부 차관은 13일", ["차관"]),
    ("이창윤 과기정통부 1차관은 “지역 혁신을", ["1차관"]),
    ("김부겸 국무총리 주재로 열린", ["국무총리"]),
    ("권칠승 중수벤처기업부 장관은 “규제자유특구가", ["장관"]),
    ("4개 시·도 부단체장들과 함께", ["부단체장"]),
    ("김 청장과 박 원장이 참석했다", ["청장", "원장"]),
])
def test_title_patterns(patterns, sentence, expected):
    assert [t for t, _ in found(patterns, sentence, "TITLE")] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("오기웅 중소벤처기업부 차관은 13일 강원", ["오기웅"]),
    ("권칠승 중수벤처기업부 장관은 “규제자유특구가", ["권칠승"]),
    ("김부겸 국무총리 주재로 열린", ["김부겸"]),
    ("이창윤 과기정통부 1차관은 “지역 혁신을", ["이창윤"]),
    ("오기웅 차관과 이창윤 차관이", ["오기웅", "이창윤"]),
    # a word before a title that is not a name: an organisation, a particle, a party, no surname first
    ("해당 부처 장관은", []), ("기재부 장관은", []), ("이번에 장관은", []), ("민주당 대표는", []),
    ("강원도 도지사는", []), ("오기웅 차관급 회의", []),
])
def test_person_before_a_title(patterns, sentence, expected):
    assert [t for t, _ in found(patterns, sentence, "PERSON")] == expected


@pytest.mark.parametrize("sentence, label, expected", [
    ("중기부는 지난해 12월28일 부산·강원·충북·전남", "ORG", ["중기부"]),
    ("이창윤 과기정통부 1차관은", "ORG", ["과기정통부"]),
    ("과학기술정보통신부와 연구개발특구진흥재단은", "ORG", ["과학기술정보통신부", "연구개발특구진흥재단"]),
    ("중소벤처기업부(장관 권칠승)는", "ORG", ["중소벤처기업부"]),
    ("정부는 1일 군산 새만금컨벤션센터에서", "ORG", ["정부"]),  # the government as an actor; the venue is a LOC
    ("중기부는 지난해 12월28일 부산·강원·충북·전남", "LOC", ["부산", "강원", "충북", "전남"]),
    ("강원특별자치도와 충청북도는", "LOC", ["강원특별자치도", "충청북도"]),
    ("경기 침체로 부산시는", "LOC", ["부산시"]),  # 경기 (the economy) is left out
    ("부산대학교와 전남대", "LOC", []),  # inside a longer word
])
def test_government_and_region_names(patterns, sentence, label, expected):
    assert [t for t, _ in found(patterns, sentence, label)] == expected


def test_title_needs_nothing_attached_after(patterns):
    assert found(patterns, "장관은 말했다", "TITLE") == [("장관", "TITLE")]  # a title alone is one too (the guideline)
    assert found(patterns, "오기웅 장관급 회의", "TITLE") == []


def test_no_date_inside_other_numbers(patterns):
    assert found(patterns, "전화 02-1234-5678, 면적 3.5일", "DATE") == []


def _scheme(patterns):
    return {"name": "t", "entities": [{"name": "X", "patterns": patterns}]}


def test_scheme_without_patterns_still_loads_and_saves_without_the_key(tmp_path):
    scheme = LabelScheme.from_dict({"name": "old", "entities": [{"name": "ORG"}]})
    assert scheme.entities[0].patterns == []
    assert "patterns" not in scheme.to_dict()["entities"][0]


def test_default_scheme_round_trips_its_patterns(tmp_path):
    scheme = default_scheme()
    path = tmp_path / "s.json"
    scheme.save(path)
    again = LabelScheme.load(path)
    assert again.entity("DATE").patterns == scheme.entity("DATE").patterns
    assert len(again.compiled_patterns()) == len(scheme.compiled_patterns()) >= 8


@pytest.mark.parametrize("patterns, message", [
    ([{"id": "a", "regex": "("}], "not a valid regular expression"),
    ([{"id": "a", "regex": "\\d*"}], "matches the empty string"),
    ([{"id": "a"}], "exactly one of regex, tokens and words"),
    ([{"id": "a", "regex": "x", "tokens": [{"tag": "NNG"}]}], "exactly one of regex, tokens and words"),
    ([{"id": "a", "regex": "x", "words": ["중기부"]}], "exactly one of regex, tokens and words"),
    ([{"id": "a", "words": []}], "non-empty list of strings"),
    ([{"id": "a", "words": ["중기부", 3]}], "non-empty list of strings"),
    ([{"id": "a", "words": ["중기부", " 부 "]}], "'부' is shorter than 2 characters"),
    ([{"id": "a", "words": ["중기부"], "requires": "x"}], "requires is for token patterns"),
    ([{"regex": "x"}], "has no id"),
    ([{"id": "a", "regex": "x"}, {"id": "a", "regex": "y"}], "appears twice"),
    ([{"id": "a", "regex": "x", "score": 1.5}], "score must be"),
    ([{"id": "a", "regex": "x", "colour": "red"}], "unknown key"),
    ([{"id": "a", "tokens": [{"tag": "NNG", "op": "!"}]}], "op must be"),
    ([{"id": "a", "tokens": [{"tag": "NNG", "in": False}]}], "nothing would be proposed"),
    ([{"id": "a", "tokens": [{"spelling": "x"}]}], "unknown key"),
    ("x", "must be a list"),
    ([{"id": "a", "regex": "x", "requires": "y"}], "requires is for token patterns"),
    ([{"id": "a", "tokens": [{"tag": "SN"}], "requires": "("}], "requires is not a valid"),
])
def test_bad_patterns_are_refused_with_the_label_and_pattern_named(patterns, message):
    with pytest.raises(SchemeError, match=message) as info:
        LabelScheme.from_dict(_scheme(patterns))
    assert "'X'" in str(info.value)


def test_disabled_patterns_are_kept_but_not_compiled():
    scheme = LabelScheme.from_dict(_scheme([{"id": "a", "regex": "x+", "enabled": False}]))
    assert scheme.compiled_patterns() == []
    assert scheme.to_dict()["entities"][0]["patterns"][0]["enabled"] is False


def test_token_pattern_with_context_and_repeats():
    compiled = compile_label_patterns("PRODUCT", [{
        "id": "made-by", "tokens": [{"tag": "NNP", "in": False}, {"text": "의", "gap": False, "in": False},
                                    {"tag": "NNG", "op": "+", "gap": True}]}])
    source = PatternSource(compiled)
    text = "삼성의 반도체 공장은"
    assert [(text[s.start:s.end], s.detail) for s in source.suggest(text)] == [("반도체", "made-by")]


def test_token_patterns_only_analyse_lines_with_their_literal(monkeypatch):
    from annotator.core import korean

    compiled = compile_label_patterns("QUANTITY", [{"id": "n", "tokens": [{"tag": "SN"}, {"text": ["개"]}]}])
    analysed = []
    real = korean.analyse_lines
    monkeypatch.setattr(korean, "analyse_lines", lambda lines, **kw: analysed.extend(lines) or real(lines, **kw))
    text = "첫 줄에는 숫자가 없다\n17개 기업"
    spans = [(text[s.start:s.end]) for s in PatternSource(compiled).suggest(text)]
    assert spans == ["17개"] and analysed == ["17개 기업"]


def test_patterns_survive_the_project_store(project):
    scheme = default_scheme()
    project.save_scheme(scheme)
    stored = project.scheme()
    assert stored.entity("MONEY").patterns == scheme.entity("MONEY").patterns
    assert stored.entity("EVENT").patterns == scheme.entity("EVENT").patterns
    project.set_meta("scheme_patterns", "{broken")
    assert project.scheme().entity("MONEY").patterns == []  # the patterns are lost, the scheme is not


def test_default_scheme_json_is_valid_utf8_json():
    from annotator.paths import resource_path

    data = json.loads(resource_path("schemes", "default.json").read_text(encoding="utf-8"))
    assert {e["name"] for e in data["entities"] if e.get("patterns")} == {e["name"] for e in data["entities"]}


def test_a_match_across_a_line_break_is_redone_line_by_line(patterns):
    text = "보도자료 2024년\n7월 26일 발표"
    assert found(patterns, text, "DATE") == [("2024년", "DATE"), ("7월 26일", "DATE")]


def test_only_the_given_regions_are_searched(patterns):
    text = "메뉴 2024년 7월\n본문 120억 원을"
    second = (text.index("\n") + 1, len(text))
    assert [(text[s.start:s.end]) for s in patterns.suggest_regions(text, [second])] == ["120억 원"]


from hypothesis import given, settings, strategies as st  # noqa: E402

_SAMPLE = None


def _sample_text() -> str:
    global _SAMPLE
    if _SAMPLE is None:
        from annotator.paths import resource_path

        _SAMPLE = resource_path("samples", "002_3852bb6583c8c12a.txt").read_text(encoding="utf-8")
    return _SAMPLE


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 6000), st.integers(20, 600), st.lists(st.integers(0, 599), max_size=4))
def test_the_whole_text_pass_equals_a_pass_per_line(patterns, start, length, breaks):
    text = list(_sample_text()[start:start + length])
    for b in breaks:  # line breaks anywhere, also inside a date or an amount
        if b < len(text):
            text[b] = "\n"
    text = "".join(text)
    whole = sorted((s.start, s.end, s.label, s.detail) for s in patterns.suggest(text))
    per_line, offset = [], 0
    for line in text.split("\n"):
        per_line += [(offset + s.start, offset + s.end, s.label, s.detail) for s in patterns.suggest(line)]
        offset += len(line) + 1
    assert whole == sorted(per_line)
    for s, e, _label, _detail in whole:
        assert "\n" not in text[s:e] and text[s:e] == text[s:e].strip() and s < e


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 6000), st.integers(20, 1500), st.lists(st.integers(0, 1499), max_size=6))
def test_searching_near_the_triggers_finds_what_searching_everything_finds(patterns, start, length, breaks):
    from dataclasses import replace

    text = list(_sample_text()[start:start + length])
    for b in breaks:
        if b < len(text):
            text[b] = "\n"
    text = "".join(text)
    everywhere = PatternSource([replace(p, trigger=None, radius=None) for p in patterns.patterns])
    assert sorted(patterns.suggest(text), key=lambda s: (s.start, s.end, s.detail)) == \
        sorted(everywhere.suggest(text), key=lambda s: (s.start, s.end, s.detail))


def test_the_default_regexes_have_triggers():
    from annotator.core.scheme import default_scheme

    regexes = [p for p in default_scheme().compiled_patterns() if p.regex is not None]
    # Even a bracketed outlet ([파이낸셜뉴스]), with no letters every match holds: its opening brackets (punctuation
    # other than spaces, commas and full stops is in some lines, not most).
    assert [p.id for p in regexes if not p.trigger] == []
    assert next(p for p in regexes if p.id == "outlet-lead-in").trigger == {"(", "[", "【"}
    assert {p.id for p in regexes if p.radius is not None} >= {"date-full", "date-day", "title-after-name"}


def test_calibration_moves_a_pattern_score_towards_its_precision_on_reviewed_documents():
    source = PatternSource.from_scheme(default_scheme())
    text = "지난해 12월부터 12개 지자체가 28개 특구 사업에"
    proposed = {s.detail: s for s in source.suggest(text)}
    month = proposed["date-year-month"]
    # Reviewers labelled the date every time and never the counts.
    scores = source.calibrate([(text, [(0, len(text))], [month.key])] * 20)
    assert scores["DATE/date-year-month"] > month.score
    assert scores["QUANTITY/quantity-counted-noun"] < proposed["quantity-counted-noun"].score
    again = {s.detail: s.score for s in source.suggest(text)}
    assert again["date-year-month"] == scores["DATE/date-year-month"]


# The money and count regexes start with the digit and look behind it after (sre then skips to digits
# instead of trying the look-behind at every position): the same matches as the look-behind first.
_LOOKBEHIND_FIRST = {
    "money-won": r"(?<![\d.,])(?P<ent>\d[\d,]*(?:\.\d+)?\s?(?:(?:조|억|천만|백만|십만|만|천)\s?(?:\d[\d,]*\s?(?:억|천만|백만|십만|만|천)?\s?)*)?(?:원|달러|유로|위안|엔))(?=(?:을|를|은|는|이|가|의|에|으로|과|와|씩|대|규모|도|까지|이상|이하|가량|정도|)(?![가-힣]))",
    "quantity-count": r"(?<![\d.,])(?P<ent>\d[\d,]*(?:(?:만|천|백)\d[\d,]*)*(?:만|천|백)?\s?(?:개사|개소|개국|개교|개|곳|명|건|가지))(?=(?:이|가|을|를|은|는|의|에|에서|으로|로|과|와|씩|도|만|이상|이하|가량|정도|)(?![가-힣]))",
}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,. 조억천만백원달러개곳명건가지을는이 ", max_size=30))
def test_digit_first_regexes_match_as_the_look_behind_first_ones(text):
    import re

    from annotator.core.scheme import default_scheme

    shipped = {p.id: p.regex for p in default_scheme().compiled_patterns() if p.id in _LOOKBEHIND_FIRST}
    for pid, reference in _LOOKBEHIND_FIRST.items():
        assert [m.span("ent") for m in shipped[pid].finditer(text)] == \
            [m.span("ent") for m in re.finditer(reference, text, re.MULTILINE)], pid


def test_a_word_list_is_found_as_the_dictionary_finds_its_strings():
    compiled = compile_label_patterns("ORG", [{"id": "bodies", "words": ["중기부", "중소벤처기업부", "특허청"], "score": 0.7}])
    compiled += compile_label_patterns("LOC", [{"id": "places", "words": ["특허청", "대전"]}])
    source = PatternSource(compiled)
    text = "중기부는 대전의 특허청과 중소벤처기업부에서 중기부장관실"
    got = sorted((text[s.start:s.end], s.label, s.detail, s.score) for s in source.suggest(text))
    assert got == [("대전", "LOC", "places", 0.8), ("중기부", "ORG", "bodies", 0.7),  # particles left out
                   ("중소벤처기업부", "ORG", "bodies", 0.7),  # and not 중기부 inside 중기부장관실
                   ("특허청", "LOC", "places", 0.8), ("특허청", "ORG", "bodies", 0.7)]  # both lists: both labels
    assert ("특허청", "LOC") in [(text[s.start:s.end], s.label) for s in combine(source.suggest(text))]  # higher score


def test_with_requires_a_token_pattern_looks_only_at_lines_and_words_around_its_matches(monkeypatch):
    """The morphs come from the line's analysis (kept tokens in a project); a line without a match of
    "requires" is not looked at."""
    from annotator.core import korean
    from annotator.nlp.suggest import patterns as patterns_module

    compiled = compile_label_patterns("QUANTITY", [{
        "id": "n", "tokens": [{"tag": "SN"}, {"text": ["개"], "gap": False}, {"tag": "NNG", "op": "+", "gap": True}],
        "requires": "\\d개 [가-힣]"}])
    analysed, matched_on = [], []
    real_analyse, real_morphs = korean.analyse_lines, patterns_module._line_morphs
    monkeypatch.setattr(korean, "analyse_lines", lambda lines, **kw: analysed.extend(lines) or real_analyse(lines, **kw))
    monkeypatch.setattr(patterns_module, "_line_morphs",
                        lambda text, start, end, lines=None: matched_on.append((start, end)) or real_morphs(
                            text, start, end, lines))
    first = "정부는 지난해 말부터 전국의 여러 지역에서 의견을 모아 올해 12개 지자체가 희망하는 사업을 골랐다고 밝혔다"
    text = first + "\n그 밖에 기관 세 곳은 내년에 정한다\n다른 줄에는 숫자가 없다"
    assert [text[s.start:s.end] for s in PatternSource(compiled).suggest(text)] == ["12개 지자체"]
    window = first.index("의견을"), first.index(" 밝혔다")
    assert analysed == [first]  # the first line only
    assert matched_on == [window]  # and there, 3 words either side of the one match


@pytest.mark.parametrize("sentence, expected", [
    # the entity gold's ZONE/POLICY split: a kind of zone is POLICY when it names the scheme
    ("정부는 기회발전특구 지정 절차를 추진하고", [("기회발전특구", "POLICY")]),
    ("‘강소특구’ 모델을 활용한", [("강소특구", "POLICY")]),
    ("규제자유특구 제도를 도입", [("규제자유특구", "POLICY")]),
    ("4곳을 규제자유특구로 지정했다", [("4곳", "QUANTITY"), ("규제자유특구", "ZONE")]),
    # a word before 특구 that is a verb's connective or a determiner does not name a zone
    ("정책설명회가 개최돼 특구 사업자들이", [("정책설명회", "EVENT"), ("특구", "ZONE")]),
    ("이들 특구는 관계기관 협의", [("특구", "ZONE")]),
    ("전국에 5개 R&D 특구가", [("5개", "QUANTITY"), ("R&D 특구", "ZONE")]),
])
def test_zone_and_scheme_readings(patterns, sentence, expected):
    assert [(t, lab) for t, lab in found(patterns, sentence) if lab in ("ZONE", "POLICY", "QUANTITY", "EVENT")] \
        == expected


@pytest.mark.parametrize("sentence, expected", [
    ("광주 테크노파크가 지역 기업지원의", [("광주 테크노파크", "ORG")]),
    ("경남TP 노충식 원장은", [("경남TP", "ORG")]),
    ("채훈관 유원대 총장이 협약서에", [("유원대", "ORG")]),
    ("규제자유특구 간담회를 개최했다", [("규제자유특구 간담회", "EVENT")]),
    ("밝혔다. 테크노파크 워크숍은", [("테크노파크 워크숍", "EVENT")]),
])
def test_bodies_and_events_named_after_them(patterns, sentence, expected):
    assert [(t, lab) for t, lab in found(patterns, sentence) if lab in ("ORG", "EVENT")] == expected
