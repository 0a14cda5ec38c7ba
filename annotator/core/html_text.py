"""HTML → visible text lines, plus the DOM cues of each line for the boilerplate segmenter.

Uses only the standard-library html.parser: scripts and styles are dropped, nothing is fetched or run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "head"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "html", "li",
    "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul", "caption", "button", "select", "option", "label", "textarea", "title",
})
# Structural tags worth reporting to the segmenter.
_CUE_TAGS = frozenset({
    "nav", "footer", "aside", "header", "li", "a", "article", "main", "form", "button", "select", "label", "menu",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "p", "table", "blockquote", "title", "time",
})
# Paragraph-like blocks get a blank line after them, as scraped plain text does.
_PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "table", "section", "article", "ul", "ol", "title"})
_CHROME_TAGS = frozenset({"nav", "footer", "aside", "form", "button", "select", "label", "menu"})

_CHROME_CLASS_RE = re.compile(
    r"related|relate_|popular|ranking|comment|reply|footer|sidebar|banner|copyright|breadcrumb|weather|ticker|"
    r"subscribe|newsletter|recommend|advert|sponsor|social|share|widget|login|sitemap|toolbar|byline|reporter|"
    r"(?:^|[\s_\-])(?:nav|gnb|lnb|snb|menu|ad|ads|sns|tags?|util|best|hot|most|rank|top10|side|foot|header|hd|ft)(?:$|[\s_\-\d])",
)
_ARTICLE_CLASS_RE = re.compile(
    r"article|story|news_?body|newsbody|news_?view|view_?con|view_?text|content_?body|post_?content|entry_?content|"
    r"articlebody|article_?txt|body_?text|(?:^|[\s_\-])(?:body|content|text|txt)(?:$|[\s_\-\d])|본문",
)
_TITLE_CLASS_RE = re.compile(r"headline|title|subject|(?:^|[\s_\-])tit(?:$|[\s_\-\d])|heading")
_WS_RE = re.compile(r"\s+")
_DECLARATION = re.compile(r"<!(?!--|doctype)", re.I)  # "<!x", "<![...": escaped when the parser chokes on them
MAX_DEPTH = 1000  # open elements kept; deeper start tags are ignored (their text is kept), so a page costs
                  # time and memory linear in its size however deeply it nests
HINT_NAMES = 16  # class/id values of the nearest named ancestors that a line's hint keeps
_IMPLICIT_SCAN = 64  # how far up an optional end tag (<p>, <li>, <td> ...) looks for its open sibling
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass(frozen=True, slots=True)
class LineHint:
    """DOM cues for one text line: how much of it is link text, which structural tags and class/id names enclose it."""

    link_density: float = 0.0  # share of the line's non-space characters inside <a>
    tags: frozenset[str] = frozenset()  # enclosing tags among _CUE_TAGS
    classes: str = ""  # lowercased class and id values of the enclosing elements, space-joined

    def chrome_reason(self) -> str | None:
        """Why the DOM says this line is page chrome, or None."""
        tags = self.tags
        if tags & _CHROME_TAGS:
            return f"inside <{sorted(tags & _CHROME_TAGS)[0]}>"
        if "header" in tags and "article" not in tags and not tags & {"h1", "h2"}:
            return "inside page <header>"
        if self.link_density >= 0.6:
            return "link list"
        m = _CHROME_CLASS_RE.search(self.classes)
        if m and not _ARTICLE_CLASS_RE.search(self.classes.split(" ", 1)[0]):
            return f"chrome container ({m.group(0).strip(' _-')})"
        return None

    def in_article(self) -> bool:
        return bool(self.tags & {"article", "main"}) or bool(_ARTICLE_CLASS_RE.search(self.classes))

    def is_heading(self) -> bool:
        return bool(self.tags & {"h1", "h2", "h3"}) or bool(_TITLE_CLASS_RE.search(self.classes.split(" ", 2)[0]))


class _Element:
    __slots__ = ("tag", "names", "hidden")

    def __init__(self, tag: str, names: str, hidden: bool) -> None:
        self.tag = tag
        self.names = names
        self.hidden = hidden


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Element] = []
        # Running summaries of the stack, so no line walks the whole stack (deep pages stay linear).
        self.open_tags: dict[str, int] = {}
        self.named: list[str] = []  # names of the open elements that have any, outermost first
        self.cue_tags: frozenset[str] = frozenset()
        self.ignored_depth = 0  # start tags beyond MAX_DEPTH, not on the stack
        self.deepest = 0
        self.skip_depth = 0
        self.parts: list[str] = []
        self.link_chars = 0
        self.text_chars = 0
        self.line_hint_source: tuple[frozenset[str], str] | None = None
        self.lines: list[str] = []
        self.hints: list[LineHint | None] = []
        self.title: str | None = None
        self.in_title = False

    # -- element stack ---------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br":
                self._flush(blank_after=False)
            return
        attributes = dict(attrs)
        hidden = "hidden" in attributes or bool(_HIDDEN_STYLE_RE.search(attributes.get("style") or ""))
        if tag in ("p", "li", "dt", "dd", "option", "tr", "td", "th"):
            self._close_implicit(tag)
        if tag in _BLOCK:
            self._flush(blank_after=False)
        if len(self.stack) >= MAX_DEPTH:
            self.ignored_depth += 1
            self.deepest = max(self.deepest, MAX_DEPTH + self.ignored_depth)
            return
        names = " ".join(v for v in (attributes.get("class"), attributes.get("id")) if v).lower()
        self._push(_Element(tag, names, hidden))
        if tag in _SKIPPED or hidden:
            self.skip_depth += 1
        if tag == "title":
            self.in_title = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._flush(blank_after=False)

    def _push(self, element: _Element) -> None:
        self.stack.append(element)
        count = self.open_tags.get(element.tag, 0)
        self.open_tags[element.tag] = count + 1
        if element.names:
            self.named.append(element.names)
        if count == 0 and element.tag in _CUE_TAGS:
            self.cue_tags = self.cue_tags | {element.tag}

    def _pop(self) -> _Element:
        element = self.stack.pop()
        count = self.open_tags[element.tag] - 1
        self.open_tags[element.tag] = count
        if element.names:
            self.named.pop()
        if count == 0 and element.tag in _CUE_TAGS:
            self.cue_tags = self.cue_tags - {element.tag}
        return element

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.ignored_depth:  # closes one of the start tags ignored beyond MAX_DEPTH
            self.ignored_depth -= 1
            if tag in _BLOCK:
                self._flush(blank_after=tag in _PARAGRAPH)
            return
        if not self.open_tags.get(tag):
            return
        closing = next(i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].tag == tag)
        if tag in _BLOCK or any(e.tag in _BLOCK for e in self.stack[closing:]):
            # elements left open inside (a <p> without </p>) close here too
            self._flush(blank_after=any(e.tag in _PARAGRAPH for e in self.stack[closing:]))
        while self.stack:
            element = self._pop()
            if element.tag in _SKIPPED or element.hidden:
                self.skip_depth -= 1
            if element.tag == "title":
                self.in_title = False
            if element.tag == tag:
                break

    def _close_implicit(self, tag: str) -> None:
        """<p>, <li>, <td> ... close an open sibling of the same kind (HTML's optional end tags)."""
        for i in range(len(self.stack) - 1, max(-1, len(self.stack) - 1 - _IMPLICIT_SCAN), -1):
            open_tag = self.stack[i].tag
            if open_tag == tag or (tag in ("td", "th") and open_tag in ("td", "th")):
                self.handle_endtag(open_tag)
                return
            if open_tag in ("ul", "ol", "table", "tr", "div", "section", "article", "dl", "select"):
                return

    # -- text --------------------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.skip_depth and not (self.in_title and self.skip_depth == 1 and self.title is None):
            return
        if not data:
            return
        self.parts.append(data)
        visible = len(data) - data.count(" ") - data.count("\n") - data.count("\t")
        self.text_chars += visible
        if self.open_tags.get("a"):
            self.link_chars += visible
        if self.line_hint_source is None and data.strip():
            names = " ".join(reversed(self.named[-HINT_NAMES:]))
            self.line_hint_source = (self.cue_tags, names)

    def _flush(self, *, blank_after: bool) -> None:
        line = _WS_RE.sub(" ", "".join(self.parts)).strip()
        if line:
            if self.in_title:
                self.title = line
            else:
                tags, names = self.line_hint_source or (frozenset(), "")
                density = self.link_chars / self.text_chars if self.text_chars else 0.0
                self.lines.append(line)
                self.hints.append(LineHint(round(density, 3), tags, names))
        if blank_after and self.lines and self.lines[-1] != "":
            self.lines.append("")
            self.hints.append(None)
        self.parts.clear()
        self.link_chars = self.text_chars = 0
        self.line_hint_source = None

    def finish(self) -> tuple[list[str], list[LineHint | None]]:
        self._flush(blank_after=False)
        lines, hints = self.lines, self.hints
        while lines and lines[-1] == "":
            lines.pop()
            hints.pop()
        if self.title:
            lines[:0] = [self.title, ""]
            hints[:0] = [LineHint(0.0, frozenset({"title"}), ""), None]
        return lines, hints


def html_to_text(html: str, problems: list[str] | None = None) -> tuple[str, list[LineHint | None]]:
    """Visible text of an HTML page as "\\n"-joined lines (page <title> first) and one hint per line (None for
    blanks). What was simplified on the way (nesting beyond MAX_DEPTH) is appended to `problems`."""
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except (AssertionError, ValueError) as exc:  # html.parser gives up on some broken "<![" declarations
        if problems is not None:
            problems.append(f"malformed markup ({str(exc)[:60]}); markup declarations read as text")
        collector = _TextCollector()
        collector.feed(_DECLARATION.sub("&lt;!", html))
        collector.close()
    lines, hints = collector.finish()
    if collector.deepest and problems is not None:
        problems.append(f"elements nested {collector.deepest} deep; the structure below depth {MAX_DEPTH} is"
                        " ignored for segmenting (its text is kept)")
    return "\n".join(lines), hints
