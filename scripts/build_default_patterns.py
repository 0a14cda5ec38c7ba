"""Write the gazetteer-built suggestion patterns into the default label scheme.

The word lists live in annotator/resources/gazetteers/ (public facts; see its README); this script turns them
into "words" and "regex" patterns of the default scheme (annotator/resources/schemes/default.json), replacing
the patterns it owns (GENERATED ids) and leaving every other pattern and field as it is. Deterministic:
tests/nlp/suggest/test_gazetteer_patterns.py checks that the scheme agrees with the lists.

    python scripts/build_default_patterns.py          # rewrite default.json
    python scripts/build_default_patterns.py --check  # exit 1 when default.json is out of date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAZETTEERS = ROOT / "annotator" / "resources" / "gazetteers"
SCHEME = ROOT / "annotator" / "resources" / "schemes" / "default.json"
# Counts of right and wrong proposals per pattern on real pages (scripts/calibrate_suggestions.py).
CALIBRATION = ROOT / "annotator" / "resources" / "schemes" / "default_pattern_calibration.json"
# A pattern's prior score counts as this many proposals against its measured precision.
PRIOR_WEIGHT = 5
MAX_SCORE = 0.97
# The prior scores of the hand-written default patterns (those this script does not write).
HAND_PRIORS = {"central-government": 0.85, "name-before-title": 0.75, "title-after-name": 0.8,
               "province-or-metropolitan-city": 0.6, "date-full": 0.9, "date-year-month": 0.85, "date-year": 0.85,
               "date-day": 0.8, "date-duration": 0.6, "money-won": 0.9, "quantity-count": 0.75,
               "quantity-counted-noun": 0.75}

# What may follow an entity inside its word: particles and copulas (the entity ends before them).
PARTICLES = ("(?=(?:들)?(?:은|는|이|가|을|를|의|과|와|도|에|에서|에는|에서는|에도|으로|로|으로는|로는|까지|부터|만|께서|"
             "에게|이자|이며|이다|이고|이라는|라는|이란|란|와의|과의|에의|입니다|였다|이었다|)(?![가-힣]))")
# What makes a kind of zone the scheme itself, not zones (the guideline's ZONE/POLICY split): 제도/정책/법 after
# it, or its model, introduction, procedure or launch (규제자유특구 모델, 기회발전특구 지정 절차, '글로벌 혁신특구' 출범).
ZONE_AS_SCHEME = ("(?=[’'」』]?(?:[을를]\\s도입|\\s?(?:제도|정책|법(?![인률])|모델|도입|추진|출범|"
                  "지정\\s?(?:절차|계획|요건|기준)|발전\\s?방향|심사\\s?개시)))")
# The start of an entity: not inside a word.
START = "(?<![가-힣A-Za-z0-9·])"
WORD_CHARS = "[가-힣A-Za-z0-9·\\-]"
# A word inside a multi-word name: not one that ends in a particle or a verb's ending (참여하는, 강원의, 개최한).
# (마을 ends in 을 but is a word of its own: 다문화마을특구)
NOT_PARTICLE_END = "(?<![은는를의에와과이가한된할될던며서로])(?<![^마]을)"
INNER_WORD = WORD_CHARS + "{1,16}" + NOT_PARTICLE_END
SHORT_WORD = WORD_CHARS + "{1,11}" + NOT_PARTICLE_END
# Bounded repeats (a word of at most 16 characters) keep every match within a known distance of its trigger
# strings, so that only windows around them are searched, not whole lines.
WORD_PREFIX = WORD_CHARS + "{0,16}"
# Words that open a sentence or qualify a name but are never its first word (이번 정책 공유회 -> 정책 공유회).
NOT_FIRST = ("(?!(?:이번|올해|이날|지난|지난해|오는|이후|최근|당시|현재|향후|또|특히|한편|이어|또한|앞서|함께|내년|매년|"
             "각각|모두|전국|신규|첫|본|이|그|각|해당|관련|기존|새로운|등|및|또는|제[0-9]+[차회])(?![가-힣A-Za-z0-9·]))(?![0-9·\\-])")
SURNAMES = ("김이박최정강조윤장임한오서신권황안송류유홍고문양손배백허남심노하곽성차주우민진나지엄채원천방공함변염여추도소석"
            "선설마길연위표명기반라왕금옥육인맹모탁국어은편용예경봉복태목형피두감음빈동온호범좌팽승간상갈단견당화창옹순빙")
# Titles that follow a name, or stand alone as one word ("제1차관", "경남도지사"); 시장 and 대표 alone mostly mean
# a market and "representative", so they count only after a place (창원시장) or a name.
TITLES = ["장관", "차관", "차관보", "제1차관", "제2차관", "1차관", "2차관", "부총리", "국무총리", "총리", "도지사", "부지사",
          "구청장", "위원장", "부위원장", "이사장", "본부장", "청장", "원장", "부원장", "실장", "국장", "단장", "센터장",
          "대표이사", "회장", "부회장", "협회장", "사장", "대통령", "국회의원", "기자", "교수", "처장", "총장", "부단체장",
          "부시장", "행정부시장", "의장", "부의장", "특파원", "소장", "기획단장", "추진단장", "앵커", "과장", "정책관", "혁신관",
          "심의관", "기획관", "조정관", "시·도지사", "영상기자", "촬영기자", "취재기자", "영상취재기자"]
# What a title may follow directly in one word when it names the head of a place (창원시장, 충북지사, 청도군수).
PLACE_TITLES = ["시장", "부시장", "행정부시장", "군수", "구청장", "지사", "도지사", "부지사", "의회의장", "도의회의장", "시의회의장"]
NAME = "(?:[" + SURNAMES + "]|황보|남궁|제갈|선우|독고|사공|서문)[가-힣]{2}"
GENERIC_GOVERNMENT = ["정부", "중앙정부", "지방정부", "지자체", "기초지자체", "광역지자체", "지방자치단체", "자치단체",
                      "기초자치단체", "광역자치단체", "관계부처", "범부처"]
# Kinds of designated zone: a zone (ZONE) where one stands for the zones of that kind, the scheme (POLICY) before
# 제도, 정책 or 법.
ZONE_KINDS = ["규제자유특구", "글로벌 혁신특구", "글로벌 혁신 특구", "글로벌혁신특구", "혁신특구", "강소연구개발특구", "연구개발특구",
              "강소특구", "경제자유구역", "경자구역", "규제프리존", "기회발전특구", "교육발전특구", "도심융합특구", "지역특화발전특구",
              "지역특구", "지역특화특구", "특화특구", "국가혁신클러스터"]
# Capitals in brackets after a Hangul word that name no organisation (연구개발(R&D), 인공지능(AI), 태스크포스(TF)).
ACRONYMS_NOT_ORG = ["R&D", "AI", "ICT", "IoT", "TF", "CEO", "SW", "IT", "UAM", "SMR", "ESS", "XR", "VR", "AR", "EV",
                    "GDP", "ESG", "PM", "MOU", "AI", "DX", "GW", "MW", "BIM", "CCTV", "QR", "PC", "TV", "OTT"]
# Words that qualify the name of an event (최종 보고회, 비전 선포식, 착수 보고회).
EVENT_MODIFIERS = ["최종", "중간", "착수", "정기", "임시", "합동", "공동", "현장", "비전", "성과", "연례", "국제", "특별", "기념",
                   "발대", "출범", "사업", "투자", "정책", "협약"]
# Endings of a quoted title that names a policy, plan or project ('글로벌 혁신 특구 조성방안', '… 항공촬영').
POLICY_HEADS = ["방안", "조성방안", "계획", "기본계획", "종합계획", "전략", "정책", "대책", "사업", "프로젝트", "조성", "방향",
                "제도", "로드맵", "구상", "항공촬영", "육성", "지원"]
NUMBER = "\\d(?<![\\d.,]\\d)[\\d,]{0,12}(?:\\.\\d{1,4})?"
# The words of a field's name (차세대 해양모빌리티, 항공우주부품소재, 스마트 안전제어): no · (it separates fields in
# a list), and not the words that give a field's context or stand before it without being part of it.
FIELD_CHARS = "[가-힣A-Za-z0-9&\\-]"
FIELD_CONTEXT_WORDS = ["관련", "산업", "분야", "등", "및", "또는", "기업", "기업들", "중심", "육성", "투자", "특화산업", "신산업",
                       "첨단산업", "지역", "국내", "전국", "해외", "새로운", "신규", "기존", "미래형", "주력", "전략", "핵심",
                       "이", "그", "각", "총", "약", "전", "후", "전후", "대상", "분야별", "지역별"]
FIELD_HEADS_NOT_ALONE = ["융합", "융복합", "스마트", "디지털", "기기", "생명", "정밀", "원격", "케어", "IT", "부품", "소재",
                         "장비", "전지", "기계", "통신"]
FIELD_NOT_END = "(?<![은는을를의에와과이가한된할될던며서로])"
# What says that the words before it name fields: 산업/분야 after it (left out: 의료산업 -> 의료), 관련 기업/투자,
# a kind of industry after 등 (바이오, 모빌리티, 탄소융복합 등 3대 산업; 양자, 가속기 등 미래전략산업).
INDUSTRY_KINDS = ["특화", "전략", "주력", "핵심", "미래전략", "첨단전략", "신성장", "첨단", "미래", "유망", "신"]
FIELD_AFTER = ("(?:\\s?(?:산업|분야)(?=(?:은|는|이|가|을|를|의|과|와|도|에|에서|으로|로|인|이다|)(?![가-힣A-Za-z0-9]))"
               "|\\s관련\\s?(?:기업|산업|투자|분야)"
               "|\\s(?:특화|전략|주력|핵심|미래전략|신성장)\\s?산업"
               "|\\s?등\\s(?:[0-9]대\\s?)?(?:" + "|".join(INDUSTRY_KINDS) + ")?\\s?산업"
               "|\\s?등\\s(?:관련|투자))")
# Fields in a list: 전력반도체, 이차전지, 자동차부품 / 관광리조트·수소 모빌리티 / 블록체인과 드론 / 의생명·의료기기.
FIELD_SEPARATOR = "(?:\\s?[,·ㆍ‧]\\s?|(?:과|와)?\\s및\\s|(?:과|와)\\s)"


def words_of(name: str) -> list[str]:
    """The entries of a gazetteer file (whitespace-separated, _ for a space inside one); a "#broad" line
    splits the file into two lists, the second returned after a None."""
    out: list[str] = []
    for line in (GAZETTEERS / name).read_text(encoding="utf-8").splitlines():
        if line.strip() == "#broad":
            out.append(None)
            continue
        if line.startswith("#") or not line.strip():
            continue
        out.extend(w.replace("_", " ") for w in line.split())
    return out


def regions() -> tuple[list[str], list[str]]:
    """(full names, short names proposed alone) of the 226 시·군·구, in file order without repeats."""
    ambiguous = set(words_of("sigungu_ambiguous.txt"))
    full: list[str] = []
    for line in (GAZETTEERS / "sigungu.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        _province, names = line.split("\t")
        full.extend(names.split())
    full = list(dict.fromkeys(full))
    # 중구, 동구... are names of districts in several cities, but still places.
    short = [n[:-1] for n in full if len(n) >= 3 and n[:-1] not in ambiguous]
    return full, list(dict.fromkeys(short))


# A list longer than this (counting a string of n characters as 1/n, as annotator.core.label_patterns does when
# it picks a regex's trigger strings) can never be a trigger; it is written as a trie, which a regex tries in a
# few character comparisons where a flat alternation of 700 place names tries each name in turn.
TRIE_COST = 64


def _alternation(strings) -> str:
    """A regex matching any of the strings, the longest that fits first (규제자유특구 before 특구)."""
    strings = sorted(set(strings), key=lambda s: (-len(s), s))
    if sum(1 / len(s) for s in strings) > TRIE_COST:
        return _trie(strings)
    return "(?:" + "|".join(re.escape(s) for s in strings) + ")"


def _trie(strings) -> str:
    root: dict = {}
    for string in strings:
        node = root
        for ch in string:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        parts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: a longer name is tried before the end here

    return "(?:" + emit(root) + ")"


def field_context_patterns(provinces: list[str]) -> list[dict]:
    """The FIELD patterns that read a field by its context: words naming a kind of field (gazetteers/field_heads.txt)
    before 산업, 분야, 관련 기업, a kind of industry or the places it is in, alone or in a list; a region's fields in
    brackets."""
    field_heads = "(?:" + "|".join(re.escape(w) for w in sorted(set(words_of("field_heads.txt")), key=lambda w: (-len(w), w))) + ")"
    # not a context word nor a word of time (지난해 바이오); the first word not a province (세종 자율주행, 대구-AI로봇:
    # LOC and FIELD). Only the provinces: each copy of the 700 place names adds 6 KB to the scheme, which every
    # project file stores.
    not_context = ("(?!(?:" + "|".join(FIELD_CONTEXT_WORDS) + ")(?![가-힣A-Za-z0-9]))"
                   + "(?!" + _alternation(provinces) + "(?:\\s|-|(?![가-힣A-Za-z0-9])))")
    field_modifier = not_context + "(?![0-9])" + FIELD_CHARS + "{1,12}" + FIELD_NOT_END + "(?<![해돼고써])"
    # a head alone that names no field (융합 산업, 스마트 분야); a body or a company is not a field (이전기업)
    field_head_word = (not_context + "(?!(?:" + "|".join(FIELD_HEADS_NOT_ALONE) + ")(?![가-힣A-Za-z0-9]))"
                       + FIELD_CHARS + "{0,10}?" + field_heads + FIELD_CHARS + "{0,8}?" + FIELD_NOT_END
                       + "(?<!기업)(?<!업체)(?<!기관)")
    # one field: up to two words before the word that names a kind of field, one after (선박 관리, 스마트 제조혁신)
    field_item = (NOT_FIRST + "(?:" + field_modifier + "\\s){0,2}?" + field_head_word + "(?:\\s" + field_modifier + ")??")
    # a further field of the list, looked at only to see that the list goes on to its context
    listed_item = "(?:" + FIELD_CHARS + "{1,12}\\s){0,3}?" + FIELD_CHARS + "{1,20}?"
    field_start = "(?<![가-힣A-Za-z0-9&\\-])"
    # … or the places it is in, in brackets: 소재부품(익산‧고창), 라이프케어(남원)
    in_places = "\\((?:[가-힣]{2,4}\\s?[,·ㆍ‧]?\\s?){1,6}\\)"  # (익산‧고창), (남원): short words, as places are
    field_in_context = (field_start + "(?P<ent>" + field_item + ")(?=(?:" + FIELD_SEPARATOR + listed_item + "){0,5}?"
                        + "(?:" + FIELD_AFTER + "|" + in_places + "))")
    # 강원(디지털 헬스케어), △경남김해(의생명·의료기기), 울산(수소산업): a region's fields in brackets after it
    bracket_rest = "(?:\\s?[,·ㆍ‧]\\s?" + listed_item + "){0,3}?(?:\\s?산업)?\\s?\\)"
    field_of_region = ("[가-힣A-Za-z]\\(\\s?(?P<ent>" + field_item + ")(?=" + bracket_rest + ")")
    return [
        {"id": "field-in-context", "description": "나노융합산업 -> 나노융합; 전력반도체, 이차전지, 자동차부품 "
         "관련 기업; 바이오, 모빌리티, 탄소융복합 등 3대 산업; 라이프케어(남원): words naming a kind of field "
         "(gazetteers/field_heads.txt), alone or in a list, before 산업, 분야, 관련 기업, a kind of industry or the "
         "places it is in",
         "regex": field_in_context, "score": 0.7},
        {"id": "field-of-region", "description": "강원(디지털 헬스케어), △경남김해(의생명·의료기기): a "
         "region's fields in brackets after it", "regex": field_of_region, "score": 0.75}]


def generated(scheme: dict) -> dict[str, list[dict]]:
    """Per label, the patterns this script owns, in the order they are listed."""
    full, short = regions()
    venues = words_of("venues.txt")
    provinces = next(p for e in scheme["entities"] if e["name"] == "LOC" for p in e["patterns"]
                     if p["id"] == "province-or-metropolitan-city")["words"]
    region_names = [*provinces, *full, *(n[:-1] for n in full if len(n) >= 3)]
    zone_heads = [*ZONE_KINDS, "특구"]
    # At most three words between (a bounded match is searched in windows around 특구, not whole lines); the
    # region is a word of its own (강화 of 강화하기 위해 … 규제자유특구 is not), or fused with the zone (대덕특구).
    province_short = [*(w for w in provinces if len(w) == 2), "경기"]
    zone = (START + "(?P<ent>(?:" + _alternation(province_short) + ")?" + _alternation(region_names) + "(?:\\s" + SHORT_WORD + "){0,3}?\\s?"
            + _alternation(zone_heads) + ")" + PARTICLES)
    bodies = words_of("public_bodies.txt")
    org = (START + "(?P<ent>(?!(?:선임|책임|수석|주임|전임|객원|박사후|연구)연구원)" + WORD_CHARS + "{2,24}?"
           + "(?:" + _alternation(bodies) + "|(?<![요신초경민간])청)(?![장])" + ")" + PARTICLES)
    # 광주 테크노파크, 동남권 테크노파크, 경남TP: a region (or a 권 of regions) before a kind of body as a word.
    body_words = [b for b in bodies if len(b) >= 3]
    regional_body = (START + "(?P<ent>(?:" + _alternation(region_names) + "|[가-힣]{2}권)(?:\\s"
                     + _alternation(body_words) + "|TP))" + PARTICLES)
    # 유원대 총장, 한양여대 교수: a university's short name before its head or its staff.
    university = (START + "(?P<ent>[가-힣]{1,5}(?:여대|대))(?=(?:\\s|\\()(?:총장|부총장|교수|학장|연구팀|산학협력단))")
    company = "(?:㈜|\\(주\\)\\s?|주식회사\\s)(?P<ent>[가-힣A-Za-z0-9&]{2,20}?)" + PARTICLES
    alias = "이하 (?P<ent>" + WORD_CHARS + "{2,12})(?=[)」』])"
    acronym = ("(?<=[가-힣]\\()(?P<ent>(?!(?:" + "|".join(ACRONYMS_NOT_ORG) + ")\\))[A-Z][A-Za-z&]{1,7})(?=\\))")
    events = words_of("event_heads.txt")
    # One word ending in a kind of event (투자설명회, 최종보고회, 현판식, 협의회), a region's name and up to three
    # words before one (경남 강소특구 비전선포식), or a quoted title ending in one.
    event_word = START + "(?P<ent>" + WORD_PREFIX + _alternation(events) + ")" + PARTICLES
    # 최종 보고회, 강소특구 비전 선포식, 호수공원 축제: a few words that qualify events, a zone or a venue first.
    event_modified = (START + "(?P<ent>(?:(?:" + _alternation(ZONE_KINDS) + "|" + WORD_CHARS + "{1,16}"
                      + _alternation(venues) + ")\\s)?" + _alternation(EVENT_MODIFIERS) + "\\s" + WORD_PREFIX
                      + _alternation(events) + ")" + PARTICLES)
    # 규제자유특구 간담회, 테크노파크 워크숍, 동남권 테크노파크 업무협약식: an event named after a kind of zone or
    # a body (the body itself stays ORG when the event is not named: 테크노파크는).
    body_event = (START + "(?P<ent>(?:(?:" + _alternation(region_names) + "|[가-힣]{2}권)\\s)?(?:"
                  + _alternation(ZONE_KINDS) + "|" + WORD_CHARS + "{0,16}" + _alternation(body_words) + ")\\s"
                  + WORD_PREFIX + _alternation(events) + ")" + PARTICLES)
    event_quoted_policy = ("[‘'\"“「]\\s?(?P<ent>[^‘’'\"“”「」\\n]{2,40}?" + _alternation(POLICY_HEADS) + ")\\s?[’'\"”」]")
    event_region = (START + "(?P<ent>" + _alternation(region_names) + "(?:\\s" + INNER_WORD + "){0,3}\\s" + WORD_CHARS
                    + "*" + _alternation(events) + ")" + PARTICLES)
    event_quoted = ("[‘'\"“]\\s?(?P<ent>[^‘’'\"“”\\n]{1,40}?" + _alternation([*events, "위원회", "회의"])
                    + ")\\s?[’'\"”]")
    law = (START + "(?P<ent>" + WORD_CHARS + "{2,30}?" + _alternation(["특별법", "특례법", "기본법", "촉진법", "육성법",
                                                                       "진흥법", "지원법", "특구법"]) + ")" + PARTICLES)
    fields = words_of("field_terms.txt")
    cut = fields.index(None)
    kinds = ZONE_KINDS
    # 교육발전특구 시범지역, 1차 시범지역: the areas designated in a zone scheme's pilot
    pilot_area = (START + "(?P<ent>(?:" + _alternation(ZONE_KINDS) + "\\s?|(?:제\\s?)?[0-9]{1,2}\\s?차\\s?)시범지역)" + PARTICLES)
    # 경남김해, 경기안산: a province's short name fused to one of its cities
    fused_place = (START + "(?P<ent>" + _alternation(province_short) + _alternation(short) + ")"
                   + "(?=\\(|(?:은|는|이|가|을|를|의|과|와|도|에|에서|으로|로|)(?![가-힣]))")
    # 내년 상반기, 올해 말, 다음달 하순, 내년도 상반기: a relative year or month and the part of it
    relative_period = (START + "(?P<ent>(?:올해|금년|내년도?|지난해|작년|다음\\s?달|이달|내달|지난달)\\s?(?:상반기|하반기|"
                       "[1-4]분기|연말|연초|초순|중순|하순|초|말))" + PARTICLES)
    # 6~7일, 17~18일 이틀간: a range of days with 일 written once
    day_range = ("(?<![\\d.,~∼])(?P<ent>(?:3[01]|[12]\\d|0?[1-9])\\s?[~∼〜-]\\s?(?:3[01]|[12]\\d|0?[1-9])일)"
                 "(?=(?:간|간의|동안|은|는|이|가|을|를|의|에|까지|부터|)(?![가-힣]))")
    # 매주 금요일, 화요일 오전 10시, 오후 4시까지: a weekday, a time of day
    weekday_time = (START + "(?P<ent>(?:[월화수목금토일]요일\\s?)?(?:오전|오후)\\s?[0-9]{1,2}시(?:\\s?[0-9]{1,2}분|\\s?반)?"
                    "|[월화수목금토일]요일)" + PARTICLES)
    ordinal_zone = (START + "(?P<ent>(?:제\\s?)?[0-9]{1,2}\\s?차\\s?(?:신규\\s)?" + _alternation(kinds) + ")" + PARTICLES)
    listed_zone = ("△\\s?(?P<ent>" + _alternation(region_names) + "(?:\\s?" + INNER_WORD + "){1,4}?)"
                   "(?=\\s*(?:△|,|등|및|\\(|\\n|\\Z|\\s(?:규제자유특구|특구)))")
    # Not a verb's connective (개최돼 특구, 수립해 특구, 이로써), a distributive (지역별) or a determiner (이들 특구,
    # 일부 특구) before 특구; & inside a word (R&D 특구).
    zone_modifier = "[가-힣A-Za-z0-9·&\\-]{1,16}(?<![은는을를의에와과이가한된할될던며서로해돼써별])"
    modified_zone = (START + "(?P<ent>" + NOT_FIRST + "(?!(?:이들|일부|모든|여러|어느|다른)(?![가-힣A-Za-z0-9·]))"
                     + "(?:" + zone_modifier + "\\s){1,2}특구)" + PARTICLES)
    numbered_event = (START + "(?P<ent>제\\s?[0-9]+\\s?[차회]\\s?(?:" + INNER_WORD + "\\s){0,3}" + WORD_PREFIX
                      + _alternation([*events, "회의", "위원회"]) + ")" + PARTICLES)
    places = [*provinces, *full, *(n[:-1] for n in full if len(n) >= 3)]
    venue = (START + "(?P<ent>(?:" + _alternation([*provinces, *full, *short]) + "\\s)?" + WORD_CHARS + "{2,20}?" + _alternation(venues)
             + ")" + PARTICLES)
    place_pair = (START + "(?P<ent>" + _alternation(province_short) + "\\s" + _alternation([*full, *(n[:-1] for n in full
                  if len(n) >= 3), *words_of("named_areas.txt")]) + ")" + PARTICLES)
    name_compound = (START + "(?P<ent>" + NAME + ")(?<![부처청회단시도군구실과국에는을를의와로서된대당]) [가-힣A-Za-z·]{1,16}?"
                     + _alternation([*TITLES, "지사", "위원", "이사", "연구원", "대표"]) + "(?=(?:들)?(?:은|는|이|가|을|를|의|과|와|도|"
                     "께서|에게|으로|이자|이며|이다|입니다|)(?![가-힣]))")
    name_slash = "(?<![가-힣A-Za-z0-9])(?P<ent>" + NAME + ")\\s?/(?=\\s?[가-힣A-Za-z0-9])"
    title_then_name = ("\\((?:" + _alternation([*TITLES, "대표"]) + ")\\s(?P<ent>" + NAME + ")(?=[,)])")
    surname_title = (START + "(?P<ent>[" + SURNAMES + "]) (?:제?[1-3])?" + _alternation(TITLES) + PARTICLES)
    title_word = (START + "(?P<ent>(?:" + _alternation(places) + _alternation(PLACE_TITLES) + "|[가-힣]{0,14}?"
                  + "(?<!감)" + _alternation([t for t in TITLES if t != "기자"]) + "|기자))" + PARTICLES)
    # 노진규기자, [세종=최성열기자]: a byline with the name fused to 기자 is a name and a title.
    fused_byline_name = "(?<![가-힣A-Za-z0-9])(?P<ent>" + NAME + ")기자(?![가-힣])"
    fused_byline_title = "(?<![가-힣A-Za-z0-9])" + NAME + "(?P<ent>기자)(?![가-힣])"
    title_in_brackets = "(?<=\\()(?P<ent>대표|대표이사|" + _alternation(TITLES) + ")(?=\\s" + NAME + "[,)])"
    # [서울=뉴스핌], [파이낸셜뉴스], [아시아경제 황준호 기자], (세종=연합뉴스): not [하은숙 기자] (no outlet).
    outlet_before_reporter = ("(?:(?<=[\\[【])|(?<![가-힣A-Za-z0-9]))(?P<ent>[가-힣A-Za-z0-9]{2,12})(?:\\s?\\([가-힣]{1,6}\\))?"
                              "(?:\\s?=\\s?" + NAME + "\\s?(?:기자|특파원)|\\s" + NAME + "\\s기자\\s?=)")
    # MBC경남, 부산MBC, KBS제주방송총국: a broadcaster's regional station
    broadcaster = (START + "(?P<ent>(?:" + _alternation(provinces) + ")?(?:MBC|KBS|SBS|EBS|OBS|KNN|TBC|TJB|JTV|CJB|UBC|G1)"
                   "(?:" + _alternation(provinces) + "|강원영동)?(?:방송총국|총국)?)" + PARTICLES)
    # 부산대 양산캠퍼스, 한양대 에리카캠퍼스: a university's campus
    campus = START + "(?P<ent>[가-힣]{1,6}(?:대|대학교)\\s[가-힣A-Za-z]{1,8}캠퍼스)" + PARTICLES
    lead_in = ("(?:[\\[【](?:[가-힣A-Za-z ]{1,10}=)?|\\((?:[가-힣A-Za-z ]{1,10}=))(?P<ent>(?!" + NAME + "\\s?기자)"
               "[가-힣A-Za-z0-9]{2,12}(?<!기자))(?=(?:\\s" + NAME + "\\s?(?:기자|특파원))?[\\]】)])")
    amount = NUMBER + "(?:\\s?[~∼〜-]\\s?" + NUMBER + ")?(?:\\s?(?:억|만|천|백)(?:\\s?" + NUMBER + ")?){0,3}\\s?(?:여\\s?)?"
    after = "(?=(?:이|가|을|를|은|는|의|에|에서|으로|로|과|와|씩|도|만|이상|이하|가량|정도|포인트|)(?![가-힣]))"
    figure = "(?<![\\d.,~∼])(?P<ent>" + amount + "(?:개사|개소|개국|개|곳|명|건|가지|척|차례|품종|작물))" + after
    # 세 차례, 두 기관, 여섯 명: a count in Korean numerals
    native_count = (START + "(?P<ent>(?:두|세|네|다섯|여섯|일곱|여덟|아홉|열)\\s?(?:차례|기관|명|곳|개|개사|부처|번))"
                    + after)
    # 40여개 기업, 30여 개 자치단체: an approximate count and the noun counted (as the token pattern for 7개 지자체)
    approximate_counted = ("(?<![\\d.,~∼])(?P<ent>" + NUMBER + "\\s?여\\s?(?:개|곳)\\s(?!(?:최종|신규|추가|이상|이하|이내|"
                           "규모|가운데|정도|가량|중)(?![가-힣]))[가-힣]{2,6}?)" + PARTICLES)
    # A measure may be written with 만/억 in it (281만 3223㎡, 5만 7000㏊); areas, weights and 평 too.
    big = NUMBER + "(?:\\s?(?:억|만|천)(?:\\s?" + NUMBER + ")?){0,2}"
    measure = ("(?<![\\d.,~∼])(?P<ent>" + big + "\\s?(?:%p|%|％|퍼센트|㎞|km|㎡|㎢|㏊|평|톤|kg|㎏|MW|GW|kW|배))"
               + after)
    # 7개 시·도, 14개 시도, 226개 시·군·구: the count of the country's local governments (a token pattern stops at ·).
    provinces_count = ("(?<![\\d.,~∼])(?P<ent>" + NUMBER + "\\s?개\\s?(?:시·군·구|시·도|시·군|시도|시군구|시군))"
                       + "(?=(?:별|별로|에서|에|의|이|가|을|를|은|는|과|와|도|로|)(?![가-힣]))")
    field_before_industry = (START + "(?P<ent>" + _alternation([w for w in fields if w]) + ")\\s?(?:산업|분야)"
                             "(?=(?:은|는|이|가|을|를|의|과|와|도|에|에서|으로|로|)(?![가-힣]))")
    day = ("(?:(?:(?:19|20)\\d{2}년\\s?)?(?:1[0-2]|0?[1-9])월\\s?)?(?:3[01]|[12]\\d|0?[1-9])일"
           "(?:\\s?\\([월화수목금토일]\\))?")
    date_time = ("(?<![\\d.])(?P<ent>" + day + "\\s(?:(?:오전|오후|새벽|저녁|밤)(?:\\s?\\d{1,2}시(?:\\s?\\d{1,2}분|\\s?반)?)?"
                 "|\\d{1,2}시(?:\\s?\\d{1,2}분)?))" + PARTICLES)
    return {
        "ORG": [{"id": "public-body", "description": "강원테크노파크, 연구개발특구진흥재단, 한국전자통신연구원, "
                 "지방시대위원회: one word ending in the name of a kind of body (gazetteers/public_bodies.txt)",
                 "regex": org, "score": 0.7},
                {"id": "outlet-lead-in", "description": "[서울=뉴스핌], [파이낸셜뉴스], (세종=연합뉴스): the outlet "
                 "of a lead-in", "regex": lead_in, "score": 0.85},
                {"id": "outlet-before-reporter", "description": "[중소기업신문=박진호 기자], [헤럴드경제(순천)=박대성 "
                 "기자], 아시아투데이 오세은 기자 =: an outlet before its reporter", "regex": outlet_before_reporter,
                 "score": 0.8},
                {"id": "broadcaster", "description": "MBC경남, 부산MBC, KBS제주방송총국, MBC: a broadcaster and its "
                 "regional stations", "regex": broadcaster, "score": 0.8},
                {"id": "campus", "description": "부산대 양산캠퍼스: a university's campus", "regex": campus,
                 "score": 0.8},
                {"id": "company", "description": "㈜더존크리에이티브, (주)콘텐츠펙토리상상역, 주식회사 나르마: a "
                 "company by its legal form", "regex": company, "score": 0.85},
                {"id": "generic-government", "description": "정부, 지자체, 광역지자체, 지방자치단체, 중앙정부: the "
                 "government and local governments as actors", "words": GENERIC_GOVERNMENT, "score": 0.75},
                {"id": "local-council-or-office", "description": "시의회, 도청, 군청: a local council "
                 "or a local government's office", "words": ["시의회", "도의회", "군의회",
                 "구의회", "시청", "도청", "군청", "구청"], "score": 0.7},
                {"id": "alias", "description": "(이하 행복청), (이하 특구기획단): the short name a text gives a body",
                 "regex": alias, "score": 0.7},
                {"id": "acronym-in-brackets", "description": "한국토지주택공사(LH), 대구경북경제자유구역청(DGFEZ)",
                 "regex": acronym, "score": 0.6},
                {"id": "regional-body", "description": "광주 테크노파크, 동남권 테크노파크, 경남TP: a region before "
                 "a kind of body", "regex": regional_body, "score": 0.75},
                {"id": "university-short", "description": "유원대 총장, 한양여대 교수: a university's short name "
                 "before its head or staff", "regex": university, "score": 0.7}],
        "PERSON": [{"id": "fused-byline-name", "description": "노진규기자, [세종=최성열기자]: the name of a "
                    "byline fused with 기자", "regex": fused_byline_name, "score": 0.8},
                   {"id": "name-before-compound-title", "description": "김경수 경남도지사, 백운만 특구혁신기획단장, "
                    "최경환 국회의원: a name before one word ending in a title", "regex": name_compound, "score": 0.75},
                   {"id": "name-before-slash", "description": "장병규 / 4차산업혁명위원장, [송금찬 / 농촌진흥청 "
                    "연구성과관리과장: a name before a slash and the person's title or body (captions)",
                    "regex": name_slash, "score": 0.7},
                   {"id": "title-then-name", "description": "(장관 오영주), (대표 임빈만), (청장 김진숙, ...): a name "
                    "after a title in brackets", "regex": title_then_name, "score": 0.8},
                   {"id": "surname-before-title", "description": "이 총리, 유 장관, 오 차관: a surname standing for "
                    "a person before a title", "regex": surname_title, "score": 0.75}],
        "TITLE": [{"id": "title-word", "description": "경남도지사, 창원시장, 경제부총리, 제1차관: a title as one word, "
                   "with or without a name before it", "regex": title_word, "score": 0.7},
                  {"id": "fused-byline-title", "description": "노진규기자: 기자 fused to a name",
                   "regex": fused_byline_title, "score": 0.8},
                  {"id": "title-in-brackets", "description": "(대표 임빈만), (장관 박영선): a title before a name in "
                   "brackets", "regex": title_in_brackets, "score": 0.8},
                  {"id": "chief-executive", "description": "CEO, 대표이사", "words": ["CEO", "대표이사"], "score": 0.7}],
        "LOC": [{"id": "sigungu", "description": "원주시, 횡성군, 유성구, 원주, 춘천: the 226 시·군·구 and their short "
                 "names (gazetteers/sigungu.tsv; short names that are common words left out)",
                 "words": [*full, *short], "score": 0.7},
                {"id": "province-and-city", "description": "경남 창원, 충남 천안, 경북 구미: a province's short name "
                 "and a city of it, one place", "regex": place_pair, "score": 0.8},
                {"id": "country-and-capital-region", "description": "수도권, 비수도권, 우리나라",
                 "words": ["수도권", "비수도권", "우리나라"], "score": 0.75},
                {"id": "province-city-fused", "description": "경남김해, 경기안산, 충북청주: a province's short name "
                 "fused to one of its cities", "regex": fused_place, "score": 0.8},
                {"id": "venue", "description": "정부세종청사, 세종호수공원, 새만금산단, 충북도청 대회의실: one word naming "
                 "a building, a park or an industrial estate (gazetteers/venues.txt), a province or city before it",
                 "regex": venue, "score": 0.7},
                {"id": "country", "description": "미국, 핀란드, 북유럽: countries and world regions "
                 "(gazetteers/countries.txt)", "words": words_of("countries.txt"), "score": 0.75},
                {"id": "named-area", "description": "행정중심복합도시, 새만금, 대덕연구단지, 판교: named development areas "
                 "(gazetteers/named_areas.txt)", "words": words_of("named_areas.txt"), "score": 0.75}],
        "ZONE": [{"id": "named-zone", "description": "부산 블록체인 규제자유특구, 강원 AI헬스케어 글로벌 혁신 특구, 대덕특구: "
                  "a region's name, up to four words, then the kind of zone", "regex": zone, "score": 0.85},
                 {"id": "ordinal-zone", "description": "제2차 규제자유특구, 1차 특구", "regex": ordinal_zone,
                  "score": 0.85},
                 {"id": "listed-zone", "description": "△울산 수소그린모빌리티 △경남 무인선박: a region and a field in a "
                  "list of zones", "regex": listed_zone, "score": 0.75},
                 {"id": "zone-kind", "description": "규제자유특구, 글로벌 혁신특구, 강소특구, 경제자유구역: the kind "
                  "of zone standing for zones of that kind", "words": ZONE_KINDS, "score": 0.75},
                 {"id": "pilot-area", "description": "교육발전특구 시범지역, 1차 시범지역: the areas of a zone "
                  "scheme's pilot", "regex": pilot_area, "score": 0.8},
                 {"id": "bare-zone", "description": "특구: a zone named by the word alone", "words": ["특구"],
                  "score": 0.6},
                 {"id": "modified-zone", "description": "미래형 전지 특구, R&D 특구: one or two words before 특구",
                  "regex": modified_zone, "score": 0.6}],
        "POLICY": [{"id": "quoted-policy", "description": "'글로벌 혁신 특구 조성방안', '세종시 발전과정 항공촬영': "
                    "a quoted title ending in a plan, a project or a policy", "regex": event_quoted_policy, "score": 0.7},
                   {"id": "policy-terms", "description": "규제자유특구, 실증특례, 임시허가, 규제샌드박스, 한국판 뉴딜: policy "
                    "instruments and programmes (gazetteers/policy_terms.txt)", "words": words_of("policy_terms.txt"),
                    "score": 0.7},
                   {"id": "zone-scheme", "description": "규제자유특구 제도, 글로벌 혁신특구 정책: the kind of zone "
                    "as the scheme", "regex": START + "(?P<ent>" + _alternation(ZONE_KINDS) + ")" + ZONE_AS_SCHEME,
                    "score": 0.8},
                   {"id": "project", "description": "시범사업, 실증사업, 구축사업: one word naming a project",
                    "regex": START + "(?P<ent>" + WORD_CHARS + "{2,20}?사업)" + PARTICLES, "score": 0.5},
                   {"id": "law-name", "description": "연구개발특구법, 국가균형발전 특별법: one word naming a law",
                    "regex": law, "score": 0.7}],
        "EVENT": [{"id": "modified-event", "description": "최종 보고회, 강소특구 비전 선포식, 호수공원 축제: a word "
                   "that qualifies an event before its kind", "regex": event_modified, "score": 0.75},
                  {"id": "event-word", "description": "투자설명회, 최종보고회, 현판식, 협의회: one word ending in a kind "
                   "of event (gazetteers/event_heads.txt)", "regex": event_word, "score": 0.7},
                  {"id": "body-event", "description": "규제자유특구 간담회, 테크노파크 워크숍: an event named after a "
                   "kind of zone or a body", "regex": body_event, "score": 0.75},
                  {"id": "region-event", "description": "경남 강소특구 비전선포식: a region's name and a few words "
                   "before a kind of event", "regex": event_region, "score": 0.75},
                  {"id": "quoted-event", "description": "'제2차 규제자유특구 지정을 위한 특구위원회': a quoted title "
                   "ending in a kind of event", "regex": event_quoted, "score": 0.8},
                  {"id": "numbered-event", "description": "제233차 대외경제장관회의, 제2차 회의, 제5회 포럼: a numbered "
                   "session", "regex": numbered_event, "score": 0.8}],
        "FIELD": [{"id": "field-terms", "description": "인공지능, 이차전지, 수소, 디지털헬스케어: industry and technology "
                   "fields (gazetteers/field_terms.txt)", "words": fields[:cut], "score": 0.6},
                  {"id": "field-terms-broad", "description": "의료, 에너지, 물류: fields named by common words",
                   "words": fields[cut + 1:], "score": 0.3, "enabled": False},
                  {"id": "field-before-industry", "description": "의료산업 -> 의료, 에너지 분야 -> 에너지: a field "
                   "word before 산업 or 분야", "regex": field_before_industry, "score": 0.7},
                  *field_context_patterns(provinces)],
        "DATE": [{"id": "date-with-time", "description": "14일 오후 3시, 30일 오전 11시, 20일 오후, 14일(월) 15시: "
                  "a day with the time of day", "regex": date_time, "score": 0.8},
                 {"id": "relative-day-or-year", "description": "이날, 어제, 오늘, 올해, 지난해, 내년",
                  "words": ["이날", "어제", "오늘", "내일", "올해", "지난해", "작년", "내년", "금년", "전날", "내달", "다음달",
                            "이달", "지난달", "연말", "연초", "연내", "상반기", "하반기", "이틀", "사흘", "일주일"], "score": 0.75},
                 {"id": "relative-period", "description": "내년 상반기, 올해 말, 다음달 하순: a relative year or month and "
                  "the part of it", "regex": relative_period, "score": 0.8},
                 {"id": "day-range", "description": "6~7일, 17~18일: a range of days", "regex": day_range, "score": 0.8},
                 {"id": "weekday-time", "description": "금요일, 화요일 오전 10시, 오후 4시: a weekday, a time of day",
                  "regex": weekday_time, "score": 0.75},
                 {"id": "this-half-year", "description": "올 하반기, 올 상반기, 올 연말",
                  "regex": START + "(?P<ent>올\\s?(?:상반기|하반기|[1-4]분기|연말|연초|초|말))" + PARTICLES, "score": 0.8}],
        "QUANTITY": [{"id": "quantity-figure", "description": "300여명, 2~3곳, 8만 7,000여명: counts with 여 or a "
                      "range", "regex": figure, "score": 0.75},
                     {"id": "quantity-measure", "description": "30%, 5㎞, 1.5배, 3.2%p, 281만 3223㎡: percentages "
                      "and measures", "regex": measure, "score": 0.75},
                     {"id": "quantity-native-number", "description": "세 차례, 두 기관, 여섯 명: a count in "
                      "Korean numerals", "regex": native_count, "score": 0.75},
                     {"id": "quantity-approximate-counted", "description": "40여개 기업, 30여 개 자치단체: an "
                      "approximate count and the noun counted", "regex": approximate_counted, "score": 0.75},
                     {"id": "quantity-local-governments", "description": "7개 시·도, 14개 시도: a count of local "
                      "governments", "regex": provinces_count, "score": 0.85}],
    }


def _one_line(pattern: dict) -> dict:
    """A regex's whitespace made not to match a line break: a match never spans two lines (a regex sees one
    line at a time; a match across a break would be looked for again line by line)."""
    if "regex" in pattern:
        pattern["regex"] = pattern["regex"].replace("\\s", "[^\\S\\n]")
    return pattern


def rebuilt(scheme: dict) -> dict:
    owned = {label: [_one_line(p) for p in patterns] for label, patterns in generated(scheme).items()}
    measured = json.loads(CALIBRATION.read_text(encoding="utf-8"))["patterns"] if CALIBRATION.is_file() else {}
    for entity in scheme["entities"]:
        mine = owned.get(entity["name"], [])
        ids = {p["id"] for p in mine}
        entity["patterns"] = [p for p in entity.get("patterns", []) if p["id"] not in ids] + mine
        for pattern in entity["patterns"]:
            _one_line(pattern)
            prior = HAND_PRIORS.get(pattern["id"], pattern.get("score", 0.8))
            cell = measured.get(f"{entity['name']}/{pattern['id']}")
            pattern["score"] = calibrated(cell, prior)
        if not entity["patterns"]:
            del entity["patterns"]
    return scheme


def calibrated(cell: dict | None, prior: float) -> float:
    """A pattern's score: its precision on real pages (cell: tp, proposed) shrunk towards its prior."""
    if not cell:
        return prior
    score = (cell["tp"] + PRIOR_WEIGHT * prior) / (cell["proposed"] + PRIOR_WEIGHT)
    return round(min(MAX_SCORE, max(0.05, score)), 2)


def render(scheme: dict) -> str:
    return json.dumps(scheme, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that default.json is up to date")
    args = parser.parse_args(argv)
    current = SCHEME.read_text(encoding="utf-8")
    new = render(rebuilt(json.loads(current)))
    if args.check:
        if new != current:
            print(f"{SCHEME} is out of date: run python scripts/build_default_patterns.py", file=sys.stderr)
            return 1
        return 0
    if new != current:
        tmp = SCHEME.with_suffix(".json.tmp")
        tmp.write_text(new, encoding="utf-8")
        tmp.replace(SCHEME)
    print(f"wrote {SCHEME}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
