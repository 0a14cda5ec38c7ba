"""The project dictionary: accepted strings proposed again, on Kiwi token boundaries, particles left out."""

from __future__ import annotations

from annotator.nlp.suggest.dictionary import EntityDictionary


def spans(dictionary, text):
    return [(text[s.start:s.end], s.label) for s in dictionary.suggest(text)]


def test_proposed_without_the_particle():
    d = EntityDictionary([("중기부", "ORG"), ("원주의료기기테크노밸리", "ORG")])
    text = "중기부는 지난해 원주의료기기테크노밸리를 방문했다."
    assert spans(d, text) == [("중기부", "ORG"), ("원주의료기기테크노밸리", "ORG")]


def test_not_inside_a_longer_word():
    d = EntityDictionary([("강원", "LOC")])
    assert spans(d, "강원도는 의료 산업을 키운다") == []  # 강원도 is one token
    assert spans(d, "강원은 환자") == [("강원", "LOC")]


def test_longest_match_wins_and_lists_are_split_on_punctuation():
    d = EntityDictionary([("특구", "ZONE"), ("글로벌 혁신 특구", "POLICY"), ("부산", "LOC"), ("강원", "LOC")])
    text = "부산·강원 글로벌 혁신 특구의 준비 상황"
    assert spans(d, text) == [("부산", "LOC"), ("강원", "LOC"), ("글로벌 혁신 특구", "POLICY")]


def test_entry_saved_with_a_particle_is_snapped():
    d = EntityDictionary([("중기부는", "ORG")])
    assert spans(d, "이번에 중기부는요") == [("중기부", "ORG")]  # the match is analysed, its particle dropped
    d = EntityDictionary([("과기부", "ORG")])
    assert spans(d, "과기부, 산업부 등이") == [("과기부", "ORG")]


def test_score_follows_label_consistency_and_majority_label_wins():
    d = EntityDictionary([("규제자유특구", "ZONE")] * 3 + [("규제자유특구", "POLICY")])
    (s,) = d.suggest("규제자유특구로 지정")
    assert (s.label, s.source) == ("ZONE", "dictionary")
    assert 0 < s.score < EntityDictionary([("규제자유특구", "ZONE")] * 4).suggest("규제자유특구로")[0].score <= 1
    assert "3 of 4" in s.detail


def test_incremental_add_and_remove_after_lookups():
    d = EntityDictionary()
    assert d.suggest("과기정통부는 발표했다") == []
    d.add("과기정통부", "ORG")
    assert spans(d, "과기정통부는 발표했다") == [("과기정통부", "ORG")]
    d.add("과기정통부", "ORG")
    d.remove("과기정통부", "ORG")
    assert len(d) == 1
    d.remove("과기정통부", "ORG")
    assert len(d) == 0 and d.suggest("과기정통부는 발표했다") == []


def test_short_and_blank_strings_are_ignored_and_whitespace_is_normalised():
    d = EntityDictionary([("오", "PERSON"), ("  ", "ORG"), ("글로벌  혁신\n특구", "POLICY")])
    assert len(d) == 1 and d.labels_of("글로벌 혁신 특구") == {"POLICY": 1}


def test_offsets_are_into_the_whole_text_across_lines():
    d = EntityDictionary([("중기부", "ORG")])
    text = "제목\n\n본문에서 중기부와 지자체\n중기부"
    got = d.suggest(text)
    assert [(s.start, s.end) for s in got] == [(text.index("중기부"), text.index("중기부") + 3), (len(text) - 3, len(text))]


def test_common_particles_need_no_analysis_but_ambiguous_endings_do(monkeypatch):
    from annotator.core import korean

    d = EntityDictionary([("중기부", "ORG"), ("강원", "LOC")])
    calls = []
    real = korean.analyse_lines  # the lines to look at are analysed in one call
    monkeypatch.setattr(korean, "analyse_lines", lambda lines, **kw: calls.extend(lines) or real(lines, **kw))
    assert spans(d, "중기부는 지자체와 협력한다. 중기부의 계획") == [("중기부", "ORG"), ("중기부", "ORG")]
    assert calls == []
    # 도: Kiwi decides (강원도 is one name), on its analysis of the line (kept tokens in a project)
    line = "지난 여름 강원도 원주에서 열린 행사"
    assert spans(d, line) == [] and calls == [line]
    d.add("2개", "QUANTITY")
    assert spans(d, "12개 기관") == [] and calls == [line]  # inside a number: no analysis needed


def test_a_string_mostly_left_unlabelled_scores_low():
    text = "특구 지정. 중기부는 특구를 늘린다. 특구 안에서 중기부와 지자체가 특구 사업을"
    zone = text.index("특구")
    org = text.index("중기부")
    d = EntityDictionary()
    d.add_documents([(text, [(zone, zone + 2, "ZONE"), (org, org + 3, "ORG")])])
    query = "새 특구와 중기부"
    scores = {query[s.start:s.end]: s.score for s in d.suggest(query)}
    assert scores["특구"] < 0.35 < scores["중기부"]  # 1 of 4 occurrences labelled; 1 of 2
    assert "1 of 4" in d.suggest("특구")[0].detail
    d.remove("특구", "ZONE")
    assert d.suggest("특구") == []


from hypothesis import given, settings, strategies as st  # noqa: E402

_WORDS = ["중기부", "강원", "강원도", "특구", "글로벌 혁신 특구", "과기정통부", "부산", "지자체", "정책", "방문", "12개", "2개"]
_TAILS = ["", "는", "의", "와", "도", "를", "에서", "·", ", ", "요"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_TAILS), st.sampled_from([" ", "", "\n"])),
                min_size=1, max_size=8))
def test_every_proposal_is_a_dictionary_string_on_token_boundaries(pieces):
    """On Kiwi's token boundaries of its line (as the snapping uses them), so that is the oracle."""
    from annotator.core import korean

    text = "".join(w + t + sep for w, t, sep in pieces)
    d = EntityDictionary([("중기부", "ORG"), ("강원", "LOC"), ("글로벌 혁신 특구", "POLICY"), ("부산", "LOC"),
                          ("2개", "QUANTITY")])
    found = d.suggest(text)
    for s in found:
        assert d.labels_of(text[s.start:s.end]), text[s.start:s.end]  # an entry, exactly
        line_start = text.rfind("\n", 0, s.start) + 1
        line_end = text.find("\n", s.end) % (len(text) + 1)
        bounds = {line_start + x for x in korean.token_boundaries(text[line_start:line_end])}
        assert s.start in bounds and s.end in bounds, (text[line_start:line_end], text[s.start:s.end])
    spans = sorted((s.start, s.end) for s in found)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # no overlaps


def test_a_match_inside_a_word_follows_the_lines_analysis_as_the_snapping_does():
    # In this line Kiwi reads 중기부를중기부 as one noun, and the snapping selects it whole: no proposal inside it.
    from annotator.core.korean_snap import snap_to_morphemes

    text = "중기부 중기부를중기부 "
    assert snap_to_morphemes(text, 4, 7) == (4, 11)
    assert spans(EntityDictionary([("중기부", "ORG")]), text) == [("중기부", "ORG")]


def test_labels_added_from_another_thread_while_suggesting():
    import threading

    d = EntityDictionary([("중기부", "ORG")])
    text = "중기부, 강원, 부산, 충북 " * 50
    errors = []

    def writer():
        try:
            for n in range(300):
                d.add(f"기관{n}", "ORG")
                d.add("강원", "LOC" if n % 2 else "ORG")
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    for _ in range(30):
        assert {s.label for s in d.suggest(text)} <= {"ORG", "LOC"}
    thread.join()
    assert errors == [] and d.labels_of("강원") == {"LOC": 150, "ORG": 150}


def test_two_character_strings_score_lower_than_longer_ones_with_the_same_counts():
    d = EntityDictionary([("강원", "LOC"), ("과기정통부", "ORG")])
    scores = {s.label: s.score for s in d.suggest("강원 과기정통부")}
    assert scores["LOC"] < 0.5 < scores["ORG"]  # one label each: 2 characters are right half as often
    many = EntityDictionary([("강원", "LOC")] * 30)
    assert 0.9 < many.suggest("강원")[0].score <= 0.95  # enough evidence outweighs the prior


def test_a_string_labelled_with_several_labels_scores_low():
    d = EntityDictionary([("한국", "LOC"), ("한국", "ORG"), ("한국", "LOC"), ("한국", "PERSON")] + [("원주시청", "ORG")] * 2)
    (loc,) = [s for s in d.suggest("한국 원주시청") if s.label == "LOC"]
    assert loc.score < 0.4 and "2 of 4" in loc.detail
