"""The segmenter's reasons for a line (core.boilerplate: English phrases, some built from parts) in the UI's
language, for the line's context menu. A reason made of a role and a note ("headline (repeated on the page)") is
translated part by part; one not listed here is shown as the segmenter wrote it."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # context "": lupdate reads _tr as tr without a class


def _known() -> dict[str, str]:
    # literals, so that lupdate finds every one
    return {
        "English-only short line": _tr("English-only short line"),
        "UI/player notice": _tr("UI/player notice"),
        "article metadata": _tr("article metadata"),
        "blank line": _tr("blank line"),
        "body sentence": _tr("body sentence"),
        "short body sentence": _tr("short body sentence"),
        "body sentence above page furniture": _tr("body sentence above page furniture"),
        "body paragraph cut off at the end of the page": _tr("body paragraph cut off at the end of the page"),
        "breadcrumb menu": _tr("breadcrumb menu"),
        "bullet list of headlines": _tr("bullet list of headlines"),
        "byline": _tr("byline"),
        "copyright line": _tr("copyright line"),
        "date/time line": _tr("date/time line"),
        "e-mail address": _tr("e-mail address"),
        "front matter (key: value)": _tr("front matter (key: value)"),
        "headline": _tr("headline"),
        "sub-headline": _tr("sub-headline"),
        "sub-heading in the article": _tr("sub-heading in the article"),
        "headline-like line": _tr("headline-like line"),
        "headline-like line outside the article": _tr("headline-like line outside the article"),
        "image file name": _tr("image file name"),
        "inside page <header>": _tr("inside page <header>"),
        "link list": _tr("link list"),
        "list under a related/popular news header": _tr("list under a related/popular news header"),
        "menu of short words": _tr("menu of short words"),
        "number-heavy line": _tr("number-heavy line"),
        "outside the article body": _tr("outside the article body"),
        "sentence outside the article body": _tr("sentence outside the article body"),
        "page <title>": _tr("page <title>"),
        "page chrome phrase": _tr("page chrome phrase"),
        "photo caption": _tr("photo caption"),
        "photo/video credit": _tr("photo/video credit"),
        "price/market ticker": _tr("price/market ticker"),
        "publisher/footer details": _tr("publisher/footer details"),
        "running prose": _tr("running prose"),
        "script or markup residue": _tr("script or markup residue"),
        "short fragment": _tr("short fragment"),
        "stack of headline-like lines": _tr("stack of headline-like lines"),
        "symbol/number line": _tr("symbol/number line"),
        "truncated teaser": _tr("truncated teaser"),
        "weather ticker": _tr("weather ticker"),
        # the notes after a headline's role
        "a heading in the markup": _tr("a heading in the markup"),
        "above the page furniture": _tr("above the page furniture"),
        "repeated on the page": _tr("repeated on the page"),
        "repeats the page <title>": _tr("repeats the page <title>"),
        "repeats the page <title>, above the page furniture": _tr("repeats the page <title>, above the page furniture"),
    }


_PATTERNS = (
    (re.compile(r"recurs in (\d+) of (\d+) pages of this source"), lambda: _tr("recurs in %1 of %2 pages of this source")),
    (re.compile(r"inside <(\w+)>"), lambda: _tr("inside <%1>")),
    (re.compile(r"chrome container \((.+)\)"), lambda: _tr("chrome container (%1)")),
)
_ROLE_AND_NOTE = re.compile(r"(.+?) \((.+)\)")


def reason_text(reason: str) -> str:
    known = _known()
    if reason in known:
        return known[reason]
    for pattern, template in _PATTERNS:
        m = pattern.fullmatch(reason)
        if m:
            text = template()
            for i, value in enumerate(m.groups(), 1):
                text = text.replace(f"%{i}", value)
            return text
    m = _ROLE_AND_NOTE.fullmatch(reason)
    if m and m.group(1) in known:
        return f"{known[m.group(1)]} ({reason_text(m.group(2))})"
    return reason
