"""A document's title where its record has none: its first line, or the headline the segmenter found.

Here, not in annotator.io.importers.base, so that the import's segmenter processes can use it without loading
the importers' interface (typing, pathlib)."""

from __future__ import annotations

MAX_TITLE_CHARS = 200

TYPE_CHECKING = False
if TYPE_CHECKING:
    from annotator.core.model import NewDocument


def first_line_title(text: str) -> str:
    """The first non-blank line, trimmed to MAX_TITLE_CHARS: the title of a record that has none."""
    start = 0  # the lines of text.split("\n", 50), found one at a time: most texts' first line is the title
    for _ in range(50):
        end = text.find("\n", start)
        if end < 0:
            break
        line = text[start:end].strip()
        if line:
            return line[:MAX_TITLE_CHARS]
        start = end + 1
    return text[start:].strip()[:MAX_TITLE_CHARS]  # split's last piece: the rest of the text


def use_headline_as_title(doc: NewDocument) -> None:
    """A record without a title of its own gets its first content line (the headline) as title, not the
    page's first line, which on scraped pages is usually chrome (a menu, a weather ticker)."""
    if doc.title and doc.title != first_line_title(doc.text):
        return
    for seg in doc.segments or ():
        if seg.kind == "content":
            doc.title = headline_title(doc.text, seg.start, seg.end)
            return


def headline_title(text: str, start: int, end: int) -> str:
    """The line text[start:end] with its runs of whitespace made single spaces, cut to MAX_TITLE_CHARS.

    A long line is normalised from a prefix only: the words of a prefix, joined, are a prefix of the whole
    line's, so once that holds MAX_TITLE_CHARS characters it gives the same title without splitting the rest.
    """
    window = MAX_TITLE_CHARS + 64  # enough for prose with single spaces; widened for runs of whitespace
    while end - start > window:
        head = " ".join(text[start:start + window].split())
        if len(head) >= MAX_TITLE_CHARS:
            return head[:MAX_TITLE_CHARS]
        window *= 4
    return " ".join(text[start:end].split())[:MAX_TITLE_CHARS]
