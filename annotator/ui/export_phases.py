"""The phases of an export as the progress dialog shows them: the Korean tokens first (Prodigy, CoNLL), then the
writing, each with its own words and counts.

The exporters tokenise the documents that have no kept tokens yet before they write; a small first export did
it in one step behind "Reading the documents…", with no count and no way to stop it. Here the worker keeps the
tokens of the documents in scope a few documents at a time first (io.token_cache.TokenCache.pretokenize, the
exporters' own call, which keeps what it finished), saying "Tokenising k of N documents" and checking cancel
between steps; the exporter then finds every token kept and only writes.
"""

from __future__ import annotations

import re
from typing import Callable

from PySide6.QtCore import QCoreApplication

# The formats whose exporters write Korean tokens (they call ExportTokens, tokenize_ahead=True).
TOKENISED_FORMATS = frozenset({"prodigy", "conll"})
STEPS = 100  # progress steps of the tokenising phase at most (a step is one pretokenize call)
TOKENISE_SHARE = 0.8  # of the bar, when there is tokenising to do
_COUNT = re.compile(r"(\d+)/(\d+)")


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def tokenising_text(done: int, total: int) -> str:
    return _tr("Tokenising %1 of %2 documents…").replace("%1", str(done)).replace("%2", str(total))


def writing_text(message: str) -> str:
    """The exporter's own progress note ("exporting 12/40") in the user's words."""
    found = _COUNT.search(message or "")
    if found is None:
        return _tr("Writing the export…")
    return _tr("Writing %1 of %2 documents…").replace("%1", found.group(1)).replace("%2", found.group(2))


def keep_tokens_first(project, doc_ids: list[int], *, include_boilerplate: bool,
                      progress: Callable[[float, str], None], cancel: Callable[[], bool]) -> int | None:
    """Keep the Korean tokens of doc_ids (those without any yet); how many documents were analysed, or None if
    cancel() stopped it. The tokens finished are kept either way (pretokenize commits what it analysed).

    A job big enough for the Kiwi worker processes goes to pretokenize in one call: it reports each task done
    and checks cancel between tasks. A smaller one is analysed in this process, where pretokenize reports
    nothing until it returns: it goes a few documents at a time, so the count moves and Cancel is heard."""
    from annotator.io.token_cache import TokenCache

    total = len(doc_ids)
    with TokenCache(project) as cache:
        if cache.workers > 1 and _chars_reach(project, doc_ids, cache.pool_min_chars):
            def told(fraction: float, message: str) -> None:  # "tokenising 12/40 documents": of those to do
                found = _COUNT.search(message)
                progress(fraction, tokenising_text(int(found.group(1)), int(found.group(2))) if found else
                         _tr("Preparing the Korean tokens…"))

            run = cache.pretokenize(doc_ids, content_only=not include_boilerplate, progress=told, cancel=cancel)
            return None if run.cancelled else run.computed
        computed, step = 0, max(1, -(-total // STEPS))
        for start in range(0, total, step):
            if cancel():
                return None
            chunk = doc_ids[start:start + step]
            run = cache.pretokenize(chunk, content_only=not include_boilerplate, cancel=cancel)
            computed += run.computed
            if run.cancelled:
                return None
            if computed:  # documents already kept pass silently
                progress((start + len(chunk)) / total, tokenising_text(start + len(chunk), total))
    return computed


def _chars_reach(project, doc_ids: list[int], limit: int) -> bool:
    """Whether the documents' texts hold at least limit characters (read only until they do)."""
    chars = 0
    for doc in project.iter_documents(doc_ids, chunk=64):
        chars += len(doc.text)
        if chars >= limit:
            return True
    return False


def export_in_phases(project, opts, *, progress: Callable[[float, str], None], cancel: Callable[[], bool]):
    """The export of opts (ui.export_dialog.ExportOptions), after the tokenising phase for TOKENISED_FORMATS, the
    bar shared between the phases when there was tokenising to do; a cancelled report when cancel() stopped the
    tokenising (nothing written)."""
    from annotator.io.exporters import ExportReport, exporter
    from annotator.io.exporters.common import export_order

    doc_ids = list(opts.doc_ids) if opts.doc_ids is not None else None
    share = 0.0
    if opts.format in TOKENISED_FORMATS:
        scope = export_order(project, opts.status, doc_ids, opts.layer)
        computed = keep_tokens_first(project, scope, include_boilerplate=opts.include_boilerplate,
                                     progress=lambda f, m: progress(f * TOKENISE_SHARE, m), cancel=cancel)
        if computed is None:
            return ExportReport(format=opts.format, out=opts.out, cancelled=True)
        share = TOKENISE_SHARE if computed else 0.0
    return exporter(opts.format).export(
        project, out=opts.out, status=opts.status, include_boilerplate=opts.include_boilerplate, doc_ids=doc_ids,
        progress=lambda f, m: progress(share + (1 - share) * f, writing_text(m)), cancel=cancel, layer=opts.layer)
