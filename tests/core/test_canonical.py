"""Canonical-entity proposals: abbreviation rules, the shipped list, in-text definitions, same-article
short forms of a person's name, region names, generic zone names."""

from __future__ import annotations

import pytest

from annotator.core.canonical import (
    Mention, is_abbreviation, is_generic_zone, propose, strip_title, zone_name_parts,
)

ROLES = {"ORG": "organisation", "PERSON": "person", "LOC": "region", "ZONE": "zone"}


def mentions_of(text: str, items: list[tuple[str, str]]) -> list[Mention]:
    found, at = [], 0
    for i, (word, label) in enumerate(items):
        start = text.index(word, at)
        found.append(Mention(i, label, start, start + len(word), word))
        at = start + len(word)
    return found


@pytest.mark.parametrize("short, full", [
    ("중기부", "중소벤처기업부"), ("과기정통부", "과학기술정보통신부"), ("산업부", "산업통상자원부"),
    ("국토부", "국토교통부"), ("행안부", "행정안전부"), ("공정위", "공정거래위원회"), ("식약처", "식품의약품안전처"),
])
def test_abbreviation_rule_for_ministries_and_agencies(short, full):
    assert is_abbreviation(short, full)


@pytest.mark.parametrize("short, full", [
    ("중기부", "중소기업청"),  # another kind of body
    ("산림청", "산업통상자원부"), ("기부", "중소벤처기업부"),  # another first syllable
    ("중소벤처기업부", "중소벤처기업부"),
])
def test_not_abbreviations(short, full):
    assert not is_abbreviation(short, full)


def test_abbreviation_proposed_against_a_full_name_in_the_same_article():
    text = "국토교통부는 13일 … 국토부 관계자는"
    got = propose(mentions_of(text, [("국토교통부", "ORG"), ("국토부", "ORG")]), ROLES, text=text)
    assert got[1].name == "국토교통부" and got[1].rule in ("abbreviation", "list")
    text = "한국개발부와 한국기술개발부 … 한개부"  # two full names fit: nothing proposed
    assert is_abbreviation("한개부", "한국개발부") and is_abbreviation("한개부", "한국기술개발부")
    got = propose(mentions_of(text, [("한국개발부", "ORG"), ("한국기술개발부", "ORG"), ("한개부", "ORG")]),
                  ROLES, text=text)
    assert got[2].name == "한개부" and got[2].rule == "same"


def test_shipped_list_and_in_text_definition():
    text = "중기부는 … 연구개발특구진흥재단(이하 특구재단)과 … 특구재단은 … 한국에너지재단(이하 '에너지재단')"
    items = [("중기부", "ORG"), ("연구개발특구진흥재단", "ORG"), ("특구재단", "ORG"), ("한국에너지재단", "ORG")]
    got = propose(mentions_of(text, items), ROLES, text=text)
    assert (got[0].name, got[0].rule) == ("중소벤처기업부", "list")  # no full name in the article needed
    assert (got[2].name, got[2].rule) == ("연구개발특구진흥재단", "defined")
    text2 = text + " 에너지재단은"
    got = propose(mentions_of(text2, items + [("에너지재단", "ORG")]), ROLES, text=text2)
    assert got[4].name == "한국에너지재단" and got[4].rule == "defined"


def test_person_short_forms_within_one_article():
    text = "오기웅 중기부 차관은 … 오 차관은 … 오 차관이 … 김부겸 국무총리"
    items = [("오기웅", "PERSON"), ("오 차관", "PERSON"), ("오", "PERSON"), ("김부겸 국무총리", "PERSON")]
    got = propose(mentions_of(text, items), ROLES, text=text)
    assert [got[i].name for i in range(4)] == ["오기웅", "오기웅", "오기웅", "김부겸"]
    assert got[1].rule == "short form"
    # two people with the surname: "김" could be either, so it stays itself
    text = "김철수 … 김영희 … 김 차관"
    got = propose(mentions_of(text, [("김철수", "PERSON"), ("김영희", "PERSON"), ("김 차관", "PERSON")]), ROLES, text=text)
    assert got[2].name == "김 차관" and got[2].rule == "same"
    assert strip_title("이창윤 1차관") == "이창윤" and strip_title("차관") == "차관"


def test_reviewer_link_and_catalogue_come_first():
    text = "오 차관"
    mention = mentions_of(text, [("오 차관", "PERSON")])
    assert propose(mention, ROLES, text=text, linked={0: "오영주"})[0].name == "오영주"
    got = propose(mentions_of("중기부", [("중기부", "ORG")]), ROLES, catalogue={("ORG", "중기부"): "중소벤처기업부(중기부)"})
    assert got[0] == got[0].__class__("중소벤처기업부(중기부)", "catalogue")
    # the list's full name filed in the catalogue under the reviewer's preferred name
    got = propose(mentions_of("중기부", [("중기부", "ORG")]), ROLES,
                  catalogue={("ORG", "중소벤처기업부"): "중소벤처기업부(MSS)"})
    assert got[0].name == "중소벤처기업부(MSS)" and got[0].rule == "list"


def test_regions_and_zones():
    text = "강원특별자치도 … 강원도 … 대전광역시"
    got = propose(mentions_of(text, [("강원특별자치도", "LOC"), ("강원도", "LOC"), ("대전광역시", "LOC")]), ROLES, text=text)
    assert [g.name for g in got.values()] == ["강원", "강원", "대전"]
    for generic in ("특구", "규제자유특구", "1차 규제자유특구", "글로벌 혁신 특구", "신규 규제자유특구"):
        assert is_generic_zone(generic), generic
    for named in ("강원 정밀의료 산업", "대덕특구", "강원 AI헬스케어 글로벌 혁신 특구"):
        assert not is_generic_zone(named), named
    assert zone_name_parts("강원 정밀의료 산업") == ("강원", "정밀의료 산업")
    assert zone_name_parts("강원 AI헬스케어 글로벌 혁신 특구") == ("강원", "AI헬스케어")
    assert zone_name_parts("충청북도 그린수소 규제자유특구") == ("충북", "그린수소")
    assert zone_name_parts("대덕특구") == ("", "")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SYLLABLES = st.text(alphabet="중소벤처기업부공정거래위원회과학 ", min_size=0, max_size=8)


@settings(max_examples=300, deadline=None)
@given(names=st.sets(_SYLLABLES, max_size=12), short=_SYLLABLES)
def test_the_indexed_full_names_find_what_comparing_with_every_name_finds(names, short):
    """FullNames (the first and last characters' buckets) against is_abbreviation over every name: a document with
    10,000 ORG mentions made an export take 67 s, 100 million comparisons."""
    from annotator.core.canonical import FullNames, is_abbreviation

    every = {f for f in names if f != short and is_abbreviation(short, f)}
    assert FullNames(names).only_full_name_of(short) == (every.pop() if len(every) == 1 else None)


def test_many_organisation_mentions_in_one_document_are_not_compared_pairwise(monkeypatch):
    from annotator.core import canonical

    calls = []
    original = canonical.is_abbreviation
    monkeypatch.setattr(canonical, "is_abbreviation", lambda s, f: calls.append(1) or original(s, f))
    mentions = [canonical.Mention(i, "ORG", 0, 1, f"기관{i}") for i in range(2000)]  # hrp's export of 67 s
    mentions += [canonical.Mention(5000 + i, "ORG", 0, 1, "중기부") for i in range(500)]  # one text, many times
    mentions.append(canonical.Mention(9999, "ORG", 0, 1, "중소벤처기업부"))
    found = canonical.propose(mentions, {"ORG": "organisation"})
    assert found[5000].name == "중소벤처기업부" and found[9999].name == "중소벤처기업부" and len(found) == 2501
    assert found[12].name == "기관12"  # it reads as an abbreviation of several (기관112, 기관122 ...): of none
    assert len(calls) < 50_000  # against the names holding each one's characters (was 2501 x 2001: 5 million)
