"""Vocabulary of page furniture written as words: UI, player and site notices, photo/video credits, front matter.

Used by boilerplate_signals.classify_line on lines of at most 160 characters; also the regex helper that makes
the segmenter's long alternations fast.
"""

from __future__ import annotations

import re

# UI, player and site notices ("브라우저가 video 태그를 지원하지 않습니다", "… 폰트가 설치되어있지 않습니다", "키보드 컨트롤
# 안내", "자세한 내용은 원문 보기를 클릭하시기 바랍니다"): the vocabulary of software and of the page itself, plus the
# phrasing of a system message or of an instruction to the reader. Body sentences share single words ("설치했다"),
# so a notice needs a word and a phrasing, or three different words (a rule list may repeat one).
_NOTICE_VOCAB_RE = re.compile(
    r"브라우저|플래시|flash|플레이어|player|동영상|video|재생|키보드|단축키|설치|업그레이드|폰트|글꼴|자바\s*스크립트|javascript"
    r"|클릭|버튼|팝업|화면|읽어\s*주기|음성\s*듣기|음성\s*서비스|크롬|chrome|익스플로러|누리집|홈페이지|본문|원문|이\s*기사|이\s*콘텐츠"
    r"|이\s*페이지|기능|댓글|로그인|제보|구독|앱|시청|vod|태그|삭제|번역|선택"
)
# The page speaking of itself in a short label ("이 기사 어때요?", "mWiz 이 기사 포인트").
_SELF_REFERENCE_RE = re.compile(r"이\s*(?:기사|콘텐츠|페이지|누리집)")
_NOTICE_PHRASE_RE = re.compile(
    r"(?:지원|설치|제공|재생|표시|이용|실행)(?:되지|하지|되어\s*있지|돼\s*있지)\s*않|원활하지\s*않|시겠습니까|하십시오|하시기\s*바랍니다"
    r"|해\s*주(?:시기\s*바랍니다|세요|십시오)|(?:하|보|누르|이용하|사용하|확인하|설치하|클릭하)(?:세요|실\s*수|시려면|셔서|시면)"
    r"|바랍니다|권장합니다|안내\s*$|(?:표시|보기|듣기|열기|닫기)(?:\s*하기)?\s*$|영역\s*(?:시작|끝)?\s*$|어때요\?|여러분|^※|^\[?(?:안내|알림)\]?\s"
)
_CREDIT_ROLE = r"(?:영상\s*(?:편집|취재|촬영|제공|디자인)|촬영\s*(?:기자)?|편집|연출|구성|그래픽|디자인|취재|자료\s*제공|사진\s*제공|내레이션|CG|PD)"
# "영상편집:김철수", "촬영기자: 이영희 / 영상편집: 박민수", "(연출 엄민재 / 구성 노영실 / 영상취재 주범)"
_CREDIT_RE = re.compile(
    rf"^[\[(<]?\s*{_CREDIT_ROLE}\s*[:：=]|^[\[(<]?\s*{_CREDIT_ROLE}\s+[가-힣]{{2,4}}\s*[/·,|]\s*{_CREDIT_ROLE}", re.I
)
# Front matter of a saved page ("description: \"…\"", "title: …", "URL: https://…"): a Latin key and a colon.
# Keys of one to three Latin words ("title:", "URL Source:", "Published Time:", "og:title:"); a one- or two-letter
# key ("Q:", "A:") is an interview's speaker, not front matter.
_FRONT_MATTER_RE = re.compile(
    r"^(?:og:[a-z_:]+|[A-Za-z][A-Za-z0-9_\-]{2,30}(?: [A-Za-z][A-Za-z0-9_\-]{1,20}){0,2})\s*:(?:\s|$)"
)
# The same with the Korean keys of a saved page or a clipping ("출처: …", "원문 링크: …", "태그: …").
_FRONT_MATTER_KO_RE = re.compile(r"^(?:제목|출처|원문(?:\s*링크|\s*주소)?|링크|태그|키워드|카테고리|저장일|스크랩\s*일시)\s*:\s")


def first_char_groups(pattern: str) -> str:
    """Rewrite an alternation of literal-led branches (no "|" inside them) as one branch per first character.

    re tries the branches of an alternation one by one at every candidate position; grouping them by their
    first character ("기자|기상청" -> "기(?:자|상청)") makes a whole-document scan about twice as fast.
    """
    groups: dict[str, list[str]] = {}
    for branch in pattern.split("|"):
        cut = 2 if branch.startswith("\\") else 1
        groups.setdefault(branch[:cut], []).append(branch[cut:])
    return "|".join(first + (f"(?:{'|'.join(rests)})" if rests != [""] else "") for first, rests in groups.items())


# The notice vocabulary grouped by first letter: it is searched in nearly every short line.
_NOTICE_VOCAB_SEARCH = re.compile(first_char_groups(_NOTICE_VOCAB_RE.pattern)).search


def notice_search(low: str) -> bool:
    """A UI, player or site notice: its vocabulary with system/instruction phrasing, or three of its words."""
    words = _NOTICE_VOCAB_RE.findall(low)
    if not words:
        return False
    if _NOTICE_PHRASE_RE.search(low) is not None:
        return True
    # the words alone: three different ones, or one repeated through a short rule list ("… 댓글 ·… 댓글 ·…")
    if len(set(words)) >= 3 or len(words) >= 4:
        return True
    if len(low) <= 25 and _SELF_REFERENCE_RE.search(low):
        return True
    # "이 누리집은 … 공식 누리집입니다.": two of the words in a short polite statement
    return len(words) >= 2 and len(low) <= 45 and low.rstrip().endswith("니다.")


_FRONT_MATTER_KO_FIRST = frozenset("제출원링태키카저스")
_CREDIT_FIRST = frozenset("영촬편연구그디취자사내CcPp([<")


def page_furniture(text: str, low: str, first: str) -> str | None:
    """Reason when a line of at most 160 characters is front matter, a credit or a UI notice, else None."""
    if ":" in text[:40] and (
        (first.isascii() and first.isalpha() and _FRONT_MATTER_RE.match(text))
        or (first in _FRONT_MATTER_KO_FIRST and _FRONT_MATTER_KO_RE.match(text))
    ):
        return "front matter (key: value)"
    if first in _CREDIT_FIRST and ("/" in text or ":" in text or "=" in text or "：" in text) and _CREDIT_RE.search(text):
        return "photo/video credit"
    if _NOTICE_VOCAB_SEARCH(low) and notice_search(low):
        return "UI/player notice"
    return None
