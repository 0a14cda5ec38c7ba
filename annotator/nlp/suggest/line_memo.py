"""Memos of lines met again: a site's chrome, a byline, a document suggested again is not searched again. SeenLines
is the bookkeeping and policy both memos share (the regex patterns' LineMemo here, for patterns.PatternSource, and the
dictionary pass's boundaries.LineMemo): a line met once is only noted, its finds are kept the second time it is met,
lines longer than MEMO_LINE_CHARS are never kept, every line is forgotten once those kept add up to MEMO_CHARS, and
the memo rests where lines seldom come back.

What a line_local pattern (label_patterns.consumes_line_breaks: no match holds a line break) finds in a line depends
on the line's text alone: patterns.py searches each line as if alone (its windows may join lines; a lookaround that
could see a break is searched line by line). So, when every regex pattern is line_local and the regions are whole
lines, a page's regex candidates are, pattern by pattern in order, those of its lines in the order of the text, and
a line's can be kept. tests/nlp/suggest/test_line_memo_equality.py checks it against the page search it saves.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from operator import itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.nlp.suggest.patterns import PatternSource

# The memo forgets every line once the lines it holds add up to this many characters (~2 MB of text); it leaves
# out lines longer than MEMO_LINE_CHARS (a paragraph of an article: met once; chrome and bylines are short).
MEMO_CHARS = 1_000_000
MEMO_LINE_CHARS = 500
# Where lines seldom come back (content lines only: most are met once) the memo costs more than it saves (~0.5 µs a
# line against ~15 µs to search one): once MEMO_PROBE_LINES lines met hold fewer than MEMO_MIN_SHARE met before, it
# rests for MEMO_REST_PAGES pages (the plain search), then tries again.
MEMO_PROBE_LINES = 1000
MEMO_MIN_SHARE = 0.05
MEMO_REST_PAGES = 500
_ONCE = None  # what the memo holds for a line met once (None: a line met once is searched as a new one)
_BY_PATTERN_THEN_START = itemgetter(2, 0)


class SeenLines:
    """The lines a memo has met (line text -> _ONCE, met once, or what was found in it, relative to the line) and its
    policy: forgotten whole past MEMO_CHARS characters (checked as a page starts), lines longer than MEMO_LINE_CHARS
    left out (the caller searches them every time), and a rest of MEMO_REST_PAGES pages (the caller searches them
    plainly) when fewer than MEMO_MIN_SHARE of MEMO_PROBE_LINES lines met had been met before."""

    __slots__ = ("lines", "chars", "met", "again", "rest")

    def __init__(self) -> None:
        self.lines: dict[str, tuple | None] = {}  # a line met once: _ONCE
        self.chars = 0
        self.met = self.again = 0  # lines met since the last check of the share met before, and those of them
        self.rest = 0  # pages left to search without the memo

    def begin_page(self) -> bool:
        """Whether a page is to be looked up (False: resting, the caller searches it plainly); a full memo forgets
        every line first."""
        if self.rest:
            self.rest -= 1
            return False
        if self.chars > MEMO_CHARS:
            self.lines.clear()
            self.chars = 0
        return True

    def end_page(self, chars: int, met: int, again: int) -> None:
        """Count a page's lines: the characters of those met for the first time, the lines met and those of them met
        before (the memo rests when these are too few)."""
        self.chars += chars
        self.met += met
        self.again += again
        if self.met >= MEMO_PROBE_LINES:
            if self.again < self.met * MEMO_MIN_SHARE:
                self.rest = MEMO_REST_PAGES
            self.met = self.again = 0


class LineMemo(SeenLines):
    """What the regex patterns found in lines met more than once (line text -> ((start, end, pattern index) in the
    line, ...)), so that a line met again (a site's chrome, a byline, a document suggested again) is not searched
    again. Used when every regex pattern is line_local and the regions are whole lines: then what they find in a
    line depends on its text alone, and the candidates of a page are, pattern by pattern in order, those of its
    lines in the order of the text. A line's finds are kept the second time it is met (most content lines are met
    once: keeping theirs would cost more than it saves); the lines not remembered are searched together."""

    __slots__ = ()

    def search(self, source: "PatternSource", out: list, text: str, regions: Sequence[tuple[int, int]]) -> bool:
        """Add the regex candidates of the regions to out, as source._search would (False, nothing added, when
        the memo does not apply: a region that is not a whole line, a pattern that is not line_local)."""
        plans = source._line_memo_plans
        if plans is None:
            return False
        if not self.begin_page():
            return False
        memo = self.lines
        get = memo.get
        size = len(text)
        found: list[tuple[int, int, int]] = []  # (start, end, pattern index) in the text, of the lines remembered
        missing: list[tuple[int, int]] = []  # the lines not remembered
        keep: list[tuple[int, str]] = []  # (start, text) of those to remember: met before
        chars = again = 0
        longest = MEMO_LINE_CHARS
        for region in regions:
            start, end = region
            if start == end:
                continue  # an empty line holds no match
            if (start and text[start - 1] != "\n") or (end < size and text[end] != "\n"):
                self.chars += chars
                return False
            if end - start > longest:
                missing.append(region)
                continue
            line = text[start:end]
            known = get(line, memo)
            if known is memo:  # met for the first time
                missing.append(region)
                memo[line] = _ONCE
                chars += end - start
            elif known is _ONCE:
                missing.append(region)
                keep.append((start, line))
                again += 1
            else:
                again += 1
                if known:
                    found += [(start + s, start + e, index) for s, e, index in known]
        self.end_page(chars, len(missing) - len(keep) + again, again)
        if not found and not keep:  # nothing remembered here, nothing to remember: the plain search
            if missing:
                source._search(out, source._plans, text, missing, [r[0] for r in missing])
            return True
        if missing:
            fresh: list[tuple[int, int, int]] = []
            source._search(fresh, plans, text, missing, [r[0] for r in missing])
            if keep:
                self._remember(keep, fresh)
            found += fresh
        found.sort(key=_BY_PATTERN_THEN_START)
        plans = source._plans
        out += [(s, e, *plans[index][-1]) for s, e, index in found]
        return True

    def _remember(self, keep: list[tuple[int, str]], fresh: list[tuple[int, int, int]]) -> None:
        starts = [start for start, _line in keep]
        entries: list[list[tuple[int, int, int]]] = [[] for _ in keep]
        for s, e, index in fresh:
            i = bisect_right(starts, s) - 1
            if i >= 0 and e <= starts[i] + len(keep[i][1]):
                entries[i].append((s - starts[i], e - starts[i], index))
        memo = self.lines
        for (_start, line), held in zip(keep, entries):
            memo[line] = tuple(held)
