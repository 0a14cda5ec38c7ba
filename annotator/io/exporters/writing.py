"""Plumbing shared by the exporters: the documents in scope with progress and cancel, atomic output."""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence

from annotator.io.exporters.atomic import atomic_output  # noqa: F401  (the exporters' import point)
from annotator.io.exporters.common import ExportDoc, export_order, iter_export_docs

Progress = Callable[[float, str], None]
# Of an export's progress bar, the part for tokenising documents that have no kept tokens yet (Kiwi-bound).
TOKENISE_SHARE = 0.8
Cancel = Callable[[], bool]


class ExportCancelled(Exception):
    """Raised inside an export when cancel() said yes; the partial output is removed."""


def iter_scope(
    project,
    *,
    status: str,
    include_boilerplate: bool,
    doc_ids: Sequence[int] | None,
    progress: Progress | None,
    cancel: Cancel | None,
    label: str = "exporting",
    tokenize_ahead: bool = False,
    layer: str | None = None,
    text_json: bool = False,
    scoped: bool = False,
    prebuilt=None,
) -> Iterator["ExportDoc | bytes"]:
    """Export documents in scope, in export_order(), reporting progress about every half per cent and honouring
    cancel (text_json, scoped, prebuilt: as in iter_export_docs)."""
    ids = list(doc_ids) if scoped and doc_ids is not None else export_order(project, status, doc_ids, layer)
    total = len(ids)
    step = max(1, total // 200)
    if progress:
        progress(0.0, f"{label} {total} documents")
    share = 0.0  # of the progress bar taken by tokenising, when there was any to do
    tokens = None
    if tokenize_ahead:
        from annotator.io.exporters.common import ExportTokens

        def tokenising(fraction: float, message: str) -> None:
            if progress:
                progress(fraction * TOKENISE_SHARE, message)

        tokens = ExportTokens(project, ids, include_boilerplate=include_boilerplate, progress=tokenising,
                              cancel=cancel)
    with tokens or _nothing() as ready:
        if ready is not None:
            if ready.cancelled:
                raise ExportCancelled()
            share = TOKENISE_SHARE if ready.run is not None else 0.0
        docs = iter_export_docs(project, status="all", include_boilerplate=include_boilerplate, doc_ids=ids,
                                tokenize_ahead=tokenize_ahead, layer=layer,
                                tokens=ready.cache if ready is not None else None, text_json=text_json,
                                scoped=True, prebuilt=prebuilt)
        for index, item in enumerate(docs):
            if cancel is not None and cancel():
                raise ExportCancelled()
            yield item
            if progress and (index + 1) % step == 0:
                progress(share + (1 - share) * (index + 1) / total, f"{label} {index + 1}/{total}")
    if progress:
        progress(1.0, f"{label} done")


@contextmanager
def _nothing():
    yield None


def doc_key(doc) -> str:
    """A stable external name for a document: its ext_id if it has one, else doc-<id>."""
    return doc.ext_id or f"doc-{doc.id}"


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
# Names Windows reserves in every folder, with any extension (CON.txt is the console too).
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?=\.|$)", re.I)
STEM_MAX_BYTES = 200  # leaves room for "-<id>" and ".ann" under the usual 255-byte name limit


def safe_file_stem(doc, taken: set[str]) -> str:
    """A file-name stem for a document (brat writes one .txt/.ann pair each), unique within `taken` and
    valid on Linux, macOS and Windows: no separators or reserved names, at most STEM_MAX_BYTES in UTF-8."""
    stem = _UNSAFE.sub("_", doc_key(doc)).strip(" .")
    if stem.lower().endswith((".txt", ".ann")):
        stem = stem[:-4].rstrip(" .")
    stem = _cut_bytes(stem, STEM_MAX_BYTES).rstrip(" .") or f"doc-{doc.id}"
    stem = _RESERVED.sub(lambda m: m.group(0) + "_", stem)  # CON_, LPT9_.log
    candidate = stem
    while candidate.lower() in taken:
        candidate = f"{stem}-{doc.id}" if candidate == stem else f"{candidate}_"
    taken.add(candidate.lower())
    return candidate


def _cut_bytes(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes, never inside a character."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def doc_meta(item: ExportDoc) -> dict:
    """Provenance written beside each exported record, so a re-import keeps title and source."""
    doc = item.doc
    meta = {"doc_id": doc.id, "title": doc.title, "source": doc.source, "url": doc.url, "status": item.status,
            "content_only": item.offset_map is not None}
    if doc.ext_id:
        meta["ext_id"] = doc.ext_id
    article = getattr(item, "article", None)
    if article is not None:
        if article.published:
            meta["published"] = article.published
        if article.outlet:
            meta["outlet"] = article.outlet
    return meta


def split_tokens_at(tokens, boundaries: set[int]):
    """Korean tokens cut wherever an entity boundary falls inside one (an entity is never shifted or
    dropped to fit the tokenizer). A token's trailing space stays with its last piece."""
    from annotator.core.korean import split_tokens

    return split_tokens(tokens, boundaries)


def entity_tokens(text: str, spans) -> list:
    """The Korean tokenizer's tokens of `text`, split at every span boundary."""
    from annotator.core.korean import tokenize

    bounds = {sp.start for sp in spans} | {sp.end for sp in spans}
    return split_tokens_at(tokenize(text), bounds)
