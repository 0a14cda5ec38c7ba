"""The article header: the headline and sub-headlines above the body, found across page furniture.

Walking up from the body's first line, runs of page furniture (bylines, dates, share and font-size toolbars,
player notices, front matter, photo credits) are skipped at a cost; the title-like lines met on the way form
the header. Past the budget, only the line that the page's <title> repeats is taken.
"""

from __future__ import annotations

import re

from annotator.core.boilerplate_signals import (
    COPYRIGHT_NOTICE_RE,
    PROSE,
    SENTENCE,
    SHORT,
    STRONG_BAD,
    TITLE,
    WEAK_BAD,
    LineSignal,
    is_meta_line,
)

_HEADLINE_SCAN_LINES = 40
_NORM_RE = re.compile(r"[\s\W_]+")


def _norm(text: str) -> str:
    return _NORM_RE.sub("", text).lower()


_SITE_TITLE_RE = re.compile(r"\s[-|–:·]{1,2}\s|\s::|^[\[<(].{1,20}[\]>)]\s*$")
_FURNITURE_BUDGET = 24  # cost of the page furniture allowed between the header and the body
_AFTER_PICK_BUDGET = 16  # ... and between a sub-headline and the headline above it
_TITLE_SEARCH_LINES = 80  # how far up the headline named by the page <title> is looked for


def headline_block(lines: list[LineSignal], body_first: int, why: dict[int, str] | None = None) -> list[int]:
    """Indexes (into lines) of the headline and sub-headlines just above the body.

    why, when given, receives the signal that placed a line in the header, for its reason.

    Walking up from the body, runs of page furniture (bylines, dates, share and font-size toolbars, player
    notices, front matter) are skipped at a cost (short items are cheap); the title-like lines met on the way
    are the header, and the one right above a furniture run, once a sub-headline is taken, is the headline.
    """
    norms: dict[int, str] = {}

    def norm_at(m: int) -> str:  # each line is normalised once, however often the scan compares it
        if m not in norms:
            norms[m] = _norm(lines[m].text)
        return norms[m]

    def page_title() -> str:  # the first line, normalised only when a comparison needs it
        return norm_at(0) if lines else ""

    picked: list[int] = []
    # a body that opens with a heading (an <h1> in the article) already has its headline
    has_title = lines[body_first].local_class == TITLE and not lines[body_first].bad_reason
    cost, crossed, title_search = 0, False, False
    k = body_first - 1
    while k >= 0 and body_first - k <= (_TITLE_SEARCH_LINES if title_search else _HEADLINE_SCAN_LINES):
        ln = lines[k]
        cls = ln.local_class
        if cls == STRONG_BAD and not _photo_credit(ln):
            break
        titleish = cls in (TITLE, PROSE) or (cls == SENTENCE and ln.length <= 120)
        norm = norm_at(k) if titleish else ""
        if title_search:
            # past the furniture budget only the line the page's <title> repeats can be the headline
            if titleish and k > 0 and len(norm) >= 6 and norm in page_title():
                picked.append(k)
                _note(why, k, "repeats the page <title>, above the page furniture")
                break
            k -= 1
            continue
        if ln.listed and ln.bullet not in ("", "-") and not _furniture(ln):
            break
        anchor = titleish and len(norm) >= 6 and (
            ln.heading
            or (k > 0 and norm in page_title())
            or any(norm_at(m) == norm for m in range(max(0, k - 4), k))
        )
        if k == 0 and (picked or has_title) and not anchor and _site_title(ln):
            break  # the first line of a page is its <title> or the site name, not a sub-headline
        if titleish and (not ln.bad_reason or ln.listed or anchor):
            picked.append(k)
            if anchor:
                _note(why, k, "a heading in the markup" if ln.heading else "repeats the page <title>"
                      if norm in page_title() else "repeated on the page")
                # a duplicated headline right above belongs to the header too, and so does its own header
                for m in range(k - 1, max(-1, k - 5), -1):
                    if norm_at(m) == norm:
                        picked.append(m)
                        _note(why, m, "repeated on the page")
                        picked += headline_block(lines, m, why) if m > 0 else []
                        break
                break
            if crossed:
                # the headline sits right above the furniture run; a kicker or deck glued on top of it too
                _note(why, k, "above the page furniture")
                picked += _glued_titles(lines, k)
                break
            if len(picked) >= 6:
                break
            cost = 0
        elif (ln.bad_reason and not picked and not has_title) or _furniture(ln):
            cost += 1 if ln.length <= 20 else 3
            if cost > (_AFTER_PICK_BUDGET if picked else _FURNITURE_BUDGET):
                if picked or len(page_title()) < 6 or not _site_title(lines[0]):
                    break
                title_search = True  # a long toolbar/font/player block: look for the <title>'s headline
            crossed = bool(picked)
        else:
            break
        k -= 1
    return picked


def _note(why: dict[int, str] | None, k: int, signal: str) -> None:
    if why is not None:
        why.setdefault(k, signal)


def _glued_titles(lines: list[LineSignal], k: int) -> list[int]:
    """Up to two title-like lines right above lines[k] (at most one blank line between), no furniture."""
    found: list[int] = []
    while k > 0 and len(found) < 2:
        above = lines[k - 1]
        if above.no < lines[k].no - 2 or above.bad_reason or above.local_class not in (TITLE, PROSE):
            break
        if k - 1 == 0 and _site_title(above):
            break
        k -= 1
        found.append(k)
    return found


def _photo_credit(ln: LineSignal) -> bool:
    """A short "ⓒ뉴데일리DB" / "▲ … © 통신사" credit under a photo, not the copyright notice that ends the page."""
    return ln.reason == "copyright line" and ln.length <= 150 and not COPYRIGHT_NOTICE_RE.search(ln.text.lower())


def _site_title(ln: LineSignal) -> bool:
    """The page's first line as a <title> ("매체 - 제목", "제목 : 매체") or a site name, not a headline."""
    return ln.bad_reason == "page <title>" or ln.length < 15 or _SITE_TITLE_RE.search(ln.text) is not None


def _furniture(ln: LineSignal) -> bool:
    """Page furniture that may sit between a headline and its body without ending the header block."""
    if _between_headline_and_body(ln) or (ln.local_class == SHORT and ln.length <= 12):
        return True
    # a toolbar written out as one line ("글자작게 글자크게 인쇄 목록으로")
    return (ln.reason == "page chrome phrase" and ln.length <= 30) or _photo_credit(ln)


def _between_headline_and_body(ln: LineSignal) -> bool:
    """Byline, date, photo, e-mail, or a short toolbar item ("인쇄하기", "글자크기 변경하기", "+")."""
    toolbar = ln.local_class == WEAK_BAD and ln.length <= 15
    return (is_meta_line(ln) or toolbar) and (not ln.listed or ln.length <= 15)
