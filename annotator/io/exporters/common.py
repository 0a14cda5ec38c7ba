"""What every exporter needs: the documents in scope, with spans remapped onto the exported text."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterator, Sequence

from annotator.core.canonical import standalone_names
from annotator.core.line_kinds import KIND_LETTERS, LETTER_KINDS
from annotator.core.model import Document, LineSegment, Relation, Span
from annotator.core.text import line_bounds

EXPORT_STATUSES = ("done", "all")
_KNOWN_LETTERS = frozenset(LETTER_KINDS)
# Characters of exported text whose tokens are made ready at once (well inside the analyser's line cache).
PRIME_CHARS = 500_000


@dataclass(slots=True)
class ExportDoc:
    doc: Document
    text: str  # content lines only (joined with "\n") or the whole page
    spans: list[Span]  # offsets into `text`
    relations: list[Relation]
    status: str
    offset_map: "OffsetMap | None" = None  # None when text is the whole page
    canonical: dict[int, tuple[str, str]] | None = None  # span id -> (canonical id, canonical name)
    article: object = None  # annotator.store.doc_meta.ArticleInfo: the article's date and outlet
    text_json: bytes | None = None  # text as a JSON string in UTF-8, if asked for (text_json) and text is the page


class OffsetMap:
    """Maps page offsets to offsets in the content-only text built from kept line ranges."""

    def __init__(self, kept: Sequence[tuple[int, int]]):
        self.page_starts = [s for s, _ in kept]
        self.kept = list(kept)
        self.out_starts = []
        pos = 0
        for s, e in kept:
            self.out_starts.append(pos)
            pos += e - s + 1  # +1 for the joining "\n"

    def to_export(self, offset: int, *, is_end: bool = False) -> int | None:
        i = bisect_right(self.page_starts, offset - (1 if is_end else 0)) - 1
        if i < 0:
            return None
        s, e = self.kept[i]
        if not (s <= offset <= e):
            return None
        return self.out_starts[i] + offset - s

    def to_page(self, offset: int) -> int:
        i = bisect_right(self.out_starts, offset) - 1
        return self.kept[i][0] + offset - self.out_starts[i]


def content_view(text: str, segments: Sequence[LineSegment], spans: Sequence[Span]) -> tuple[str, OffsetMap, list[Span]]:
    """Keep content lines and every line that carries a span, so no span is ever dropped. A span that
    runs over several lines keeps all the lines it covers."""
    keep = [seg.effective_kind == "content" for seg in segments]
    starts = [seg.start for seg in segments]
    for sp in spans:
        first = max(bisect_right(starts, sp.start) - 1, 0)
        last = max(bisect_right(starts, sp.end - 1) - 1, first)
        for i in range(first, last + 1):
            keep[i] = True
    # Merge adjacent kept lines into runs so multi-line spans keep their inner newlines.
    runs: list[tuple[int, int]] = []
    for seg, k in zip(segments, keep):
        if not k:
            continue
        if runs and seg.line_no == runs[-1][2] + 1:
            runs[-1] = (runs[-1][0], seg.end, seg.line_no)
        else:
            runs.append((seg.start, seg.end, seg.line_no))
    kept = [(s, e) for s, e, _ in runs]
    offsets = OffsetMap(kept)
    out_text = "\n".join(text[s:e] for s, e in kept)
    remapped = []
    for sp in spans:
        a = offsets.to_export(sp.start)
        b = offsets.to_export(sp.end, is_end=True)
        if a is None or b is None or b <= a:  # cannot happen: the lines were kept above
            raise AssertionError(f"span {sp.id} could not be remapped")
        remapped.append(Span(sp.id, sp.doc_id, a, b, sp.label, sp.reviewer, sp.created_at, sp.layer))
    return out_text, offsets, remapped


def scope_ids(project, status: str, doc_ids: Sequence[int] | None, layer: str | None = None) -> list[int]:
    """The ids an export covers, in id order: this reviewer's done documents (with layer "gold": the
    adjudicated ones), or all, optionally narrowed."""
    from annotator.core.layers import GOLD_NAME

    if status not in EXPORT_STATUSES:
        raise ValueError(f"status must be one of {', '.join(EXPORT_STATUSES)}, not {status!r}")
    if status == "done" and layer == GOLD_NAME:
        in_status = sorted(project.adjudicated_ids())
    else:
        in_status = project.document_ids("done" if status == "done" else None)
    if doc_ids is None:
        return in_status
    wanted = set(doc_ids)
    return [d for d in in_status if d in wanted]


def export_order(project, status: str, doc_ids: Sequence[int] | None, layer: str | None = None) -> list[int]:
    """scope_ids() in the order an export writes them, the queue's (ranks are unique, so a status-filtered list
    keeps it; only the adjudicated documents come in id order and are put in the queue's)."""
    from annotator.core.layers import GOLD_NAME

    ids = scope_ids(project, status, doc_ids, layer)
    if status == "done" and layer == GOLD_NAME:
        ids = scope_ids(project, "all", ids, layer)
    return ids


def iter_export_docs(
    project,
    *,
    status: str = "done",
    include_boilerplate: bool = False,
    doc_ids: Sequence[int] | None = None,
    tokenize_ahead: bool = False,
    chunk: int = 256,
    layer: str | None = None,
    analyser=None,
    tokens=None,
    text_json: bool = False,
    scoped: bool = False,
    canonical: bool = True,
    prebuilt=None,
) -> Iterator["ExportDoc | bytes"]:
    """Documents in scope (scoped: doc_ids are an export_order() already, taken as they are), streamed in chunks: spans, relations and statuses are read per chunk of
    documents, not per document. With tokenize_ahead, each chunk's lines are made ready in the analyser first
    (from the project's kept tokens, the rest analysed in one batch and kept: annotator.io.token_cache), so the
    per-document tokenize() calls that follow never run Kiwi. tokens: the TokenCache to use (default: one for
    analyser, made here). layer chooses the annotation layers (Project.annotations_in: None = gold where it
    exists, else reviewers' and imports' merged). text_json: fill ExportDoc.text_json where the text is the page.
    canonical=False leaves ExportDoc.canonical empty (an export that writes no canonical names: spaCy's).
    prebuilt(chunk of ids) -> {doc id: bytes}: documents whose output the caller has made already (doccano's lines of
    unannotated documents, Project.unlabelled_doccano_lines); those bytes are yielded in their place, in order."""
    from annotator.store.entities import canonical_id

    layer = project.resolve_layer_choice(layer)
    ids = list(doc_ids) if scoped and doc_ids is not None else scope_ids(project, status, doc_ids, layer)
    catalogue = project.catalogue_lookup()
    roles = {e.name: e.role for e in project.scheme().entities if e.role}
    own_tokens = None
    if tokenize_ahead and tokens is None:
        from annotator.io.token_cache import TokenCache

        tokens = own_tokens = TokenCache(project, analyser)
    try:
        for i in range(0, len(ids), chunk):
            part = list(ids[i : i + chunk])
            made = prebuilt(part) if prebuilt is not None else None
            if made:
                rest = [doc_id for doc_id in part if doc_id not in made]
                items = {item.doc.id: item for item in _chunk_docs(project, rest, include_boilerplate, layer,
                                                                   catalogue, roles, canonical_id if canonical
                                                                   else None, text_json)} if rest else {}
                yield from (made.get(doc_id) or items[doc_id] for doc_id in part if doc_id in made or doc_id in items)
                continue
            out = _chunk_docs(project, part, include_boilerplate, layer, catalogue, roles,
                              canonical_id if canonical else None, text_json)
            if not tokenize_ahead:
                yield from out
                continue
            # Primed a group at a time, so that a group's analyses fit the analyser's line cache together.
            group: list[ExportDoc] = []
            chars = 0
            for item in out:
                group.append(item)
                chars += len(item.text)
                if chars >= PRIME_CHARS or item is out[-1]:
                    tokens.prime([(x.doc.id, x.doc.text, x.text.split("\n")) for x in group])
                    yield from group
                    group, chars = [], 0
    finally:
        if own_tokens is not None:
            own_tokens.close()


def _chunk_docs(project, part, include_boilerplate, layer, catalogue, roles, canonical_id, text_json=False
                ) -> list[ExportDoc]:
    """A chunk of documents with their annotations, read with one query per kind of row (not per document);
    canonical_id None: no canonical names."""
    annotations = project.annotations_in(part, layer)
    statuses = project.statuses_of(part)
    articles = project.article_infos(part)
    links = project.span_links_of(part) if canonical_id is not None else {}
    overrides = {} if include_boilerplate else project.line_overrides_of(part)
    out: list[ExportDoc] = []
    for doc, kinds, quoted in project.documents_with_line_kinds(part, verify=True, quoted=text_json):
        doc_spans, doc_relations = annotations[doc.id]
        canonical = {}
        if doc_spans and canonical_id is not None:
            names = standalone_names(doc_spans, doc.text, roles, catalogue, links)
            if names is None:  # a rule reads the other mentions or the text
                proposals = project.canonical_names(doc.id, doc.text, doc_spans, catalogue=catalogue, roles=roles,
                                                    linked=links)
                names = [proposals[sp.id].name for sp in doc_spans]
            canonical = {sp.id: (canonical_id(sp.label, name), name) for sp, name in zip(doc_spans, names)}
        doc_status = statuses.get(doc.id, "new")
        article = articles.get(doc.id)
        letters = None if include_boilerplate or kinds is None else _effective_kinds(doc.text, kinds,
                                                                                      overrides.get(doc.id))
        if letters is None or "c" not in letters:
            # Nothing classified as content (unsegmented, or a sentence dataset): export the page.
            out.append(ExportDoc(doc, doc.text, doc_spans, doc_relations, doc_status, None, canonical, article, quoted))
        elif letters.count("c") == len(letters):  # every line is content: the page as it is, offsets unchanged
            out.append(ExportDoc(doc, doc.text, list(doc_spans), doc_relations, doc_status,
                                 OffsetMap([(0, len(doc.text))]), canonical, article, quoted))
        else:
            segments = [LineSegment(no, start, end, LETTER_KINDS[letter])
                        for no, ((start, end), letter) in enumerate(zip(line_bounds(doc.text), letters), 1)]
            text, offsets, remapped = content_view(doc.text, segments, doc_spans)
            out.append(ExportDoc(doc, text, remapped, doc_relations, doc_status, offsets, canonical, article))
    return out


def _effective_kinds(text: str, kinds: str, overrides: dict[int, str] | None) -> str:
    """One letter per line of text (annotator.core.line_kinds): the stored kinds with the reviewers' overrides,
    "u" for a letter that names no kind and for lines the stored kinds do not cover (as unpack_lines reads them)."""
    lines = text.count("\n") + 1
    letters = kinds[:lines]
    if len(letters) < lines or not _KNOWN_LETTERS.issuperset(letters):
        letters = "".join(letter if letter in LETTER_KINDS else "u" for letter in letters).ljust(lines, "u")
    if overrides:
        chars = list(letters)
        for line_no, kind in overrides.items():
            if 1 <= line_no <= lines:
                chars[line_no - 1] = KIND_LETTERS[kind]
        letters = "".join(chars)
    return letters


class ExportTokens:
    """The kept tokens an export reads (`cache`, a TokenCache), with the documents in scope tokenised first on
    every core when some have none kept yet: `with ExportTokens(...) as ready: iter_export_docs(...,
    tokens=ready.cache)`. `run` says what the tokenising did (None: nothing was needed), `cancelled` whether
    cancel() stopped it."""

    def __init__(self, project, doc_ids: Sequence[int], *, include_boilerplate: bool, analyser=None,
                 progress=None, cancel=None) -> None:
        self._args = (project, list(doc_ids), include_boilerplate, analyser, progress, cancel)
        self.cache = None
        self.run = None
        self.cancelled = False

    def __enter__(self):
        from annotator.io.token_cache import TokenCache

        project, ids, include_boilerplate, analyser, progress, cancel = self._args
        # isolate: the export's process never builds a Kiwi; a small export's tokens come from one worker process
        self.cache = TokenCache(project, analyser, isolate=True)
        run = self.cache.pretokenize(ids, content_only=not include_boilerplate, progress=progress, cancel=cancel)
        self.run = run if run.computed else None
        self.cancelled = run.cancelled
        return self

    def __exit__(self, *exc) -> None:
        if self.cache is not None:
            self.cache.close()
