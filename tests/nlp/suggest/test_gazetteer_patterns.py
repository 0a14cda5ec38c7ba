"""The default scheme's gazetteer-built patterns (scripts/build_default_patterns.py), each on real phrasings:
sentences of the bundled sample (annotator/resources/samples/seeds_labelled.jsonl) where it has them, else
short phrases of the kind these pages use (public names: ministries, places, zones)."""

from __future__ import annotations

import pytest

from annotator.core.scheme import default_scheme
from annotator.nlp.suggest.base import combine
from annotator.nlp.suggest.patterns import PatternSource


@pytest.fixture(scope="module")
def patterns():
    return PatternSource.from_scheme(default_scheme())


def found(patterns, text, label):
    return [text[s.start:s.end] for s in combine(patterns.suggest(text)) if s.label == label]


def by(patterns, text, pattern_id):
    return [text[s.start:s.end] for s in patterns.suggest(text) if s.detail == pattern_id]


def _builder():
    from annotator.bench.suggest import checkout_script

    return checkout_script("build_default_patterns")


def test_the_default_scheme_agrees_with_the_gazetteers():
    assert _builder().main(["--check"]) == 0, "run python scripts/build_default_patterns.py"


def test_the_226_local_governments_are_listed_and_ambiguous_short_names_left_out():
    full, short = _builder().regions()
    assert len(full) == len(set(full)) and len([n for n in full]) >= 200
    assert {"원주시", "횡성군", "유성구", "구리시", "중구"} <= set(full)
    assert {"원주", "춘천", "창원"} <= set(short)
    assert not {"구리", "화성", "용인", "양산", "중", "중구"} & set(short)  # copper, Mars, acceptance, mass production


@pytest.mark.parametrize("text, label, expected", [
    # sample 000, 004: zones by name, by ordinal, in a list; the kind of zone standing for zones
    ("오기웅 중소벤처기업부 차관은 13일 강원 AI헬스케어 글로벌 혁신 특구의 주요 참여 기관인", "ZONE",
     ["강원 AI헬스케어 글로벌 혁신 특구"]),
    ("논의했다. 대덕특구 내 연구소기업인 나르마를 현장 방문", "ZONE", ["대덕특구"]),
    ("실증특례 연장 등과 같은 1차 규제자유특구의 안착화 방안도 심의·의결했다.", "ZONE", ["1차 규제자유특구"]),
    ("이번에 △강원 정밀의료 산업 △경북 스마트 그린물류 △충북 그린수소 산업 △충남 탄소저감 건설소재 등이 새롭게", "ZONE",
     ["강원 정밀의료 산업", "경북 스마트 그린물류", "충북 그린수소 산업", "충남 탄소저감 건설소재"]),
    ("강원 정밀의료 산업, 신규 규제자유특구로 지정", "ZONE", ["규제자유특구"]),
    # the kind of zone before 제도 is the scheme; instruments and programmes
    ("이르렀다”며 “규제자유특구 제도가 결실을 맺을 수 있도록", "POLICY", ["규제자유특구"]),
    ("임시허가 전환, 실증특례 연장 등과 같은", "POLICY", ["임시허가", "실증특례"]),
    ("4차 산업혁명을 촉진시켜 한국판 뉴딜을 적극 뒷받침할 수 있도록", "POLICY", ["한국판 뉴딜"]),
    ("연구개발특구법에 따라 좁은 면적의 지역에", "POLICY", ["연구개발특구법"]),
    # events: quoted titles, one word, numbered sessions
    ("부단체장이 참여하는 '글로벌 혁신 특구 추진 협의회'를 운영해", "EVENT", ["글로벌 혁신 특구 추진 협의회"]),
    ("주제로 ‘지역주도 과학기술 혁신정책포럼’이 열렸다.", "EVENT", ["지역주도 과학기술 혁신정책포럼"]),
    ("지자체 대상 사업설명회를 개최하고", "EVENT", ["사업설명회"]),
    ("정부서울청사에서 열린 제233차 대외경제장관회의에서", "EVENT", ["제233차 대외경제장관회의"]),
    # organisations: kinds of body, short names given in brackets, outlets of lead-ins, the government as actor
    ("과학기술정보통신부(이하 과기정통부)는 연구개발특구진흥재단(이하 특구재단)과", "ORG",
     ["과학기술정보통신부", "과기정통부", "연구개발특구진흥재단", "특구재단"]),
    ("원주의료기기테크노밸리를 방문해 글로벌 혁신 특구의 준비 상황을", "ORG", ["원주의료기기테크노밸리"]),
    ("연구개발지원단, 한국전자통신연구원 사업화전략실장", "ORG", ["연구개발지원단", "한국전자통신연구원"]),
    ("사진=중소벤처기업부  [CWN 최한결 기자] 오기웅 중소벤처기업부 차관은", "ORG", ["중소벤처기업부", "CWN", "중소벤처기업부"]),
    ("[서울=뉴스핌] 이한결 기자 = 정부는", "ORG", ["뉴스핌", "정부"]),
    ("[하은숙 기자] 행정중심복합도시건설청", "ORG", ["행정중심복합도시건설청"]),  # a byline without an outlet
    ("중기부와 지자체는 △네거티브 규제 특례와", "ORG", ["중기부", "지자체"]),
    ("한국토지주택공사(LH) 세종특별본부와 연구개발(R&D) 사업", "ORG", ["한국토지주택공사", "LH", "세종특별본부"]),
    # people and titles
    ("오 차관은 원주의료기기테크노밸리의 차세대", "PERSON", ["오"]),
    ("중소벤처기업부(장관 권칠승)는", "PERSON", ["권칠승"]),
    ("김경수 경남도지사를 비롯해", "PERSON", ["김경수"]),
    ("중소벤처기업부(장관 권칠승)는", "TITLE", ["장관"]),
    ("김경수 경남도지사를 비롯해 창원시장, 김해부시장 등", "TITLE", ["경남도지사", "창원시장", "김해부시장"]),
    ("4개 시·도 부단체장이 참여하는", "TITLE", ["부단체장"]),
    ("기업에 감사장을 전달했다", "TITLE", []),  # 감사장 is a letter of thanks, not a 사장
    # places: local governments, a province and a city, venues, countries
    ("정부는 1일 군산 새만금컨벤션센터에서 김부겸 국무총리", "LOC", ["군산 새만금컨벤션센터"]),
    ("서울 홍릉, 경북 구미, 울산 울주, 전남 나주, 충남 천안·아산 등이다.", "LOC",
     ["서울 홍릉", "경북 구미", "울산 울주", "전남 나주", "충남 천안", "아산"]),
    ("원주시와 횡성군, 춘천에서", "LOC", ["원주시", "횡성군", "춘천"]),
    ("그동안 우리나라 병원에서는", "LOC", ["우리나라"]),
    ("착수한 핀란드와 네덜란드 등 북유럽 국가들을", "LOC", ["핀란드", "네덜란드", "북유럽"]),
    ("구리 가격과 화성 탐사", "LOC", []),  # short names that are common words
    # fields, dates, figures
    ("환자 의료정보와 인공지능 결합한 신의료기술로", "FIELD", ["인공지능", "신의료기술"]),
    ("특히 강원도는 의료산업 육성 기반이 잘 갖춰진", "FIELD", ["의료"]),
    ("이와 함께 이날 회의에서는", "DATE", ["이날"]),
    ("올 하반기 강소특구 지정을 위한", "DATE", ["올 하반기"]),
    ("300여명이 참석했고 2~3곳을 더 선정해 30%를", "QUANTITY", ["300여명", "2~3곳", "30%"]),
    ("관람객 8만 7,000여명이", "QUANTITY", ["8만 7,000여명"]),
    ("12개 지자체가 희망하는 특구 가운데 6곳 신규 지정", "QUANTITY", ["12개 지자체", "6곳"]),  # 신규 is not counted
    ("14일 오후 3시 정부세종청사에서, 30일 오전 11시, 20일 오후", "DATE", ["14일 오후 3시", "30일 오전 11시", "20일 오후"]),
    # sample 004: a quoted plan; events qualified by a word; bylines fused with 기자; companies by legal form
    ("방향을 ‘지역의 질적 성장을 이루는 과학기술 지역 혁신 전략 방향’을 공유했다.", "POLICY",
     ["지역의 질적 성장을 이루는 과학기술 지역 혁신 전략 방향"]),
    ("과기정통부는 정책 공유회에 앞서", "EVENT", ["정책 공유회"]),
    ("용역 최종 보고회를 열고 강소특구 비전 선포식에", "EVENT", ["최종 보고회", "강소특구 비전 선포식"]),
    ("밝혔다. 청도·노진규기자 jgroh@", "PERSON", ["노진규"]),
    ("밝혔다. 청도·노진규기자 jgroh@", "TITLE", ["기자"]),
    ("연구소기업인 (주)코스맥스와 ㈜나르마를", "ORG", ["코스맥스", "나르마"]),
    ("행정중심복합도시 건설과정", "LOC", ["행정중심복합도시"]),
    ("청도군청에서 열린 투자설명회", "ORG", ["청도군청"]),  # an organisation stays one where things happen there
])
def test_gazetteer_patterns_on_real_phrasings(patterns, text, label, expected):
    assert found(patterns, text, label) == expected


def test_venues_and_zones_win_over_the_places_inside_them(patterns):
    text = "정부는 1일 군산 새만금컨벤션센터에서 부산 블록체인 규제자유특구를"
    got = [(text[s.start:s.end], s.label) for s in combine(patterns.suggest(text))]
    assert ("군산 새만금컨벤션센터", "LOC") in got and ("부산 블록체인 규제자유특구", "ZONE") in got
    assert ("군산", "LOC") not in got and ("부산", "LOC") not in got


def test_the_broad_field_words_ship_switched_off():
    entity = default_scheme().entity("FIELD")
    broad = next(p for p in entity.patterns if p["id"] == "field-terms-broad")
    assert broad["enabled"] is False and "의료" in broad["words"]
    assert "field-terms-broad" not in {p.id for p in default_scheme().compiled_patterns()}


@pytest.mark.parametrize("text, expected", [
    ("부산은 전력반도체, 이차전지, 자동차부품 관련 기업들의 투자계획이", ["전력반도체", "이차전지", "자동차부품"]),
    ("경남은 나노융합산업과 이차전지, 모빌리티 부품 관련 투자를", ["나노융합", "이차전지", "모빌리티 부품"]),
    ("전북자치도는 지난해 바이오, 모빌리티, 탄소융복합 등 3대 산업 88만평의", ["바이오", "모빌리티", "탄소융복합"]),
    ("사이버보안, 미래모빌리티, 양자, 가속기 등 미래전략산업에 필요한", ["사이버보안", "미래모빌리티", "양자", "가속기"]),
    ("지역별로는 △경남김해(의생명·의료기기) △경남진주(항공우주부품소재)", ["의생명", "의료기기", "항공우주부품소재"]),
    ("강원(디지털 헬스케어), 부산(블록체인), 울산(수소산업) 등 7곳을", ["디지털 헬스케어", "블록체인", "수소"]),
    ("소재부품(익산‧고창)과 라이프케어(남원) 분야에 걸쳐", ["소재부품", "라이프케어"]),
    ("고흥은 우주항공 특화산업, 완도는", ["우주항공"]),
    # a region, a word of time or a company before the field is not part of it; a bare kind of field is none
    ("강원 원격의료·전남 e모빌리티 세종 자율주행 등 신산업 육성", ["원격의료", "자율주행"]),
    ("기회발전특구와도 연계해 수도권 이전기업, 사이버보안 등 미래전략산업", ["사이버보안"]),
    ("서비스가 결합된 융합 산업 실증을 가능하게", []),
    ("전남(나주), 경남(양산) 등 7개 시·도에서", []),
])
def test_fields_named_by_their_context(patterns, text, expected):
    assert found(patterns, text, "FIELD") == expected


def test_every_shipped_regex_compiles_without_warnings():
    """A regex the builder writes wrongly (a class inside a class: [[^\\S\\n]-]) warns and means something else."""
    import json
    import re
    import warnings

    from annotator.paths import resource_path

    scheme = json.loads(resource_path("schemes", "default.json").read_text(encoding="utf-8"))
    regexes = [p["regex"] for e in scheme["entities"] for p in e.get("patterns", []) if "regex" in p]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        re.purge()  # a regex compiled before (by the scheme) is not compiled again, nor warns again
        for regex in regexes:
            re.compile(regex)


@pytest.mark.parametrize("text, label, expected", [
    ("지경부는 내년 상반기 광역경제권 단위의", "DATE", ["내년 상반기"]),
    ("30일간의 협의를 거쳐 다음달 하순 중기부에 신청하면", "DATE", ["30일", "다음달 하순"]),
    ("오는 17~18일 이틀 간 윈덤그랜드부산에서", "DATE", ["17~18일", "이틀"]),
    ("매주 화요일 오전 10시부터 오후 4시까지 운영돼", "DATE", ["화요일 오전 10시", "오후 4시"]),
    ("방자치단체를 대상으로 2026년도 규제자유특구 및", "DATE", ["2026년도"]),
    ("교육부가 추진하는 교육발전특구 시범지역으로 선정됐다. 앞서 1차 시범지역으로", "ZONE",
     ["교육발전특구 시범지역", "1차 시범지역"]),
    ("신규 지정했으며, '안산 다문화마을특구' '증평 에듀팜특구'를", "ZONE", ["안산 다문화마을특구", "증평 에듀팜특구"]),
    ("기존 울산남구 기회발전특구는 SK", "ZONE", ["울산남구 기회발전특구"]),
    ("지역특화발전특구를 신규 지정했으며, 기존 지역특구의 계획변경도", "ZONE", ["지역특화발전특구", "지역특구"]),
    ("지역별로는 △경남김해(의생명·의료기기) △경기안산(ICT융복합부품소재)", "LOC", ["경남김해", "경기안산"]),
    ("재정경제부는 20일 회의를 열고 지식경제부와", "ORG", ["재정경제부", "지식경제부"]),
    ("MBC경남은 로컬 뉴스데스크 방송 후 서울MBC로 전환하는", "ORG", ["MBC경남", "서울MBC"]),
    ("[중소기업신문=박진호 기자] 중소벤처기업부는", "ORG", ["중소기업신문", "중소벤처기업부"]),
    ("녹취> 장병규 / 4차산업혁명위원장", "PERSON", ["장병규"]),
    ("이창윤 과기정통부 과학기술일자리혁신관은 \"지역의", "TITLE", ["과학기술일자리혁신관"]),
    ("산업부는 작년 3차례에 걸쳐 지정했고 세 기관은 40여개 기업이", "QUANTITY", ["3차례", "세 기관", "40여개 기업"]),
])
def test_more_general_phrasings(patterns, text, label, expected):
    assert found(patterns, text, label) == expected
