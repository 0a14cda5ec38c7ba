"""Plumbing shared by the exporters: the documents in scope with progress and cancel, atomic output."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence

from annotator.io.exporters.common import ExportDoc, iter_export_docs, scope_ids

Progress = Callable[[float, str], None]
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
) -> Iterator[ExportDoc]:
    """Export documents in scope, reporting progress about every half per cent and honouring cancel."""
    ids = scope_ids(project, status, doc_ids)
    total = len(ids)
    step = max(1, total // 200)
    if progress:
        progress(0.0, f"{label} {total} documents")
    docs = iter_export_docs(project, status="all", include_boilerplate=include_boilerplate, doc_ids=ids,
                            tokenize_ahead=tokenize_ahead)
    for index, item in enumerate(docs):
        if cancel is not None and cancel():
            raise ExportCancelled()
        yield item
        if progress and (index + 1) % step == 0:
            progress((index + 1) / total, f"{label} {index + 1}/{total}")
    if progress:
        progress(1.0, f"{label} done")


@contextmanager
def atomic_output(out: Path, *, folder: bool = False) -> Iterator[Path]:
    """A temporary file (or folder) beside `out` that replaces `out` only when the block succeeds,
    so a failed or cancelled export never leaves a half-written file behind."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if folder:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
    else:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
        os.close(fd)
        tmp = Path(name)
    _default_mode(tmp, folder)
    try:
        yield tmp
    except BaseException:
        _remove(tmp)
        raise
    if folder:
        if out.exists():
            if not out.is_dir():
                _remove(tmp)
                raise OSError(f"{out}: exists and is not a folder")
            # Merge into an existing folder: the files of this export replace those of the same name.
            for child in tmp.iterdir():
                target = out / child.name
                _remove(target)
                child.replace(target)
            _remove(tmp)
        else:
            tmp.replace(out)
    else:
        os.replace(tmp, out)


def _default_mode(path: Path, folder: bool) -> None:
    """mkstemp/mkdtemp create owner-only entries; an export gets the usual umask-based mode instead."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, (0o777 if folder else 0o666) & ~umask)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def doc_key(doc) -> str:
    """A stable external name for a document: its ext_id if it has one, else doc-<id>."""
    return doc.ext_id or f"doc-{doc.id}"


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_stem(doc, taken: set[str]) -> str:
    """A file-name stem for a document (brat writes one .txt/.ann pair each), unique within `taken`."""
    stem = _UNSAFE.sub("_", doc_key(doc)).strip(" .") or f"doc-{doc.id}"
    if stem.lower().endswith((".txt", ".ann")):
        stem = stem[:-4]
    stem = stem[:120]
    candidate = stem
    while candidate.lower() in taken:
        candidate = f"{stem}-{doc.id}" if candidate == stem else f"{candidate}_"
    taken.add(candidate.lower())
    return candidate


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
    from annotator.core.korean import Token

    out = []
    for tok in tokens:
        cuts = sorted(b for b in boundaries if tok.start < b < tok.end) if boundaries else ()
        if not cuts:
            out.append(tok)
            continue
        edges = [tok.start, *cuts, tok.end]
        for a, b in zip(edges, edges[1:]):
            out.append(Token(a, b, tok.text[a - tok.start:b - tok.start], tok.ws if b == tok.end else ""))
    return out


def entity_tokens(text: str, spans) -> list:
    """The Korean tokenizer's tokens of `text`, split at every span boundary."""
    from annotator.core.korean import tokenize

    bounds = {sp.start for sp in spans} | {sp.end for sp in spans}
    return split_tokens_at(tokenize(text), bounds)
