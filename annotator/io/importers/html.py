"""HTML pages: the visible text as lines (annotator.core.html_text), title from <title>.

Nothing is executed or fetched: the page is parsed as text by the standard-library parser, scripts,
styles and remote resources are dropped. The line hints (link density, enclosing tags and classes)
go to the boilerplate segmenter with the document.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from typing import Iterable, Iterator

from annotator.core.url_host import hostname
from annotator.io.importers.base import (HintedDocument, ImportProblem, ParsedItem, first_line_title, origin,
                                         storable_name)

FORMAT = "html"
FIXED_LABELS: tuple[str, ...] = ()
SENTENCE_DATASET = False
UNDECODABLE = "replace"
WHOLE_FILE = True  # one document per file: the runner refuses one over the size limit before reading it

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_TAG = re.compile(r"<(?:link|meta)\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z_:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)


def sniff(head: str) -> bool:
    return bool(_SNIFF.search(head[:4096]))


def parse(path: Path, lines: Iterable[str]) -> Iterator[ParsedItem]:
    from annotator.core.html_text import html_to_text

    page = "\n".join(lines)
    notes: list[str] = []
    text, hints = html_to_text(page, notes)
    for note in notes:
        yield ImportProblem(0, note)
    if not text.strip():
        yield ImportProblem(0, "the page has no visible text; nothing imported")
        return
    title_match = _TITLE.search(page)
    title = " ".join(html_lib.unescape(title_match.group(1)).split()) if title_match else ""
    url = page_url(page)
    try:
        host = (hostname(url) or "").removeprefix("www.") if url else ""
    except ValueError:  # "Invalid IPv6 URL": a '[' in a damaged canonical link cost the whole page
        host = ""
    name = storable_name(Path(path).name)
    yield HintedDocument(
        text=text,
        title=title[:200] or first_line_title(text),
        source=host or name,
        url=url,
        ext_id=name,
        meta=_with_article_tags({"file": name}, page),
        origin=origin(path, 1),
        line_hints=hints,
    )


ARTICLE_TAGS = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publish-date",
                "date", "og:site_name", "publisher", "article:publisher")


def _with_article_tags(meta: dict, page: str) -> dict:
    """The page's <meta> tags naming its publication date and site, for annotator.core.article_meta."""
    found = {}
    for tag in _TAG.finditer(page):
        attrs = {m.group(1).lower(): html_lib.unescape(m.group(2) or m.group(3) or m.group(4) or "")
                 for m in _ATTR.finditer(tag.group(0))}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in ARTICLE_TAGS and attrs.get("content", "").strip() and key not in found:
            found[key] = attrs["content"].strip()[:200]
    if found:
        meta["html_meta"] = {("datePublished" if k == "datepublished" else k): v for k, v in found.items()}
    return meta


def page_url(page: str) -> str:
    """The page's own address from <link rel=canonical> or <meta property=og:url>, else ""."""
    for tag in _TAG.finditer(page):
        attrs = {m.group(1).lower(): html_lib.unescape(m.group(2) or m.group(3) or m.group(4) or "")
                 for m in _ATTR.finditer(tag.group(0))}
        if "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href", "").startswith("http"):
            return attrs["href"].strip()
        if attrs.get("property", attrs.get("name", "")).lower() == "og:url" and attrs.get("content", "").startswith("http"):
            return attrs["content"].strip()
    return ""
