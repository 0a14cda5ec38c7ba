"""An article's publication date and outlet, read from what an importer has: the record's metadata
(JSONL `meta`, HTML <meta> tags), the page text (datelines, bylines) and the URL.

Every value carries where it came from (`source`) and the text it was read from (`evidence`), so a
reviewer can see why a date is there. When the signals disagree or a date has no year and nothing on
the page supplies one, the value is left empty: a wrong date in a ministry's report is worse than a
blank one the reviewer fills in.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from annotator.core.article_values import EMPTY, ArticleMeta, MetaValue
from annotator.core.url_host import hostname

_Y = r"(?P<y>(?:19|20)\d{2})"
_MD = r"(?P<m>\d{1,2})\s*(?:[./-]|월)\s*(?P<d>\d{1,2})\s*일?"
_TIME = r"(?:\s*(?P<ampm>오전|오후|AM|PM|am|pm)?\s*(?P<H>\d{1,2})\s*(?::|시)\s*(?P<M>\d{2})(?::\d{2})?)?"
_WEEKDAY = r"(?:\s*\(?(?P<wd>[월화수목금토일])(?:요일)?\)?)?"
FULL_DATE = re.compile(_Y + r"\s*(?:[./-]|년)\s*" + _MD + r"\.?" + _WEEKDAY + _TIME)
SHORT_DATE = re.compile(r"(?<![\d.])" + _MD + r"\.?" + _TIME)
# Labels that introduce the first publication (입력, 등록, 승인 ...) and ones that introduce an edit.
_PUBLISHED_WORD = r"(?:입력|등록|승인|게재|발행|송고|작성|Published|Posted)(?:일시|일자|일|시간)?"
# (최초)? (기사)? WORD, spelled as alternatives that each start with a literal, so the regex engine scans for
# their first characters instead of trying the optional prefixes at every position (3x faster on a page).
_PUBLISHED = (r"(?:최초\s*(?:기사\s*)?" + _PUBLISHED_WORD + r"|기사\s*" + _PUBLISHED_WORD + r"|" + _PUBLISHED_WORD
              + r")")
_MODIFIED = r"(?:최종\s*)?(?:기사\s*)?(?:수정|업데이트|편집|Updated|Modified)(?:일시|일자|일|시간)?"
DATELINE = re.compile(r"(?P<label>" + _PUBLISHED + r")\s*[:：|]?\s*(?P<rest>[^\n]{0,40})")
_PUBLISHED_KEYWORD = re.compile(r"입력|등록|승인|게재|발행|송고|작성|Published|Posted")  # every dateline has one
MODIFIED = re.compile(_MODIFIED + r"\s*[:：|]?\s*$")
# What MODIFIED needs at the very end of a stripped text: its optional prefixes never decide whether it matches.
_MODIFIED_END = re.compile(r"(?:수정|업데이트|편집|Updated|Modified)(?:일시|일자|일|시간)?\Z")
_MODIFIED_END_CHARS = 10  # the longest of those: "Modified" + "일시"
URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?!\d)")
# "(서울=연합뉴스) 홍길동 기자", "[CWN 최한결 기자]", "[아시아경제 홍길동 기자]"
_BYLINE_PAREN = re.compile(r"[(\[](?:[가-힣]{1,6})\s*=\s*(?P<outlet>[^()\[\]\n=]{1,20}?)[)\]]")
_BYLINE_BRACKET = re.compile(r"\[(?P<outlet>[^\[\]\n]{1,20}?)\s+[가-힣]{2,4}\s*(?:기자|특파원|통신원)\]")
_BYLINE_EMAIL = re.compile(r"(?:기자|특파원)\s*\(?[\w.+-]+@(?P<host>[\w-]+(?:\.[\w-]+)+)")
_TITLE_SEPARATORS = re.compile(r"\s+(?:-|–|—|\||:|::|<|>|·)\s+")
_TITLE_SEPARATOR_CHARS = re.compile(r"[-–—|:<>·]")  # every _TITLE_SEPARATORS match holds one
_DATE_KEYS = ("published", "published_at", "publication_date", "pub_date", "pubdate", "date", "datetime",
              "article:published_time", "og:article:published_time", "datePublished", "publish-date", "created")
_OUTLET_KEYS = ("outlet", "publisher", "press", "media", "newspaper", "site_name", "og:site_name", "source_name")


SOURCE_NAMES = {"dateline": "본문 입력·승인 줄", "byline": "바이라인", "date line": "본문 날짜 줄", "url": "URL",
                "title": "제목", "byline e-mail": "기자 이메일", "reviewer": "검토자 입력"}


def source_name(code: str) -> str:
    """A value's source in words: "meta:date" -> "meta.date", "html:og:site_name" -> "HTML og:site_name"."""
    if code.startswith("meta:"):
        return f"meta.{code[5:]}"
    if code.startswith("html:"):
        return f"HTML {code[5:]}"
    return SOURCE_NAMES.get(code, code)


def extract(text: str, *, meta: dict | None = None, url: str = "", title: str = "") -> ArticleMeta:
    """The article's date and outlet from its metadata, page text and URL (in that order of trust)."""
    meta = meta if isinstance(meta, dict) else {}
    return ArticleMeta(published=_published(text, meta, url), outlet=_outlet(text, meta, url, title))


# dates ----------------------------------------------------------------------------------------------
def parse_date(value: str, *, year: int | None = None) -> str:
    """ "2024.09.02 10:00" -> "2024-09-02 10:00"; "2024-09-02T01:00:00+09:00" -> "2024-09-02 01:00";
    "09-02" -> "" unless `year` is given. "" for anything that is not a real calendar date."""
    if not isinstance(value, str):
        return ""
    value = re.sub(r"(?<=\d)T(?=\d)", " ", value.strip())  # ISO 8601: the page's local time is kept
    compact = re.fullmatch(r"((?:19|20)\d{2})(\d{2})(\d{2})(?:(\d{2})(\d{2})\d{0,2})?", value)
    if compact:
        y, m, d, hh, mm = compact.groups()
        return _format(int(y), int(m), int(d), hh, mm)
    match = FULL_DATE.match(value)
    if match:
        return _from_match(match, int(match.group("y")))
    if year is not None:
        match = SHORT_DATE.match(value)
        if match:
            return _from_match(match, year)
    return ""


def _from_match(match: re.Match, year: int) -> str:
    hour, minute = match.group("H"), match.group("M")
    if hour is not None and match.group("ampm") in ("오후", "PM", "pm") and int(hour) < 12:
        hour = str(int(hour) + 12)
    return _format(year, int(match.group("m")), int(match.group("d")), hour, minute)


def _format(y: int, m: int, d: int, hour: str | None, minute: str | None) -> str:
    try:
        day = date(y, m, d)
    except ValueError:
        return ""
    if not 1990 <= y <= 2100:
        return ""
    stamp = day.isoformat()
    if hour is not None and minute is not None and int(hour) < 24 and int(minute) < 60:
        stamp += f" {int(hour):02d}:{int(minute):02d}"
    return stamp


def _published(text: str, meta: dict, url: str) -> MetaValue:
    for key in _DATE_KEYS if meta else ():
        value = meta.get(key)
        if isinstance(value, str) and parse_date(value):
            return MetaValue(parse_date(value), f"meta:{key}", value.strip()[:80])
    html_meta = meta.get("html_meta") if meta else None
    if isinstance(html_meta, dict):
        for key in _DATE_KEYS:
            value = html_meta.get(key)
            if isinstance(value, str) and parse_date(value):
                return MetaValue(parse_date(value), f"html:{key}", value.strip()[:80])
    url_date = _url_date(url)
    today = _page_today(text)
    context_year = int(url_date[:4]) if url_date else None
    # Labelled datelines: the first one that gives a date wins; later ones are often related articles.
    for match in datelines(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if _ends_with_edit_label(text[line_start:match.start()]):
            continue  # "수정 입력" is an edit
        found = _date_in(match.group("rest"), context_year, today)
        if found:
            return MetaValue(found, "dateline", _evidence(text, match.start()))
    lines = text.split("\n")
    for line in lines:
        if len(line) <= 120 and "기자" in line:
            match = FULL_DATE.search(line)
            if match and not match.group("wd"):
                found = _from_match(match, int(match.group("y")))
                if found:
                    return MetaValue(found, "byline", line.strip())
    lone = _lone_date_lines(lines)
    if len(lone) == 1:
        (found, line), = lone.items()
        return MetaValue(found, "date line", line)
    if url_date:
        return MetaValue(url_date, "url", url)
    return EMPTY


def datelines(text: str):
    """DATELINE.finditer(text), scanning from the first place a dateline can start: most pages have no
    dateline keyword at all, and the keyword alone is found 3x faster than the whole pattern."""
    first = _PUBLISHED_KEYWORD.search(text)
    if first is None:
        return iter(())
    # A match starts at its keyword or at an optional "최초" and/or "기사" before it; nothing else precedes a
    # keyword in the pattern (no lookbehind, no anchor), so no match can start before this point.
    start = _space_before(text, first.start())
    if text.endswith("기사", 0, start):
        start -= 2
    else:
        start = first.start()
    head = _space_before(text, start)
    if text.endswith("최초", 0, head):
        start = head - 2
    return DATELINE.finditer(text, start)


def _ends_with_edit_label(before: str) -> bool:
    """MODIFIED.search(before) for the text before a dateline on its line (no "\\n"), from its last characters
    only: the pattern ends in \\s*[:：|]?\\s*$, and the search tried it at every position of the line."""
    tail = before.rstrip()
    if tail[-1:] in (":", "：", "|"):
        tail = tail[:-1].rstrip()
    return _MODIFIED_END.search(tail[-_MODIFIED_END_CHARS:]) is not None


def _space_before(text: str, at: int) -> int:
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at


def _date_in(rest: str, context_year: int | None, today: str) -> str:
    """The date at the start of what follows a dateline label; a year-less one takes the year of the
    URL, else of the page's own "today" date (the latest year that does not put it in the future)."""
    rest = rest.lstrip(" :：|")
    match = FULL_DATE.match(rest)
    if match:
        found = _from_match(match, int(match.group("y")))
        return found if found and (not today or found[:10] <= today) else ""
    match = SHORT_DATE.match(rest)
    if not match:
        return ""
    if context_year is not None:
        return _from_match(match, context_year)
    if today:
        year = int(today[:4])
        found = _from_match(match, year)
        if found and found[:10] > today:
            found = _from_match(match, year - 1)
        return found
    return ""  # "09-02" and nothing says which year: leave it to the reviewer


def _page_today(text: str) -> str:
    """The date a page shows as "today" in its header ("2025.11.06 (목)" on a line of its own): the day it
    was fetched, an upper bound for the article's date and never the article's date itself."""
    for line in text.split("\n", 400)[:400]:
        stripped = line.strip(" •·\t")
        if stripped[:2] not in ("19", "20"):  # FULL_DATE starts with the year
            continue
        match = FULL_DATE.fullmatch(stripped)
        if match and match.group("wd"):
            return _from_match(match, int(match.group("y")))[:10]
    return ""


def _lone_date_lines(lines: list[str]) -> dict[str, str]:
    """Lines (of a text split at "\\n") that are nothing but a date (and time), without the weekday of a
    "today" header."""
    found: dict[str, str] = {}
    for line in lines:
        stripped = line.strip(" •·\t")
        if 8 <= len(stripped) <= 24 and stripped[:2] in ("19", "20"):
            match = FULL_DATE.fullmatch(stripped)
            if match and not match.group("wd"):
                value = _from_match(match, int(match.group("y")))
                if value:
                    found.setdefault(value[:10], stripped)
    return found


def _url_date(url: str) -> str:
    if not url:
        return ""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    match = URL_DATE.search(path)
    return _format(int(match.group(1)), int(match.group(2)), int(match.group(3)), None, None) if match else ""


def _evidence(text: str, at: int) -> str:
    end = text.find("\n", at)
    line_start = text.rfind("\n", 0, at) + 1
    return text[line_start:end if end >= 0 else len(text)].strip()[:120]


# outlets --------------------------------------------------------------------------------------------
def _outlet(text: str, meta: dict, url: str, title: str) -> MetaValue:
    for key in _OUTLET_KEYS if meta else ():
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return MetaValue(" ".join(value.split())[:60], f"meta:{key}", value.strip()[:80])
    html_meta = meta.get("html_meta") if meta else None
    if isinstance(html_meta, dict):
        for key in _OUTLET_KEYS:
            value = html_meta.get(key)
            if isinstance(value, str) and value.strip() and not value.startswith("http"):
                return MetaValue(" ".join(value.split())[:60], f"html:{key}", value.strip()[:80])
    head = text[:20000]
    for pattern, needed in ((_BYLINE_PAREN, "="), (_BYLINE_BRACKET, "[")):
        match = pattern.search(head) if needed in head else None  # the literal test is much cheaper
        if match:
            name = match.group("outlet").strip()
            if name:
                return MetaValue(name, "byline", match.group(0))
    # a page of one line has no headline line of its own (see _outlet_from_title): no title split
    from_title = _outlet_from_title(title or _first_line(text), text) if "\n" in text else None
    if from_title:
        return from_title
    from annotator.core.outlets import outlet_for_host

    host = url_host(url)
    if host:
        return MetaValue(outlet_for_host(host) or host, "url", url)
    match = _BYLINE_EMAIL.search(text) if "@" in text else None
    if match:  # the reporter's mail domain: the outlet's own host more often than not
        host = match.group("host").lower()
        return MetaValue(outlet_for_host(host) or host, "byline e-mail", match.group(0))
    return EMPTY


def _outlet_from_title(title: str, text: str) -> MetaValue | None:
    """ "CWN(CHANGE WITH NEWS) - 오기웅 중기부 차관 ..." where the page also has the headline on a line of
    its own: the other part of the title is the outlet."""
    if _TITLE_SEPARATOR_CHARS.search(title) is None:  # no separator: nothing to split (the split alone is slower)
        return None
    parts = _TITLE_SEPARATORS.split(title.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    lines = {line.strip() for line in text.split("\n")[1:400]}
    for headline, outlet in ((parts[1], parts[0]), (parts[0], parts[1])):
        if headline.strip() in lines and 0 < len(outlet.strip()) <= 40:
            name = re.sub(r"\s*\([^)]*\)\s*$", "", outlet.strip()) or outlet.strip()  # "CWN(CHANGE WITH NEWS)"
            return MetaValue(name, "title", title.strip()[:120])
    return None


def _first_line(text: str) -> str:
    for line in text.split("\n", 20):
        if line.strip():
            return line.strip()
    return ""


def url_host(url: str) -> str:
    if not url:
        return ""
    try:
        host = hostname(url.strip()) or ""
    except ValueError:
        return ""
    return host.removeprefix("www.").removeprefix("m.")
