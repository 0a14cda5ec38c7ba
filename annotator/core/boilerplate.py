"""Boilerplate segmenter: which lines of a scraped Korean news page are the article, which are page chrome.

Pipeline (pure Python, no Qt, no Kiwi):
1. every line gets local evidence (boilerplate_signals.classify_line): sentence endings, particles, chrome
   phrases, bylines, tickers, copyright ...;
2. list runs (bullet lists of headlines, stacks of headline-like lines), corpus recurrence and DOM cues adjust it;
3. the article body is the densest contiguous region of sentence-like lines (maximum-sum segment);
4. the headline and sub-headlines are the title-like lines above the body, across runs of page furniture
   (boilerplate_header: a line repeating the page title or repeated itself is the headline);
5. inside the body short lines take their neighbours' class (jusText-style), chrome stays chrome.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from itertools import accumulate
from collections.abc import Mapping, Sequence

from annotator.core.boilerplate_header import headline_block
from annotator.core.boilerplate_signals import (
    COPYRIGHT_NOTICE_RE,
    LENGTHENED_BY_LOWER,
    DocumentTriggers,
    PROSE,
    SENTENCE,
    SHORT,
    STRONG_BAD,
    TITLE,
    WEAK_BAD,
    LineSignal,
    classify_line,
    demote_lone_short_sentences,
    hangul_share,
    particle_ratio,
)
from annotator.core.line_stats import MAX_COUNTED_CHARS
from annotator.core.model import LineSegment

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing in every segmenter process
if TYPE_CHECKING:
    from annotator.core.html_text import LineHint

SEGMENTER_VERSION = "bp-1.3"

_LIST_MIN_BULLETED = 3
_LIST_MIN_PLAIN = 4
_COMMENT_HEADER_RE = re.compile(r"댓글|의견\s*(?:쓰기|남기기)|comments?", re.I)


def _mark_lists(lines: list[LineSignal]) -> None:
    """Runs of short bulleted items, or stacks of headline-like lines, are link lists (related/popular news)."""
    i, n = 0, len(lines)
    while i < n:
        bullet = lines[i].bullet
        j = i + 1
        if bullet:
            while j < n and lines[j].bullet == bullet:
                j += 1
            run = lines[i:j]
            if len(run) >= _LIST_MIN_BULLETED:
                if i > 0 and _list_header(lines[i - 1], run[0]):
                    # "많이 본 기사" right above: every item is a teaser, even one written as a full sentence
                    for ln in run:
                        _set_bad(ln, "list under a related/popular news header", -1.5, listed=True)
                    i = j
                    continue
                headline_items = [ln for ln in run if _headline_item(ln)]
                if len(headline_items) * 2 >= len(run):
                    for ln in headline_items:
                        _set_bad(ln, "bullet list of headlines", -1.5, listed=True)
        elif _plain_headline(lines[i]):
            # plain stack: consecutive lines with no blank between them (a "관련기사" label above may start it)
            while (
                j < n
                and lines[j].no == lines[j - 1].no + 1
                and not lines[j].bullet
                and _plain_headline(lines[j])
            ):
                j += 1
            if j - i >= _LIST_MIN_PLAIN:
                for ln in lines[i:j]:
                    _set_bad(ln, "stack of headline-like lines", -1.2, listed=True)
        i = max(j, i + 1)


def _list_header(header: LineSignal, first_item: LineSignal) -> bool:
    """A short chrome phrase ("많이 본 기사", "관련기사", "댓글") directly above a list, no blank line between."""
    return header.no == first_item.no - 1 and header.length <= 20 and header.reason == "page chrome phrase"


def _headline_item(sig: LineSignal) -> bool:
    """A list item that names an article rather than saying something: no sentence-final period, not long."""
    if sig.local_class == SENTENCE:
        return sig.length < 90 and not sig.text.rstrip("\"'”’」』)] ").endswith((".", "!", "?"))
    return sig.local_class in (TITLE, PROSE, SHORT, WEAK_BAD) and sig.length < 120


def _plain_headline(sig: LineSignal) -> bool:
    return sig.local_class != WEAK_BAD and sig.local_class != STRONG_BAD and _headline_item(sig)


def _set_bad(ln: LineSignal, reason: str, weight: float, *, listed: bool = False) -> None:
    if not ln.bad_reason:
        ln.bad_reason = reason
    ln.weight = min(ln.weight, weight)
    ln.listed = ln.listed or listed


def _apply_corpus(lines: list[LineSignal], line_freq: Mapping[str, int], freq_docs: int) -> None:
    if freq_docs < 3:
        return
    for ln in lines:
        if ln.length > MAX_COUNTED_CHARS:
            continue  # longer lines are never counted (line_stats)
        count = line_freq.get(ln.text, 0)
        if count < 2:
            continue
        share = count / freq_docs
        if share < 0.2:
            continue
        ln.recurrent = share
        if ln.local_class not in (SENTENCE, PROSE) or (count >= 5 and share >= 0.5):
            _set_bad(ln, f"recurs in {count} of {freq_docs} pages of this source", -2.5)


def _apply_hints(lines: list[LineSignal], hints: Sequence[LineHint | None]) -> None:
    for ln in lines:
        hint = hints[ln.no] if ln.no < len(hints) else None
        if hint is None:
            continue
        if "title" in hint.tags:
            _set_bad(ln, "page <title>", -0.5)
            continue
        reason = hint.chrome_reason()
        ln.heading = hint.is_heading()
        if reason:
            if ln.local_class == SENTENCE and hint.link_density < 0.3 and hint.in_article():
                ln.weight -= 1.0
            else:
                _set_bad(ln, reason, -1.5)
        elif hint.in_article():
            ln.dom_good = True
            ln.weight += 0.5


def _best_region(lines: list[LineSignal], lo: int, hi: int) -> tuple[int, int, float]:
    """Maximum-sum contiguous run of line weights in lines[lo:hi] → (first, last, sum); first > last if none."""
    best = (0, -1, 0.0)
    run_start, run_sum = lo, 0.0
    for k in range(lo, hi):
        if run_sum <= 0.0:
            run_start, run_sum = k, 0.0
        run_sum += lines[k].weight
        if run_sum > best[2]:
            best = (run_start, k, run_sum)
    return best


def _sentences(lines: list[LineSignal], first: int, last: int) -> int:
    return sum(1 for ln in lines[first : last + 1] if ln.local_class == SENTENCE and not ln.bad_reason)


def _article_regions(lines: list[LineSignal]) -> list[tuple[int, int]]:
    """The article body: the best region, plus a second strong block split off by an inline widget or gallery."""
    first, last, score = _best_region(lines, 0, len(lines))
    if first > last:
        return []
    # The copyright notice closes the article: teasers and comments after it are not the body.
    for k, ln in enumerate(lines):
        if ln.bad_reason == "copyright line" and COPYRIGHT_NOTICE_RE.search(ln.text.lower()):
            f, la, s = _best_region(lines, 0, k)
            if k < first and f <= la and (s >= 4.0 or s >= 0.3 * score):
                first, last, score = f, la, s
            if f <= la:
                break
    cut = _teaser_section(lines, first, last)
    if cut is not None:
        f, la, s = _best_region(lines, first, cut)
        if f <= la:
            first, last, score = f, la, s
    regions = [[first, last]]
    # Stop the look to the right at the copyright line or the comment box: nothing after them is article.
    hi = len(lines) if cut is None else cut
    for k in range(last + 1, hi):
        ln = lines[k]
        if ln.bad_reason == "copyright line" or (ln.length <= 20 and _COMMENT_HEADER_RE.search(ln.text)):
            hi = k
            break
    last = regions[0][1] = _trailing_heading_block(lines, last, hi)
    for lo_, hi_ in ((0, first), (last + 1, hi)):
        f, la, s = _best_region(lines, lo_, hi_)
        if f <= la and s >= 0.5 * score and _sentences(lines, f, la) >= 2:
            regions.append([f, la])
    return sorted((f, la) for f, la in regions)


def _teaser_section(lines: list[LineSignal], first: int, last: int) -> int | None:
    """Index of a "다른 기사 보기" header in the region when only headline + lead cards follow it, else None.

    The leads are real sentences, so the region search alone runs on through other stories' teasers.
    """
    for h in range(first + 1, last):
        ln = lines[h]
        if ln.reason != "page chrome phrase" or ln.length > 20 or _sentences(lines, first, h - 1) < 2:
            continue
        # every sentence after the header must be a card's lead: an inline "관련기사" box inside the article
        # is followed by plain body paragraphs, which do not have a headline glued on top
        leads = [k for k in range(h + 1, last + 1) if lines[k].local_class == SENTENCE and not lines[k].bad_reason]
        cards = sum(
            1
            for k in leads
            if lines[k - 1].local_class == TITLE and not lines[k - 1].bad_reason and lines[k - 1].no == lines[k].no - 1
        )
        if cards >= 2 and cards == len(leads):
            return h
    return None


_LINK_BULLETS = frozenset("▶▷►▸☞→")
_BRACKETED_HEADING_RE = re.compile(r"^[<〈《【\[]\s*[^<>〈〉《》【】\[\]]{2,40}\s*[>〉》】\]]$")


def _trailing_heading_block(lines: list[LineSignal], last: int, hi: int) -> int:
    """Index of the body's last line, extended over a closing "< 향후 일정 >" heading and its bulleted items.

    Press releases end with such a schedule/summary table; its lines look like headlines, so the region
    search alone stops before them.
    """
    k = last + 1
    if k >= hi or lines[k].bad_reason or not _BRACKETED_HEADING_RE.match(lines[k].text):
        return last
    end = k
    while end + 1 < hi:
        item = lines[end + 1]
        if (
            item.no != lines[end].no + 1
            or item.bad_reason
            or item.local_class == SHORT
            or not item.bullet
            or item.bullet in _LINK_BULLETS  # "☞ 기사 제목" under "[AI 추천]" is a teaser, not a table row
        ):
            break
        end += 1
    return end if end > k else last


# The local evidence of short lines seen before (menus, bylines, copyright lines recur on every page of a
# site): what classify_line said of the line, by the line as it stands in the text. With the document's
# trigger search it depends on nothing else (each line's triggers are found in that line alone).
_KNOWN_LINE_CHARS = 200
_KNOWN_LINES: dict[str, tuple] = {}
_KNOWN_LINES_MAX = 50_000


@lru_cache(maxsize=4096)
def _probability(weight: float, content: bool) -> float:
    x = max(-4.0, min(4.0, weight)) * 0.6 + (2.0 if content else -2.0)
    p = 1.0 / (1.0 + math.exp(-x))
    return round(min(0.99, max(0.5, p)) if content else max(0.01, min(0.49, p)), 3)


def segment_text(
    text: str,
    *,
    line_freq: Mapping[str, int] | None = None,
    freq_docs: int = 0,
    hints: Sequence[LineHint | None] | None = None,
) -> list[LineSegment]:
    """One LineSegment per line of text.split("\\n"): kind content/boilerplate/blank, score = P(content), reason."""
    lines: list[LineSignal] = []
    raw_lines = text.split("\n")
    segments: list[LineSegment] = [None] * len(raw_lines)  # type: ignore[list-item]  # filled below
    # start offset of every line (same geometry as annotator.core.text.line_bounds)
    starts = [0, *accumulate(len(raw) + 1 for raw in raw_lines[:-1])]
    # one letter changes length when lowercased; then search line by line
    triggers = DocumentTriggers(text, starts) if LENGTHENED_BY_LOWER not in text else None
    for no, raw in enumerate(raw_lines):
        stripped = raw.strip()
        if not stripped:
            start = starts[no]
            segments[no] = LineSegment(no + 1, start, start + len(raw), "blank", None, "blank line")
            continue
        if triggers is None:
            sig = classify_line(stripped)
        elif len(raw) > _KNOWN_LINE_CHARS:
            sig = classify_line(stripped, triggers.strong(no, len(stripped)),
                                lambda: triggers.weak(no))  # noqa: B023 (called before the loop moves on)
        else:
            known = _KNOWN_LINES.get(raw)
            if known is None:
                sig = classify_line(stripped, triggers.strong(no, len(stripped)), lambda: triggers.weak(no))  # noqa: B023
                if len(_KNOWN_LINES) >= _KNOWN_LINES_MAX:
                    _KNOWN_LINES.clear()
                _KNOWN_LINES[raw] = (sig.text, sig.length, sig.bullet, sig.local_class, sig.weight, sig.reason)
            else:
                sig = LineSignal(*known)
        sig.no = no
        if sig.local_class is WEAK_BAD or sig.local_class is STRONG_BAD:
            sig.bad_reason = sig.reason
        lines.append(sig)

    _mark_lists(lines)
    demote_lone_short_sentences(lines)
    if line_freq:
        _apply_corpus(lines, line_freq, freq_docs)
    if hints:
        _apply_hints(lines, hints)

    verdicts: dict[int, tuple[bool, str]] = {}
    regions = _article_regions(lines)
    for first, last in regions:
        for k in range(first, last + 1):
            verdicts[k] = _inside_verdict(lines, k, first, last)
    if regions:
        tail = _cut_off_tail(lines, regions[-1][1])
        if tail is not None:
            verdicts[tail] = (True, "body paragraph cut off at the end of the page")
        why: dict[int, str] = {}
        header = headline_block(lines, regions[0][0], why)
        top = min(header, default=-1)
        for k in header:
            if k == top:
                role = "headline"
            elif lines[k].reason == "body sentence":  # a paragraph cut off from the body by a notice block
                role = "body sentence above page furniture"
            else:
                role = "sub-headline"
            verdicts[k] = (True, f"{role} ({why[k]})" if k in why else role)
    else:
        for k, ln in enumerate(lines):
            if ln.local_class == SENTENCE and not ln.bad_reason:
                verdicts[k] = (True, "body sentence")

    # Each LineSegment is built once, complete (blank ones above).
    for k, ln in enumerate(lines):
        content, reason = verdicts.get(k) or (False, ln.bad_reason or _outside_reason(ln))
        no = ln.no
        start = starts[no]
        segments[no] = LineSegment(
            no + 1, start, start + len(raw_lines[no]), "content" if content else "boilerplate",
            _probability(ln.weight, content), reason,
        )
    return segments


def _body_line(ln: LineSignal) -> bool:
    return ln.local_class in (SENTENCE, PROSE) and not ln.bad_reason


def _sentence_among_sentences(lines: list[LineSignal], k: int, first: int, last: int) -> bool:
    ln = lines[k]
    return (
        first < k < last
        and ln.length >= 40
        and ln.text.rstrip("\"'”’」』)] ").endswith((".", "!", "?"))
        and _body_line(lines[k - 1])
        and _body_line(lines[k + 1])
    )


def _cut_off_tail(lines: list[LineSignal], last: int) -> int | None:
    """The page's last line when it continues the body and stops mid-sentence (a capture cut short)."""
    k = last + 1
    if k != len(lines) - 1 or lines[last].local_class not in (SENTENCE, PROSE) or lines[last].bad_reason:
        return None
    ln = lines[k]
    if ln.bad_reason or ln.local_class not in (TITLE, SHORT) or hangul_share(ln.text) < 0.5:
        return None
    words = ln.text.split()
    if ln.length <= 12 or particle_ratio(words, ln.text) >= 0.25:
        return k
    # "[홍길동 / 농촌진흥청 과장 : 데이터": a quote or bracket opened and never closed
    closer = _OPENERS.get(ln.text[0])
    return k if closer and closer not in ln.text[1:] else None


_OPENERS = {"[": "]", "(": ")", "“": "”", '"': '"', "‘": "’", "「": "」", "『": "』", "<": ">"}


def _inside_verdict(lines: list[LineSignal], k: int, first: int, last: int) -> tuple[bool, str]:
    ln = lines[k]
    if ln.bad_reason:
        if ln.bad_reason == "UI/player notice" and _sentence_among_sentences(lines, k, first, last):
            # notice words in a long sentence between body paragraphs: the position says it is the story
            return True, "body sentence (notice words, between body paragraphs)"
        return False, ln.bad_reason
    cls = ln.local_class
    if cls in (SENTENCE, PROSE):
        return True, ln.reason
    if cls == TITLE:
        return True, "sub-heading in the article"
    # short fragment: keep it only between article lines (jusText-style neighbour smoothing)
    prev_ok = k > first and not lines[k - 1].bad_reason
    next_ok = k < last and not lines[k + 1].bad_reason
    if prev_ok and next_ok and hangul_share(ln.text) >= 0.5:
        return True, "short line between article lines"
    return False, "short fragment"


def _outside_reason(ln: LineSignal) -> str:
    cls = ln.local_class
    if cls == SENTENCE:
        return "sentence outside the article body"
    if cls == TITLE:
        return "headline-like line outside the article"
    return "outside the article body"


def content_line_numbers(segments: Sequence[LineSegment]) -> list[int]:
    """1-based numbers of the lines whose effective kind is content."""
    return [s.line_no for s in segments if s.effective_kind == "content"]
