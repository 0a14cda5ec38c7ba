"""The pieces of doccano JSONL lines that SQLite builds: a document's `{"id":…,"text":…` head (the text quoted by
json_quote) and its meta object, as bytes, and its annotations as plain rows. The doccano exporter joins them for
the documents whose exported text is the whole page, with no Python object made per document or entity (~40 us a
3 KB page and ~3 us an entity less than io.exporters.common's general path, which writes the other documents).
The bytes are exactly what that path writes (tests/io/test_export_equality.py holds the two equal for random
projects).

A document takes this path when its exported text is the whole page (the boilerplate included, no line kinds, no
content line, or every line content, and no reviewer's line override) and its fields have the types the schema
gives them (anything else, a file changed behind the app's back say, goes the general path and its checks).
"""

from __future__ import annotations

import sqlite3
from itertools import groupby
from operator import itemgetter
from typing import Sequence

from annotator.core.layers import ALL_LAYERS, SUGGESTIONS
from annotator.core.text import utf8_sha256
from annotator.store.errors import text_checksum_error

# The exported text is the whole page when no stored line kind is content (content_only false), or when every line
# is (content_only true), as io.exporters.common._effective_kinds reads the kinds: one letter a line of the text,
# here checked against the text's newlines (a kind for each line, no more, no fewer; else the general path). The
# text is scanned once, and only when every kind is content: text_length is length(text) (a CHECK). (GLOB looks for a
# newline ~7x faster than instr(), which counts characters: 1 against 7 us a 3 KB page.)
_NO_CONTENT = "(l.kinds IS NULL OR instr(l.kinds, 'c') = 0)"
_ALL_CONTENT = ("(l.kinds NOT GLOB '*[^c]*' AND CASE WHEN length(l.kinds) = 1"
                " THEN d.text NOT GLOB '*' || char(10) || '*'"
                " ELSE length(replace(d.text, char(10), '')) = d.text_length - length(l.kinds) + 1 END)")
_first = itemgetter(0)
_HEAD = """CAST('{"id":' || d.id || ',"text":' || json_quote(d.text) AS BLOB)"""


def _text_or_null(column: str) -> str:
    return f"typeof({column}) IN ('text', 'null')"


def _optional(key: str, column: str) -> str:
    """',"key":value' where doc_meta() writes the key (a value that is not empty), else ''."""
    return (f"""CASE WHEN {column} IS NOT NULL AND {column} <> ''"""
            f""" THEN ',"{key}":' || json_quote({column}) ELSE '' END""")


def _meta(content_only: str) -> str:
    """io.exporters.writing.doc_meta() as JSON, key for key."""
    return ("""CAST('{"doc_id":' || d.id || ',"title":' || json_quote(d.title) || ',"source":' || json_quote(d.source)"""
            """ || ',"url":' || json_quote(d.url) || ',"status":' || json_quote(coalesce(ds.status, 'new'))"""
            f""" || ',"content_only":' || {content_only} || {_optional("ext_id", "d.ext_id")}"""
            f""" || {_optional("published", "m.published")} || {_optional("outlet", "m.outlet")} || '}}' AS BLOB)""")


class ExportLinesMixin:
    """Mixed into Project; relies on conn, path, reviewer_id, layers() and _read_error()."""

    def read_layer_ids(self, layer: str | None) -> list[int]:
        """The layers an export with this layer choice reads (Project.resolve_layer_choice's value)."""
        layers = self.layers()
        if layer is None or layer == ALL_LAYERS:
            return [y.id for y in layers if y.kind != SUGGESTIONS]
        return [y.id for y in layers if y.name == layer]

    def doccano_line_parts(self, doc_ids: Sequence[int], *, include_boilerplate: bool, layer_ids: Sequence[int]
                           ) -> dict[int, tuple[bytes, bytes, bool]]:
        """doc id -> (its line's head `{"id":…,"text":"…"`, its meta object, whether it has an entity or a relation
        in layer_ids) for each of doc_ids whose exported text is the page (see the module); each text is checked
        against its checksum as Project.document(verify=True) does."""
        in_layers = ",".join(str(int(i)) for i in layer_ids)
        annotated = (f"EXISTS (SELECT 1 FROM spans s WHERE s.doc_id = d.id AND s.layer_id IN ({in_layers}))"
                     f" OR EXISTS (SELECT 1 FROM relations x WHERE x.doc_id = d.id AND x.layer_id IN ({in_layers}))"
                     if layer_ids else "0")
        if include_boilerplate:
            content_only, page = "'false'", ""
        else:
            content_only = f"CASE WHEN {_NO_CONTENT} THEN 'false' ELSE 'true' END"  # the WHERE takes these two only
            page = (f" AND ({_NO_CONTENT} OR {_ALL_CONTENT})"
                    " AND NOT EXISTS (SELECT 1 FROM line_overrides o WHERE o.doc_id = d.id)")
        fields = " AND ".join(_text_or_null(c) for c in ("d.title", "d.source", "d.url", "d.ext_id", "m.published",
                                                         "m.outlet", "ds.status", "l.kinds"))
        out: dict[int, tuple[bytes, bytes, bool]] = {}
        for part in _parts(doc_ids):
            marks = ",".join("?" * len(part))
            for doc_id, head, meta, has_annotations, stored, sha in self._rows(
                    f"SELECT d.id, {_HEAD}, {_meta(content_only)}, {annotated}, CAST(d.text AS BLOB), d.sha256"
                    " FROM documents d JOIN doc_state st ON st.doc_id = d.id"
                    " LEFT JOIN doc_lines l ON l.doc_id = d.id"
                    " LEFT JOIN doc_status ds ON ds.doc_id = d.id AND ds.reviewer_id = ?"
                    " LEFT JOIN doc_meta m ON m.doc_id = d.id"
                    f" WHERE d.id IN ({marks}) AND typeof(d.text) = 'text' AND typeof(d.id) = 'integer'"
                    f" AND json_valid(d.meta) AND {fields}{page}", [self.reviewer_id, *part]):
                if utf8_sha256(stored) != sha:
                    raise text_checksum_error(self.path, doc_id)
                out[doc_id] = (head, meta, bool(has_annotations))
        return out

    def export_annotation_rows(self, doc_ids: Sequence[int], layer_ids: Sequence[int]
                               ) -> tuple[dict[int, list[tuple]], dict[int, list[tuple]], dict[int, str]]:
        """For documents of doc_ids, in layer_ids: doc id -> its entities as (doc id, id, start, end, label, layer
        id) in (start, end, id) order, the order Project.annotations_in reads them; doc id -> its relations as (doc
        id, id, head id, tail id, type, layer id) in id order; and doc id -> its text."""
        spans: dict[int, list[tuple]] = {}
        relations: dict[int, list[tuple]] = {}
        texts: dict[int, str] = {}
        if not layer_ids:
            return spans, relations, texts
        in_layers = ",".join(str(int(i)) for i in layer_ids)
        for part in _parts(doc_ids):
            marks = ",".join("?" * len(part))
            spans.update((doc_id, list(rows)) for doc_id, rows in groupby(self._rows(
                'SELECT s.doc_id, s.id, s.start, s."end", l.name, s.layer_id FROM spans s'
                f" JOIN labels l ON l.id = s.label_id WHERE s.doc_id IN ({marks}) AND s.layer_id IN ({in_layers})"
                ' ORDER BY s.doc_id, s.start, s."end", s.id', part), _first))
            relations.update((doc_id, list(rows)) for doc_id, rows in groupby(self._rows(
                "SELECT x.doc_id, x.id, x.head_id, x.tail_id, l.name, x.layer_id FROM relations x"
                f" JOIN labels l ON l.id = x.label_id WHERE x.doc_id IN ({marks}) AND x.layer_id IN ({in_layers})"
                " ORDER BY x.doc_id, x.id", part), _first))
            texts.update(self._rows(f"SELECT id, text FROM documents WHERE id IN ({marks})", part))
        return spans, relations, texts

    def _rows(self, sql: str, args) -> list[tuple]:
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise self._read_error(exc, "documents") from None


def _parts(ids: Sequence[int], size: int = 400):
    """Chunks below SQLite's bound-parameter limit."""
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


__all__ = ["ExportLinesMixin"]
