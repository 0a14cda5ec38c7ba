"""The spaCy export's rows made by two processes where there are two cores (the command line's; the app never forks).

The documents in scope are cut in two in export order. A forked child opens the project read-only on its own
connection and plans the second half into bins of its own (annotator.nlp.docbin_stream), which it pickles down a
pipe once done; the parent plans the first half meanwhile, then merges the child's bins after its own, so the
files are the bytes one process writes. If the child fails in any way, the parent plans the second half itself;
a cancel or an error in the parent kills the child. Nothing is written to disk by the child.
"""

from __future__ import annotations

import os
import pickle
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# Below this many documents a second process saves less than it costs to start.
MIN_DOCUMENTS = 1000
# What a document costs to plan, in entities (measured on the peer pages: ~0.6 ms a 3 KB page, ~10 us an
# entity): the halves are cut where the work, not the count, is half.
DOCUMENT_WEIGHT = 60


@dataclass(slots=True)
class Part:
    """The rows of some documents of an export, with what their report says."""

    train: object  # StreamingDocBin
    dev: object  # StreamingDocBin
    report: object  # SpacyExportReport: the per-document counts and problems of these documents
    labels: Counter = field(default_factory=Counter)

    def merge(self, other: "Part") -> None:
        """other's documents after this part's (other comes later in export order)."""
        self.train.merge(other.train)
        self.dev.merge(other.dev)
        self.report.merge(other.report)
        self.labels.update(other.labels)


# plan(project, doc_ids, progress, cancel) -> Part, the documents in that order; None when cancelled
Planner = Callable[..., "Part | None"]


def plan_in_two(project, ids: Sequence[int], plan: Planner, *, workers: int, progress=None,
                cancel=None) -> Part | None:
    """plan() of every id, in two processes when workers >= 2 and the scope is large; None when cancelled."""
    if workers < 2 or len(ids) < MIN_DOCUMENTS or not hasattr(os, "fork"):
        return plan(project, ids, progress, cancel)
    from annotator.io.exporters.halves import _middle, _stop

    spans = project.span_counts()
    half = _middle(ids, {doc_id: n * 10 // DOCUMENT_WEIGHT for doc_id, n in spans.items()})
    first, second = list(ids[:half]), list(ids[half:])
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its own connection; _exit (no cleanup of the parent's objects)
        status = 1
        try:
            os.close(read_end)
            from annotator.store import Project

            with Project.open(project.path, project.reviewer, read_only=True) as own:
                part = plan(own, second, None, None)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(part, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        except BaseException:  # the parent plans this half itself
            pass
        finally:
            os._exit(status)
    os.close(write_end)
    share = len(first) / len(ids)
    scaled = (lambda fraction, message: progress(fraction * share, message)) if progress else None
    pipe = os.fdopen(read_end, "rb")
    try:
        mine = plan(project, first, scaled, cancel)
        if mine is None:  # cancelled
            _stop(pid)
            return None
        try:
            theirs = pickle.load(pipe)  # read as it comes: the reply is never held twice
        except Exception:  # the child failed (nothing or a part sent): planned here instead
            theirs = None
    except BaseException:
        _stop(pid)
        raise
    finally:
        pipe.close()
    _, status = os.waitpid(pid, 0)
    if status != 0:
        theirs = None
    if theirs is None:
        rest = (lambda fraction, message: progress(share + fraction * (1 - share), message)) if progress else None
        theirs = plan(project, second, rest, cancel)
        if theirs is None:
            return None
    mine.merge(theirs)
    return mine
