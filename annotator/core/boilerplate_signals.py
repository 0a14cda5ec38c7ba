"""Per-line signals for the boilerplate segmenter: what a single line looks like on its own.

Everything here is plain-text evidence (length, Hangul share, sentence endings, particles, chrome phrases,
bylines, tickers, ...). Context (neighbours, the article region, the headline) is handled in boilerplate.py,
except demote_lone_short_sentences, which only asks whether a short sentence has a sentence line next to it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from collections.abc import Callable

from annotator.core.boilerplate_vocab import first_char_groups as _first_char_groups
from annotator.core.boilerplate_vocab import notice_search, page_furniture

# Local classes, from most article-like to most chrome-like.
SENTENCE = "sentence"  # a body sentence: Korean sentence ending, particles, some length
PROSE = "prose"  # long running Hangul text without a clean sentence ending (truncated paragraph, quote)
TITLE = "title"  # headline-shaped: enough Hangul, no sentence-final period
SHORT = "short"  # too short to say anything
WEAK_BAD = "weak_bad"  # chrome phrase, byline, date, caption, list item, e-mail, URL, image name ...
STRONG_BAD = "strong_bad"  # copyright, masthead/footer registration data, weather ticker
SHORT_SENTENCE_REASON = "short body sentence"  # a SENTENCE under 18 characters; boilerplate.py checks its neighbours

BULLETS = "•·∙◦‣●○◎◇◆□■▪▫▶▷►▸→-–—*+ㅇ△▲▽▼☞※√✓✔❍"
_BULLET_RE = re.compile(r"^\s*([•·∙◦‣●○◎◇◆□■▪▫▶▷►▸→\-–—*+ㅇ△▲▽▼☞※√✓✔❍]|\d{1,2}[.)]|[①-⑳]|[가-하][.)])\s*")
_DIGIT_RE = re.compile(r"\d")
_LATIN_RE = re.compile(r"[A-Za-z]")
_UPPER_RE = re.compile(r"[A-Z]")
_SYMBOL_BULLETS = frozenset(BULLETS)
_BULLET_FIRST = frozenset(BULLETS + "0123456789①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳ \t")
_WORD_RE = re.compile(r"[가-힣]+")
# Lines at least this long count their Hangul syllables without listing the words (hangul_syllables), and list
# them only if a rule needs them: a long body paragraph never does.
_COUNTED_LINE_CHARS = 48
# UTF-16 high bytes: AC..D6 (U+AC00..U+D6FF, all syllables) marked 1, D7 marked 2: the block ends at U+D7A3.
_HANGUL_HIGH_BYTES = bytes(1 if 0xAC <= byte < 0xD7 else 2 if byte == 0xD7 else 0 for byte in range(256))
_HANGUL_D7_RE = re.compile("[\uD700-\uD7A3]")
_D7_LOOKED_AT = 16  # up to this many U+D7xx units (희 히 힘 ...) are checked one by one, more by the regex

# A sentence-final ending (다 요 죠 … 니다), spaces, a run of . ! ? and optional closing quotes/brackets end the
# line: final_period() peels that tail from the right instead of scanning the whole line with a regex.
_CLOSERS = "\"'”’」』)]"
_FINAL_SYLLABLES = frozenset("다요죠음함됨임까라자오네군지야")
# Same ending without the period: "…다”", "…했다", "…것이다" (headlines rarely end so; quotes and
# truncated paragraphs do).
_FINAL_BARE_RE = re.compile(r"(?:[했됐였겠]다|이다|한다|된다|있다|없다|밝혔다|말했다|니다|습니다)[\"'”’」』)\]]*\s*$")
# Sentence boundaries inside a line ("…했다. 또한 …", "…다”며 …").
_INNER_END_RE = re.compile(r"(?:다|요|니다)[.!?][\"'”’]?(?:\s|$)|다[”\"]\s*(?:며|고|라고|면서|라며)")
# Function syllables that end a Hangul word: case particles, connective and adnominal endings.
_PARTICLE_WORD_RE = re.compile(r"[가-힣][은는이가을를에의로와과도만서고며해한할된던게지면들께터나랑라](?![가-힣])")

_COPYRIGHT_RE = re.compile(
    r"저작권|무단\s*전재|재\s*배포\s*금지|무단\s*복제|전재\s*및\s*재배포|ⓒ|©|\(c\)\s*\d{4}|copyright|all\s+rights\s+reserved"
)
_MASTHEAD_RE = re.compile(
    r"등록번호|등록\s*일자|등록일\s*[:：]|발행인|편집인|발행\s*[·ㆍ]\s*편집|편집국장|청소년\s*보호\s*책임자|사업자\s*등록|통신판매업"
    r"|개인정보\s*(?:처리|보호|취급)\s*방침|이메일\s*무단\s*수집|이용\s*약관|신문사업|인터넷신문|정기간행물"
)
_WEATHER_RE = re.compile(r"[℃°]|기상청\s*제공|(?:맑음|흐림|구름\s*(?:조금|많음)|박무|연무|안개|황사)(?=[가-힣\s\-\d(]|$)")
# Chrome phrases: menus, widgets, related/popular lists, share tools, comment boxes.
_CHROME_RE = re.compile(
    r"관련\s*(?:기사|뉴스|콘텐츠|영상|링크)|많이\s*(?:본|읽은)|인기\s*(?:기사|뉴스|글|검색)|랭킹\s*뉴스|추천\s*(?:기사|뉴스)"
    r"|최신\s*(?:기사|뉴스)|주요\s*(?:기사|뉴스)|뜨는\s*뉴스|공감\s*뉴스|함께\s*(?:보면|볼\s*만한)|핫\s*(?:이슈|뉴스)"
    r"|포토\s*뉴스|기자의\s*(?:다른|인기|최신)|다른\s*기사|기사\s*더\s*보기|이전\s*기사|다음\s*기사|댓글|답글|바로\s*가기"
    r"|로그인|로그아웃|회원\s*가입|구독|뉴스\s*레터|더\s*보기|글자\s*크기|글씨\s*크기|폰트\s*크기|본문\s*듣기|인쇄|스크랩"
    r"|좋아요|추천\s*\d|카카오\s*톡|카카오\s*스토리|페이스\s*북|트위터|네이버\s*블로그|url\s*복사|링크\s*복사"
    r"|맨\s*위로|기사\s*제보|제보\s*하기|광고\s*문의|전체\s*메뉴|조회\s*수|조회\s*\d|hot\s*issue|sitemap|홈으로"
    r"|저작권\s*보호|무단\s*수집|앱\s*다운|퍼가기"
)
# Short widget labels, matched on the whole (lowercased) line or its end.
_CHROME_WHOLE = frozenset({"ad", "top", "home", "홈", "today", "more", "menu", "search", "login", "share", "print"})
_CHROME_ENDINGS = ("공유", "공유하기", "목록", "목록으로", "광고", "검색", "검색어", "메뉴", "닫기", "열기", "기능")
# Labelled article metadata ("작성자 홍보담당관실", "보도시점 2024. 5. 22.", "담당자 | 사무관 …"): a label, then a
# separator. Press-release portals and CMS templates put these around the body. Labels that can open a
# headline ("담당자 실수로 …") need a ":"/"|" or a phone number to count.
_META_LABEL_RE = re.compile(
    r"(?:작성자|작성일|글쓴이|담당\s*부서|배포\s*일시|보도\s*(?:일시|시점)|엠바고|게시일)\s*(?:[:：|]|\s)"
    r"|(?:담당자|책임자|연락처|문의처?)\s*(?:[:：|]|\s.*\d{2,4}-\d{3,4})"
)
_META_LABEL_FIRST = frozenset("작글담책연문배보엠게")
_BYLINE_KEY_RE = re.compile(r"기자|특파원|논설위원|칼럼니스트|통신원|리포터|에디터|pd")
_BYLINE_RE = re.compile(
    r"[가-힣]{2,4}\s*(?:선임|수석|객원|인턴|전문|취재)?\s*(?:기자|특파원|논설위원|칼럼니스트|통신원|리포터|에디터|pd)(?:\s|$|[,/|\]=]|입력|@)"
)
_DATE_META_RE = re.compile(
    r"(?:입력|수정|승인|기사\s*승인|등록|게재|발행|업데이트|송고|최종\s*수정|기사\s*입력)\s*[:：]?\s*\d{2,4}\s*[.\-/년]"
)
_DATE_LINE_RE = re.compile(r"^\s*[\[(]?\d{4}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}")
_EMAIL_RE = re.compile(r"[\w.+\-]+@[\w\-]+\.[\w.\-]+")
_URL_RE = re.compile(r"https?://|www\.|\.(?:com|co\.kr|kr|net|org)(?:/|\b)")
_IMAGE_RE = re.compile(r"\.(?:png|jpe?g|gif|webp|bmp|svg|tiff?)\b")
_CAPTION_RE = re.compile(r"^\s*[▲◀▶]|사진\s*[=/:]|\(사진\s*[=:]|\[사진|사진\s*제공|사진\s*확대|이미지\s*확대|그래픽\s*=|/\s*연합뉴스$|로고\.?\s*/|재판매\s*및\s*db\s*금지")
_TICKER_RE = re.compile(r"[▲▼↑↓]\s*[\d.,]+|[+\-]\s*\d[\d.,]*\s*%|\d[\d,]*\.\d+\s*(?:원|달러|usd|krw|\$)|코스피|코스닥|나스닥|비트코인|btc|eth")
_BREADCRUMB_RE = re.compile(r"\s[>›»|]\s.*\s[>›»|]\s|^(?:홈|home)\s*[>›»]|^home\s+\S")
_MENU_SPLIT_RE = re.compile(r"[\s|/·]+")
_SECTION_NAMES = frozenset(
    "홈 home 뉴스 news 전체 전체기사 최신 정치 경제 사회 문화 국제 세계 스포츠 연예 오피니언 사설 칼럼 포토 영상 동영상 생활 라이프"
    " 전국 지역 it 과학 산업 부동산 증권 금융 재테크 교육 건강 의료 여행 레저 기획 특집 연재 인물 피플 날씨 게임 자동차 정책 행정"
    " 의회 경찰 법원 사건 사건사고 환경 노동 복지 기업 유통 이슈 만평 영문 english 엔터 방송 음악 영화 책 북 종교 군사 북한 외교"
    " 국방 농업 수산 해양 에너지 테크 모바일 ai 블록체인 가상자산 코인 골프 야구 축구 농구 배구 연예가 tv 라디오 팟캐스트 구독"
    " 로그인 회원가입 검색 메뉴 전체메뉴 기사 리포트 인터뷰 브리핑 공지 이벤트 광고 제보 about 소개 문화예술 공연 전시"
    " 속보 단독 팩트체크 그래픽 인포그래픽 카드뉴스 사람들 탐사 기획연재 웹툰 쇼핑 블로그 카페 지도".split()
)
_CODE_RE = re.compile(r"<\?|\?>|php|do_shortcode|function\s*\(|\{\{|\}\}|&nbsp|=\s*function|var\s+\w+\s*=")


# Cheap literal pre-checks: the ordered rules only run on lines that contain one of their trigger strings.
_STRONG_TRIGGER_RE = re.compile(
    r"저작권|무단|재[ \t]*배포|ⓒ|©|\(c\)|copyright|all[ \t]+rights|등록|발행|편집|청소년|사업자|통신판매|개인정보|이메일"
    r"|이용[ \t]*약관|신문|정기간행물|℃|°|기상청|맑음|흐림|구름|박무|연무|안개|황사"
)
_WEAK_TRIGGER_RE = re.compile(
    r"기자|특파원|논설위원|칼럼니스트|통신원|리포터|에디터|pd|입력|수정|승인|등록|게재|발행|업데이트|송고|@|http|www\."
    r"|\.com|\.kr|\.net|\.org|\.png|\.jpg|\.jpeg|\.gif|\.webp|\.bmp|\.svg|\.tif|사진|이미지|그래픽|연합뉴스|로고|제공"
    r"|달러|usd|krw|코스피|코스닥|나스닥|비트코인|btc|eth|php|function|do_shortcode|&nbsp|var |\{\{|\}\}"
)
_WEAK_TRIGGER_CHARS_RE = re.compile(r"[▲◀▶▼↑↓%$>›»|?<]")
_WEAK_FIRST_CHARS = frozenset("0123456789[(홈")


# Document-wide versions of the triggers; each hit also swallows the rest of its line (see trigger_lines).
_DOC_TRIGGERS = (
    (re.compile(f"(?:{_first_char_groups(_STRONG_TRIGGER_RE.pattern)})[^\n]*"),),
    (
        re.compile(f"(?:{_first_char_groups(_WEAK_TRIGGER_RE.pattern)})[^\n]*"),
        re.compile(f"{_WEAK_TRIGGER_CHARS_RE.pattern}[^\n]*"),
    ),
)


def trigger_lines(lowered_text: str, line_starts: list[int]) -> tuple[set[int], set[int]]:
    """(strong, weak): indexes of the lines of a lowercased document that contain a trigger string.

    One pass over the whole text is much cheaper than searching every line; triggers never span a newline,
    and each hit swallows the rest of its line, so a line costs one hit however many triggers it holds.
    """
    return _trigger_hits(0, lowered_text, line_starts), _trigger_hits(1, lowered_text, line_starts)


def _trigger_hits(kind: int, lowered_text: str, line_starts: list[int]) -> set[int]:
    hits: set[int] = set()
    for pattern in _DOC_TRIGGERS[kind]:
        for m in pattern.finditer(lowered_text):
            hits.add(bisect_right(line_starts, m.start()) - 1)
    return hits


# The one character lower() makes longer ("İ" -> "i̇", checked over every code point in the tests): without it
# a lowercased document keeps the line offsets of the original.
LENGTHENED_BY_LOWER = "\u0130"


class DocumentTriggers:
    """trigger_lines of one document, lowercased and each kind searched on first use: a page whose lines are
    all long paragraphs never needs the strong triggers (no strong rule applies to them), nor the weak ones
    unless a paragraph looks like script residue (see classify_line). The text must not hold
    LENGTHENED_BY_LOWER."""

    __slots__ = ("_text", "_lowered", "_starts", "_found")

    def __init__(self, text: str, line_starts: list[int]):
        self._text = text
        self._lowered = ""
        self._starts = line_starts
        self._found: list[set[int] | None] = [None, None]

    def strong(self, line_index: int, length: int) -> bool:
        """Whether the line holds a strong trigger; False for one of `length` no strong rule applies to."""
        if length >= STRONG_RULES_MAX_LENGTH:
            return False
        found = self._found[0]
        if found is None:
            found = self._found[0] = _trigger_hits(0, self._lowered or self._lower(), self._starts)
        return line_index in found

    def weak(self, line_index: int) -> bool:
        found = self._found[1]
        if found is None:
            found = self._found[1] = _trigger_hits(1, self._lowered or self._lower(), self._starts)
        return line_index in found

    def _lower(self) -> str:
        self._lowered = self._text.lower()
        return self._lowered


def _byline_search(low: str) -> bool:
    return _BYLINE_KEY_RE.search(low) is not None and _BYLINE_RE.search(low) is not None


def _email_search(low: str) -> bool:
    return "@" in low and _EMAIL_RE.search(low) is not None


# The words of a copyright notice proper (a bare "ⓒ 매체" is a photo credit); a line with them ends the article.
COPYRIGHT_NOTICE_RE = re.compile(r"저작권|무단|재\s*배포|전재|copyright|all\s+rights|\(c\)")


def _credit_glued_to_sentence(low: str, text: str) -> bool:
    """A bare "ⓒ 매체" credit inside a long line that ends as a sentence: the line is the paragraph."""
    return len(text) >= 60 and COPYRIGHT_NOTICE_RE.search(low) is None and final_period(text.rstrip())


_HEADLINE_TAG_RE = re.compile(r"^[\[【<〈]\s*[^\]】>〉]{1,8}\s*[\]】>〉]\s*")


_TAG_OPENERS = frozenset("[【<〈")


def _untagged(low: str) -> str:
    """The line without a leading "[포토뉴스]"/"[단독]" tag when a headline follows it (the tag is not a widget)."""
    if low[:1] not in _TAG_OPENERS:
        return low
    m = _HEADLINE_TAG_RE.match(low)
    return low[m.end():] if m and len(low) - m.end() >= 10 else low


def _plain_statement(body: str) -> bool:
    """A sentence ending in the plain "…다." of reporting, which notices (polite or bare labels) do not use."""
    tail = body.rstrip(_CLOSERS).rstrip(".!? ")
    return tail.endswith("다") and not tail.endswith("니다")


def _ticker_search(low: str) -> bool:
    return _DIGIT_RE.search(low) is not None and _TICKER_RE.search(low) is not None


# (search on the lowercased line, longest line it applies to, region weight, reason), checked in order.
_STRONG_RULES = (
    (_WEATHER_RE.search, 60, -3.0, "weather ticker"),
    (_COPYRIGHT_RE.search, 200, -6.0, "copyright line"),
    (_MASTHEAD_RE.search, 300, -4.0, "publisher/footer details"),
)
STRONG_RULES_MAX_LENGTH = max(limit for _, limit, _, _ in _STRONG_RULES)  # no strong rule applies to longer lines
_WEAK_RULES = (
    (_byline_search, 60, -1.5, "byline"),
    (_DATE_META_RE.search, 10_000, -1.5, "date/time line"),
    (_DATE_LINE_RE.search, 40, -1.5, "date/time line"),
    (_email_search, 10_000, -1.5, "e-mail address"),
    (_URL_RE.search, 120, -1.5, "URL"),
    (_IMAGE_RE.search, 80, -1.5, "image file name"),
    (_CAPTION_RE.search, 150, -1.0, "photo caption"),
    (_ticker_search, 80, -1.5, "price/market ticker"),
    (_BREADCRUMB_RE.search, 80, -1.5, "breadcrumb menu"),
)

@dataclass(slots=True)
class LineSignal:
    """What one stripped line looks like in isolation, plus the context flags the segmenter adds."""

    text: str  # stripped line
    length: int
    bullet: str  # bullet/number prefix ("" if none)
    local_class: str  # one of SENTENCE, PROSE, TITLE, SHORT, WEAK_BAD, STRONG_BAD
    weight: float  # contribution to the article-region search (positive = article-like); context may lower it
    reason: str
    # set by the segmenter from context
    no: int = 0  # 0-based line index in the document
    bad_reason: str = ""  # why the line is chrome, once local or context evidence says so
    dom_good: bool = False
    heading: bool = False
    recurrent: float = 0.0  # share of the source's other documents that contain this exact line
    listed: bool = False


def _lowered(text: str) -> str:
    """The line as the rules search it: lowercased only when it has an ASCII capital."""
    return text.lower() if _UPPER_RE.search(text) else text


def script_residue(text: str, low: str = "") -> bool:
    """Whether the line is script or markup residue: _CODE_RE in its lowered form (`low`, made here if ""), or
    a // comment (lowercasing makes "/" only from "/")."""
    if text.startswith("//"):
        return True
    return _may_hold_code(text) and _CODE_RE.search(low or _lowered(text)) is not None


def _may_hold_code(t: str) -> bool:
    """False when no _CODE_RE alternative can match the lowered line: each needs one of these characters in the
    line itself, since lowercasing makes h p f ( = & { } < > ? _ only from themselves and their capitals
    (checked over every code point in the tests). A one-character `in` is a memchr, ~10x cheaper than the
    search (and than a two-character `in`)."""
    return (
        "=" in t or "{" in t or "}" in t or "_" in t or "&" in t  # =\s*function var..= {{ }} do_shortcode &nbsp
        or ("?" in t and ("<?" in t or "?>" in t))  # "?" first: it is rare, the two-character tests are not cheap
        or (("h" in t or "H" in t) and ("p" in t or "P" in t))  # php
        or ("(" in t and ("f" in t or "F" in t))  # function\s*\(
    )


def hangul_syllables(text: str) -> int:
    """How many Hangul syllables (가-힣) the text holds: sum(map(len, _WORD_RE.findall(text))) without
    building the word list (a quarter of the cost on a paragraph)."""
    units = text.encode("utf-16-le", "surrogatepass")
    marks = units[1::2].translate(_HANGUL_HIGH_BYTES)
    count = marks.count(1)
    d7 = marks.count(2)
    if d7 > _D7_LOOKED_AT:
        count += len(_HANGUL_D7_RE.findall(text))
    elif d7:
        at = marks.find(2)
        while at >= 0:
            if units[2 * at] <= 0xA3:  # the low byte: U+D700..U+D7A3 are syllables
                count += 1
            at = marks.find(2, at + 1)
    return count


def _has_words(text: str, words: list[str] | None, n: int) -> bool:
    """Whether the line has at least n Hangul words (words: the list, when already made)."""
    if words is not None:
        return len(words) >= n
    found = 0
    for _ in _WORD_RE.finditer(text):
        found += 1
        if found >= n:
            return True
    return found >= n


def hangul_share(text: str) -> float:
    """Share of Hangul syllables among the non-space characters of a stripped line."""
    return sum(map(len, _WORD_RE.findall(text))) / (len(text) - text.count(" ") or 1)


def bullet_of(line: str) -> tuple[str, int]:
    """(bullet kind, offset where the item text starts); ("", 0) when the line has no bullet."""
    first = line[0]
    if first in _SYMBOL_BULLETS:  # the common case, without the regex: the symbol and the spaces after it
        return first, len(line) - len(line[1:].lstrip())
    if first not in _BULLET_FIRST and not ("가" <= first <= "하" and line[1:2] in (".", ")")):
        return "", 0
    m = _BULLET_RE.match(line)
    if not m:
        return "", 0
    b = m.group(1)
    return ("1." if b[0].isdigit() else b), m.end()


def particle_ratio(words: list[str], text: str) -> float:
    """Share of Hangul words ending in a particle or verbal ending (body prose ~0.5+, headlines ~0.2)."""
    if not words:
        return 0.0
    return len(_PARTICLE_WORD_RE.findall(text)) / len(words)


def final_period(body: str) -> bool:
    """Whether a right-stripped line ends in a sentence-final syllable, optional spaces, [.!?]+, closing quotes.

    Same answer as the regex (?:다|요|…|야)\\s*[.!?]+[closers]*\\s*$ at a fraction of its cost on long lines.
    """
    tail = body.rstrip(_CLOSERS)
    if not tail or tail[-1] not in ".!?":
        return False
    tail = tail.rstrip(".!?").rstrip()
    return tail[-1:] in _FINAL_SYLLABLES


def classify_line(text: str, strong_trigger: bool | None = None,
                  weak_trigger: bool | Callable[[], bool] | None = None) -> LineSignal:
    """Local evidence for one non-blank, stripped line.

    strong_trigger/weak_trigger: whether the line contains a trigger string, when the caller has already
    searched the whole document (see trigger_lines); None searches the line here. weak_trigger may also be
    a function that answers it, called only when the answer can change the verdict.
    """
    length = len(text)
    first = text[0]
    if first in _BULLET_FIRST or ("가" <= first <= "하" and text[1:2] in (".", ")")):
        bullet, body_start = bullet_of(text)
        body = text[body_start:] if bullet else text
    else:
        bullet, body = "", text
    # the lowercased line is only made when a check needs it (long body sentences rarely do)
    low = ""
    if strong_trigger is not False:
        low = _lowered(text)
        if strong_trigger is None:
            strong_trigger = _STRONG_TRIGGER_RE.search(low) is not None
    if strong_trigger:
        for search, max_length, weight, reason in _STRONG_RULES:
            if length < max_length and search(low):
                if reason == "copyright line" and _credit_glued_to_sentence(low, text):
                    break  # "| ⓒ 경서신문 | 고령군 … 상실되어 있다.": a paragraph with its photo credit glued on
                return LineSignal(text, length, bullet, STRONG_BAD, weight, reason)

    # words: the Hangul words, listed only when a rule needs them (None until then) on long lines
    words = None if length >= _COUNTED_LINE_CHARS else _WORD_RE.findall(text)
    nonspace = length - text.count(" ") or 1
    share = (hangul_syllables(text) if words is None else sum(map(len, words))) / nonspace

    # Sentence evidence, cheapest first; each later test only runs when the earlier ones did not decide.
    ends, sentence_like, short_sentence = False, False, False
    if length >= 18 and share >= 0.35:
        ends = final_period(body)
        if ends and _has_words(text, words, 4):
            sentence_like = True
        elif length >= 60 and _INNER_END_RE.search(body):
            ends = sentence_like = True
        elif length >= 100:
            if words is None:
                words = _WORD_RE.findall(text)
            if len(words) >= 12:
                sentence_like = particle_ratio(words, body) >= 0.3
    elif 8 <= length < 18 and share >= 0.5 and len(words) >= 3 and final_period(body):
        # one short sentence per line ("도는 기대감이 크다."): weak body evidence, so a body written line by
        # line keeps its last line, while an isolated widget notice cannot pull the region far
        short_sentence = True

    if not sentence_like or length < 50:
        low = low or _lowered(text)
        if length <= 15 and (low in _CHROME_WHOLE or low.endswith(_CHROME_ENDINGS)):
            return LineSignal(text, length, bullet, WEAK_BAD, -1.5, "page chrome phrase")
        if (length <= 40 or not sentence_like) and _CHROME_RE.search(_untagged(low)):
            return LineSignal(text, length, bullet, WEAK_BAD, -1.5, "page chrome phrase")
    if not sentence_like and length <= 60 and first in _META_LABEL_FIRST and _META_LABEL_RE.match(text):
        return LineSignal(text, length, bullet, WEAK_BAD, -1.5, "article metadata")
    if length <= 160 and not (ends and _plain_statement(body)):
        # page furniture in words: front matter, credits, notices (also when written as a full sentence)
        low = low or _lowered(text)
        furniture = page_furniture(text, low, first)
        if furniture:
            return LineSignal(text, length, bullet, WEAK_BAD, -1.5, furniture)
    if weak_trigger is None:
        low = low or _lowered(text)
        weak_trigger = _WEAK_TRIGGER_RE.search(low) is not None or _WEAK_TRIGGER_CHARS_RE.search(low) is not None
    elif callable(weak_trigger):
        if sentence_like and length >= 50:
            # Of the checks below only the script-residue one can apply to a long sentence (and
            # short_sentence is False): the trigger matters only when that one matches.
            weak_trigger = weak_trigger() if script_residue(text, low) else False
        else:
            weak_trigger = weak_trigger()
    if weak_trigger or first in _WEAK_FIRST_CHARS or text.startswith("//") or text[:4].lower() == "home":
        if script_residue(text, low):
            return LineSignal(text, length, bullet, STRONG_BAD, -2.0, "script or markup residue")
        if not sentence_like or length < 50:
            low = low or _lowered(text)
            for search, max_length, weight, reason in _WEAK_RULES:
                if length <= max_length and search(low):
                    if reason == "byline" and _says_something(_WORD_RE.findall(text) if words is None else words, body):
                        continue  # "특파원 리포트는 한 해 평균 2천여 건." names a title inside a sentence
                    return LineSignal(text, length, bullet, WEAK_BAD, weight, reason)
    if short_sentence and not weak_trigger:
        return LineSignal(text, length, bullet, SENTENCE, 0.5, SHORT_SENTENCE_REASON)
    if sentence_like:
        if body.endswith(("…", "...", "⋯")):
            return LineSignal(text, length, bullet, PROSE, 0.3, "truncated teaser")
        weight = 1.5 + min(length, 300) / 100.0 if ends else 1.0
        return LineSignal(text, length, bullet, SENTENCE, weight, "body sentence")
    if words is None:
        words = _WORD_RE.findall(text)
    if length <= 80:
        if _is_menu(text):
            return LineSignal(text, length, bullet, WEAK_BAD, -1.5, "menu of short words")
        if len(_DIGIT_RE.findall(text)) / nonspace > 0.3:
            return LineSignal(text, length, bullet, WEAK_BAD, -1.0, "number-heavy line")
        if share < 0.2:
            latin = len(_LATIN_RE.findall(text))
            reason = "English-only short line" if latin / nonspace > 0.5 else "symbol/number line"
            return LineSignal(text, length, bullet, WEAK_BAD, -1.0, reason)
    if (
        length >= 45
        and share >= 0.4
        and (length >= 70 or _FINAL_BARE_RE.search(body))
        and particle_ratio(words, body) >= 0.3
    ):
        return LineSignal(text, length, bullet, PROSE, 0.6, "running prose")
    if length >= 8 and len(words) >= 2 and (share >= 0.35 or (share >= 0.2 and _mixed_script_title(text, share, nonspace))):
        return LineSignal(text, length, bullet, TITLE, -0.2, "headline-like line")
    return LineSignal(text, length, bullet, SHORT, -0.6, "short fragment")


def _says_something(words: list[str], body: str) -> bool:
    """A sentence rather than a name tag: it ends like one and its words carry particles."""
    return len(words) >= 5 and body.rstrip(_CLOSERS).endswith((".", "!", "?")) and particle_ratio(words, body) >= 0.3


def demote_lone_short_sentences(lines: list[LineSignal]) -> None:
    """A short sentence counts as body only inside a run of sentence lines (a body written line by line).

    Alone between blank lines it is as likely a widget notice ("검색 결과가 없습니다.") as a paragraph.
    """
    for k, ln in enumerate(lines):
        if ln.reason != SHORT_SENTENCE_REASON:
            continue
        glued = any(
            0 <= m < len(lines)
            and abs(lines[m].no - ln.no) == 1
            and lines[m].local_class in (SENTENCE, PROSE)
            and not lines[m].bad_reason
            for m in (k - 1, k + 1)
        )
        if not glued:
            ln.local_class, ln.weight, ln.reason = TITLE, -0.2, "headline-like line"


def _mixed_script_title(text: str, share: float, nonspace: int) -> bool:
    """A tech headline full of Latin names ("HBM3E 탑재한 Edge AI 칩…"): letters, not symbols or numbers, dominate."""
    return share + len(_LATIN_RE.findall(text)) / nonspace >= 0.6


def _is_menu(text: str) -> bool:
    """Five or more short tokens, mostly section names: a menu bar ("뉴스 홈 정치 경제 사회 IT").

    Noun-only headlines ("강원 바이오 기업 유치 사상 최대") look alike in length, so the section
    vocabulary decides.
    """
    separators = text.count(" ") + text.count("|")
    if separators < 4 or len(text) > 4.0 * (separators + 1):
        return False
    low = text.lower()
    # str.split() drops the same whitespace as the regex; the regex is only needed for "|", "/" and "·"
    if "|" in low or "/" in low or "·" in low:
        tokens = [t for t in _MENU_SPLIT_RE.split(low) if t]
    else:
        tokens = low.split()
    if len(tokens) < 5 or max(map(len, tokens)) > 6:
        return False
    return sum(map(_SECTION_NAMES.__contains__, tokens)) * 5 >= len(tokens) * 3


# Reasons of lines that may sit between a headline and its body (bylines, dates, photos, share toolbars).
META_REASONS = frozenset(
    {
        "byline", "date/time line", "article metadata", "e-mail address", "image file name", "photo caption", "URL",
        "short fragment", "UI/player notice", "front matter (key: value)", "photo/video credit",
    }
)


def is_meta_line(sig: LineSignal) -> bool:
    """Lines that sit between a headline and its body without ending the header block."""
    return sig.length <= 80 and (sig.reason in META_REASONS or (sig.local_class == WEAK_BAD and sig.length <= 6))
