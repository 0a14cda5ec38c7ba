"""The rules of WebAnno TSV 3.x that the importer and the exporter share (INCEpTION's "WebAnno TSV 3.3 File
format", its user guide, and its reader and writer, Tsv3XDeserializer / Tsv3XSerializer / Escaping):

    #FORMAT=WebAnno TSV 3.3
    #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value
    #T_RL=webanno.custom.Relation|value|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity


    #Text=김철수 부산시장은 ...
    1-1<TAB>0-3<TAB>김철수<TAB>PERSON[1]<TAB>_<TAB>_<TAB>
    1-1.1<TAB>0-1<TAB>김<TAB>...                         a sub-token (a span that is not on token boundaries)

Offsets are UTF-16 code units of the document text (INCEpTION is Java). A text line (`#Text=`) escapes the
backslash, TAB, CR, form feed, backspace and the other C0 controls but 0x08-0x0D (`\\t`, `\\r`, `\\f`, `\\b`, and `\\`
before the raw control character); a line break splits the sentence into several `#Text=` lines. A feature
value escapes `\\ [ ] | _ -> ; TAB LF *` with a backslash (`->` as one unit). `_` is an empty column, `*` a
feature without a value, `|` separates stacked annotations, `[N]` is a disambiguation id (multi-unit and stacked
annotations), and a relation's base-type column holds the source unit with `[source_target]` ids.
"""

from __future__ import annotations

import re

FORMAT_PREFIX = "#FORMAT="
FORMAT_NAME = "WebAnno TSV"
VERSION = "3.3"
SPAN_PREFIX, RELATION_PREFIX, CHAIN_PREFIX = "#T_SP=", "#T_RL=", "#T_CH="
TEXT_PREFIX, SENTENCE_ID_PREFIX = "#Text=", "#Sentence.id="
BASE_TYPE_PREFIX, ROLE_PREFIX = "BT_", "ROLE_"
NULL_COLUMN, NULL_VALUE = "_", "*"

# INCEpTION's built-in named-entity layer and its label feature; the relation layer our exports write (a custom
# layer the INCEpTION project needs: "Relation", attached to Named entity, with a string feature "value").
NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
NAMED_ENTITY_FEATURE = "value"
EXPORT_RELATION_LAYER = "webanno.custom.Relation"
EXPORT_RELATION_FEATURE = "value"

_VALUE_ESCAPES = {"\\": "\\\\", "[": "\\[", "]": "\\]", "|": "\\|", "_": "\\_", "->": "\\->", ";": "\\;",
                  "\t": "\\t", "\n": "\\n", "*": "\\*"}
_VALUE_SPECIAL = re.compile(r"\\|\[|\]|\||_|->|;|\t|\n|\*")
_VALUE_ESCAPED = re.compile(r"\\(\\|\[|\]|\||_|->|;|t|n|\*)")
_VALUE_UNESCAPES = {"\\": "\\", "[": "[", "]": "]", "|": "|", "_": "_", "->": "->", ";": ";", "t": "\t", "n": "\n",
                    "*": "*"}

# C0 controls written as a backslash before the raw character (all but 0x08-0x0D), and the readable ones.
_RAW_CONTROLS = "".join(chr(i) for i in range(32) if not 7 < i < 14)
_TEXT_ESCAPES = {**{ch: "\\" + ch for ch in _RAW_CONTROLS}, "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r",
                 "\b": "\\b", "\\": "\\\\"}
_TEXT_SPECIAL = re.compile("[" + re.escape(_RAW_CONTROLS + "\t\n\f\r\b\\") + "]")
_TEXT_ESCAPED = re.compile(r"\\([tnfrb\\" + re.escape(_RAW_CONTROLS) + "])")
_TEXT_UNESCAPES = {"t": "\t", "n": "\n", "f": "\f", "r": "\r", "b": "\b", "\\": "\\",
                   **{ch: ch for ch in _RAW_CONTROLS}}
# TSV 3.0 and 3.1 used Java's string escapes for text lines (StringEscapeUtils.unescapeJava).
_JAVA_ESCAPED = re.compile(r"\\(u+[0-9a-fA-F]{4}|[0-7]{1,3}|[tnfrb\\'\"])")
_JAVA_UNESCAPES = {"t": "\t", "n": "\n", "f": "\f", "r": "\r", "b": "\b", "\\": "\\", "'": "'", '"': '"'}

# A `|` or `;` that no backslash escapes separates stacked values (INCEpTION's own split: (?<!\\)\|).
STACK_SPLIT = re.compile(r"(?<!\\)\|")
_FORMAT_LINE = re.compile(r"^#FORMAT=(?P<name>.*) (?P<major>\d+)\.(?P<minor>\d+)$")


def escape_value(value: str) -> str:
    return _VALUE_SPECIAL.sub(lambda m: _VALUE_ESCAPES[m.group(0)], value)


def unescape_value(value: str) -> str:
    return _VALUE_ESCAPED.sub(lambda m: _VALUE_UNESCAPES[m.group(1)], value)


def escape_text(line: str) -> str:
    """One line of a sentence's text (no line break in it) as a `#Text=` line holds it."""
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_ESCAPES[m.group(0)], line)


def unescape_text(line: str, minor: int = 3) -> str:
    if minor >= 2:
        return _TEXT_ESCAPED.sub(lambda m: _TEXT_UNESCAPES[m.group(1)], line)
    return _JAVA_ESCAPED.sub(_java_unescape, line)


def _java_unescape(m: re.Match) -> str:
    code = m.group(1)
    if code[0] == "u":
        return chr(int(code.lstrip("u"), 16))
    if code[0].isdigit():
        return chr(int(code, 8))
    return _JAVA_UNESCAPES[code]


def format_version(line: str) -> tuple[str, int, int] | None:
    """(name, major, minor) of a `#FORMAT=` line, None if it is not one."""
    m = _FORMAT_LINE.match(line)
    return (m.group("name"), int(m.group("major")), int(m.group("minor"))) if m else None


def split_suffix(value: str) -> tuple[str, str | None]:
    """A value and its bracketed suffix (`PER[2]` -> ("PER", "2"), `1-3[4_5]` -> ("1-3", "4_5")); an escaped
    bracket (`A\\]`) is part of the value."""
    if value.endswith("]") and not value.endswith("\\]"):
        at = value.rfind("[")
        if at >= 0:
            return value[:at], value[at + 1:-1]
    return value, None


def short_name(layer: str) -> str:
    """`webanno.custom.Pred` -> `Pred`: a layer's name as INCEpTION's project settings show it."""
    return layer.rsplit(".", 1)[-1]
