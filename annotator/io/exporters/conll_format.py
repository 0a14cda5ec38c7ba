"""The comment lines our CoNLL files carry so that an import gives back exactly the exported text.

A CoNLL file is IOB2, `TOKEN<TAB>TAG` per line, a blank line after each sentence. Before the first
sentence of a document come CoNLL-U style document comments; before each sentence its own comments:

    # newdoc id = <document id>            starts a document (ext_id, or doc-<id> for documents without one)
    # title = <title>                      optional document fields: title, source, url
    # relation = E<h> E<t> <type>          a relation; E<n> is the n-th entity of the document (1-based,
                                           in order of appearance, i.e. the n-th B- tag)
    # sent_id = <document id>-<n>
    # space_before = <escaped whitespace>  the whitespace between the previous sentence (or the start of
                                           the document) and this one; omitted when empty
    # text = <sentence text>               the sentence exactly as in the document
    # space_after = <escaped whitespace>   after the last sentence only: whitespace ending the document

Whitespace is escaped as in UDPipe's SpacesAfter: \\s space, \\t tab, \\n newline, \\r, \\\\ backslash,
and \\uXXXX for any other character. Readers that do not know these comments still see plain IOB2.
An entity that runs over a line break continues with I- tags at the start of the next sentence.
"""

from __future__ import annotations

_ESCAPES = {" ": "\\s", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\"}
_UNESCAPES = {"s": " ", "t": "\t", "n": "\n", "r": "\r", "\\": "\\"}


def escape_space(text: str) -> str:
    return "".join(_ESCAPES.get(ch) or (ch if not ch.isspace() else f"\\u{ord(ch):04x}") for ch in text)


def unescape_space(text: str) -> str:
    """Inverse of escape_space; raises ValueError on a malformed escape."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        if i + 1 >= n:
            raise ValueError("a lone backslash ends the value")
        code = text[i + 1]
        if code == "u":
            out.append(chr(int(text[i + 2:i + 6], 16)))
            i += 6
        elif code in _UNESCAPES:
            out.append(_UNESCAPES[code])
            i += 2
        else:
            raise ValueError(f"unknown escape \\{code}")
    return "".join(out)
