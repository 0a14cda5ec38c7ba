"""The store's document_values as it was before its per-document path was trimmed (kept verbatim as the oracle of
tests/store/test_document_values_equality.py)."""

from __future__ import annotations

import json

from annotator.core.model import NewDocument
from annotator.core.text import has_surrogates, text_sha256


def document_values(doc: NewDocument, stamp: str) -> tuple:
    """The documents row of a new document. ValueError names what SQLite could not store faithfully: NUL
    characters (length() stops at them, so the length CHECK fails), lone surrogates, meta that is not
    finite, serialisable JSON."""
    text = doc.text
    if not isinstance(text, str):
        raise ValueError(f"the text is {type(text).__name__}, not a string")
    data = doc.utf8  # the importer's encoding of the text: it holds no surrogates, and SQLite takes it as it is
    if (b"\x00" in data) if data is not None else ("\x00" in text):  # the bytes scan ~6 times faster
        raise ValueError("the text holds NUL characters")
    if data is None and has_surrogates(text):
        raise ValueError("the text holds unpaired UTF-16 surrogates (not valid Unicode)")
    try:
        meta = json.dumps(doc.meta, ensure_ascii=False, allow_nan=False) if doc.meta != {} else "{}"
        meta.encode("utf-8")
    except (ValueError, TypeError, RecursionError) as exc:
        raise ValueError(f"its meta cannot be stored as JSON ({type(exc).__name__}: {str(exc)[:80]})") from None
    fields = []
    for name in ("ext_id", "title", "source", "url"):
        value = getattr(doc, name)
        if value is not None:
            value = str(value).replace("\x00", "")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(f"its {name} holds unpaired UTF-16 surrogates") from None
        fields.append(value if value is not None or name == "ext_id" else "")
    return (*fields, doc.sha256 or text_sha256(text), len(text), meta, stamp, text if data is None else data)


