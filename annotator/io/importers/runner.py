"""Import files and folders into a project: pick the format, decode, parse, segment, store, report.

import_paths() is free of global state, so the UI can run it on a worker thread with its own Project
connection. Documents are read and segmented in chunks; consecutive chunks are committed together, about once
every COMMIT_SECONDS, or sooner at GROUP_CHARS or GROUP_SPANS (chunks with labels by those sizes only), so a large
import pays a few commits a second rather than one per chunk. What is acknowledged is what was committed: the
report's `imported` (and the "N documents imported" of each progress message) counts committed documents only,
so a crash or a kill loses at most the last group (about COMMIT_SECONDS of work), none of it acknowledged.
cancel() is checked between chunks; a cancelled import stores the chunks already segmented, whole documents only.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import deque
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, Iterator

from annotator.core.model import LineSegment, NewDocument, span_labels
from annotator.core.text import line_bounds, utf8_and_sha256
from annotator.io.importers.base import MAX_LINE_BYTES, HintedDocument, ImportProblem, use_headline_as_title
from annotator.io.importers.decoding import LineReader, NotTextError, checked_encoding, detect_encoding, read_head
from annotator.io.importers.detect import FormatError, choose_format, files_under
from annotator.io.importers.imported_suggestions import ImportedSuggestions
from annotator.io.importers.registry import IMPORTERS
from annotator.io.importers.segmenting import ProcessSegmenter, apply_result
from annotator.io.importers.writer import LineCounts, StatsRelay, store_group
from annotator.store.connection import translate_error
from annotator.store.imported_labels import stored_copy_layer
from annotator.store.errors import AnnotationError, DatabaseError, ProjectError

CHUNK_DOCS = 128  # documents per transaction
CHUNK_CHARS = 4_000_000  # ... or fewer when they are long
# Consecutive chunks are stored in one transaction, at most every COMMIT_SECONDS and up to these sizes: a large
# span batch is bulk-loaded (annotator.store.imported_labels). A group of this size holds the write lock for well
# under a second and costs memory while it is held (the peer corpus's 2k documents, 2.6M characters and 127k
# spans in one group: peak RSS 88 MB, 39 MB chunk by chunk).
# Plain chunks are committed about every COMMIT_SECONDS: a commit costs no more CPU split in ten (the peer import's
# store work stayed ~0.29 CPU s from 1 to 9 commits), and a short one leaves the child segmenter its backlog
# (segmenting.BACKLOG_CHARS) to work on meanwhile; a long one let it run dry while this process wrote.
COMMIT_SECONDS = 0.1
_clock = time.monotonic  # what COMMIT_SECONDS is measured with (a test steps it by hand)
GROUP_SPANS = 200_000
GROUP_CHARS = 8_000_000
MAX_WAITING = 64  # chunks read and sent to be segmented, not yet stored, at most
PROCESS_MIN_BYTES = 4_000_000  # smaller inputs are segmented in-process (a child takes ~0.2 s to start)
SEGMENTER_PROCESSES: int | None = None  # child segmenters of a large import; None: segmenting.segmenter_processes()
DATASET_SEGMENTER = "dataset"
MAX_DOCUMENT_MB = 20.0
# Every line of a document is classified and stored with its kind and score (~300 bytes of memory a line while
# importing): 11 MB of empty lines took 2.6 GB. No article comes near this many lines.
MAX_DOCUMENT_LINES = 200_000
"""Default size limit of one document (its UTF-8 text or the file it is the whole of): an article of
20 MB is ~7 million Hangul syllables, far beyond any real one; a bigger one is a wrong file."""

Progress = Callable[[float, str], None]


@dataclass(slots=True)
class ImportReport:
    imported: int = 0
    duplicates: list[str] = field(default_factory=list)  # "FILE:LINE: duplicate of document N"
    problems: list[str] = field(default_factory=list)  # "FILE:LINE: message"
    problem_files: list[int] = field(default_factory=list)  # the index of each problem's file among those read
    files_read: int = 0
    files_failed: int = 0
    spans: int = 0
    relations: int = 0
    suggestions: int = 0  # a file's pre-annotations (Label Studio predictions) stored as suggestions
    predicted_relations: int = 0  # a file's predicted relations kept (relation suggestions once both ends are labels)
    cancelled: bool = False
    stopped: str = ""  # why the run stopped early (disk full, database locked), else ""
    document_ids: list[int] = field(default_factory=list)
    labels_added: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # files in folders whose suffix no importer reads
    # documents stored before whose re-imported copies brought labels: their ids, and the spans and relations added
    stored_labelled: list[int] = field(default_factory=list)
    stored_spans: int = 0
    stored_relations: int = 0

    def as_dict(self) -> dict:
        return {
            "imported": self.imported, "duplicates": list(self.duplicates), "problems": list(self.problems),
            "files_read": self.files_read, "files_failed": self.files_failed, "spans": self.spans,
            "relations": self.relations, "suggestions": self.suggestions,
            "predicted_relations": self.predicted_relations, "cancelled": self.cancelled, "stopped": self.stopped,
            "labels_added": list(self.labels_added), "left_out": list(self.left_out),
            "stored_labelled": {"documents": len(self.stored_labelled), "spans": self.stored_spans,
                                "relations": self.stored_relations},
        }


class ImportStopped(ProjectError):
    """The database could not take more documents (disk full, locked, damaged): the run stopped. The
    message says how many documents were stored; `report` is the report up to there."""

    def __init__(self, message: str, report: ImportReport):
        super().__init__(message)
        self.report = report


def import_paths(
    project,
    paths: Iterable[str | Path],
    *,
    format: str = "auto",
    add_labels: bool = False,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    encoding: str | None = None,
    max_document_mb: float = MAX_DOCUMENT_MB,
    segmenter: ProcessSegmenter | None = None,
) -> ImportReport:
    """Import files (folders are walked recursively, in sorted order) into `project`.

    format: "auto" (by extension, then content) or a name in IMPORTERS. add_labels: add entity labels and
    relation types the scheme lacks instead of rejecting those annotations. progress(fraction, message)
    is called after each chunk and file; cancel() returning True stops before the next chunk. Problems
    are listed in file and line order. encoding forces a text encoding instead of detecting it;
    max_document_mb refuses bigger single documents. segmenter: processes from start_segmenters() to
    use (they are closed at the end). Raises ImportStopped when the database cannot take more documents
    (what was stored stays stored, whole).
    """
    if format != "auto" and format not in IMPORTERS:
        raise FormatError(f"unknown format {format!r}; use auto or one of {', '.join(IMPORTERS)}")
    if encoding is not None:
        encoding = checked_encoding(encoding)
    report = ImportReport()
    run = _Run(project, report, format, add_labels, progress, cancel)
    run.encoding = encoding
    run.max_document_bytes = int(max_document_mb * 1_000_000)
    files: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            left_out: list[Path] = []
            passed_over: list[tuple[Path, str]] = []
            found = files_under(given, format, left_out, passed_over)
            report.left_out.extend(map(str, left_out))
            for path, why in passed_over:
                run.problem(len(files), 0, f"{path}: {why}")
                report.files_failed += 1
            if not found and not any(path == given for path, _ in passed_over):
                run.problem(len(files), 0, f"{given}: no importable files in this folder")
            files.extend(found)
        elif given.is_file():
            files.append(given)
        elif given.exists():  # a FIFO or a device would block or never end
            run.problem(len(files), 0, f"{given}: not a regular file or folder; skipped")
            report.files_failed += 1
        else:
            run.problem(len(files), 0, f"{given}: no such file or folder")
            report.files_failed += 1
    files = _brat_texts_to_annotations(files, format)
    run.total_bytes = sum(_size(f) for f in files) or 1
    if segmenter is not None:
        segmenter.project = project
        run.process = segmenter
    elif run.total_bytes >= PROCESS_MIN_BYTES and (os.cpu_count() or 1) > 1:
        try:
            run.process = ProcessSegmenter(project, SEGMENTER_PROCESSES)
        except OSError:
            pass  # no child process here: segment in this one
    if run.total_bytes >= PROCESS_MIN_BYTES and not getattr(project, "read_only", True):
        run.checkpointer = project.checkpoints_behind()
    index = -1
    try:
        for index, path in enumerate(files):
            if run.cancelled():
                break
            run.import_file(index, path)
        if not report.cancelled:
            run.flush()
            run.drain()
        elif run.process is not None:  # on cancel, the chunks a child is segmenting are stored, those pending dropped
            run.drain(pending=False)
        run.store_group()  # the chunks held back were read and segmented: stored even on cancel
        run._report_progress(f"{report.imported} documents imported")  # the last message says what was stored
    except (ProjectError, DatabaseError) as exc:  # the project cannot take more: stop, say what was stored
        run.close()
        if isinstance(exc, DatabaseError):
            exc = translate_error(project.path, exc)
        report.stopped = run.stop_message(exc, files_not_read=max(0, len(files) - index - 1))
        raise ImportStopped(report.stopped, report) from None
    finally:
        run.close()
    return report


def start_segmenters(paths: Iterable[str | Path]) -> ProcessSegmenter | None:
    """The segmenter processes for importing these files, started before the project is opened so that
    they boot while it opens (creating a project validates its scheme); None when the files are small
    enough to segment in this process, or are folders (import_paths starts processes for those itself)."""
    if (os.cpu_count() or 1) < 2 or sum(_size(p) for p in map(Path, paths) if p.is_file()) < PROCESS_MIN_BYTES:
        return None
    try:
        return ProcessSegmenter(None, SEGMENTER_PROCESSES)
    except OSError:
        return None


def _brat_texts_to_annotations(files: list[Path], format: str) -> list[Path]:
    """A brat document is imported through its .ann (which reads the .txt beside it), once."""
    if format not in ("auto", "brat") or "brat" not in IMPORTERS:
        return files
    chosen: dict[Path, None] = {}
    for path in files:
        if path.suffix.lower() == ".txt" and path.with_suffix(".ann").is_file():
            path = path.with_suffix(".ann")
        chosen[path] = None
    return list(chosen)


def _hints(doc: NewDocument) -> list | None:
    return doc.line_hints if isinstance(doc, HintedDocument) else None


def _line_number(origin: str) -> int:
    line = origin.rsplit(":", 1)[-1]
    return int(line) if line.isdigit() else 0


class _Places:
    """Where the documents of some chunks came from, {origin: (file index, line)}, worked out only when a problem
    or a duplicate is placed (most chunks have none: building it for every chunk was ~1.5 us a document). Later
    documents of the same origin win, as in a dict built in order."""

    __slots__ = ("parts", "_found")

    def __init__(self, parts: list[tuple[list[NewDocument], list[int]]]):
        self.parts = parts  # (documents, the file index of each)
        self._found: dict[str, tuple[int, int]] | None = None

    def _mapping(self) -> dict[str, tuple[int, int]]:
        if self._found is None:
            self._found = {d.origin: (i, _line_number(d.origin)) for docs, files in self.parts
                           for d, i in zip(docs, files)}
        return self._found

    def __getitem__(self, origin: str) -> tuple[int, int]:
        return self._mapping()[origin]

    def get(self, origin: str, default=None):
        return self._mapping().get(origin, default)

    def items(self):
        return self._mapping().items()


def _problem_place(text: str, files: dict[str, int]) -> tuple[int, int]:
    """(file index, line) of a "FILE:LINE: message" from the store, for sorting the report."""
    for name, index in files.items():
        if text.startswith(name + ":"):
            line = text[len(name) + 1:].split(":", 1)[0]
            return index, int(line) if line.isdigit() else 0
    return 1 << 62, 0


def _too_big_message(size: int, limit: int) -> str:
    return (f"one document of {size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit for a single document"
            " (raise it with --max-document-mb)")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _Run:
    def __init__(self, project, report: ImportReport, format: str, add_labels: bool, progress, cancel):
        self.project = project
        self.report = report
        self.format = format
        self.add_labels = add_labels
        self.progress = progress
        self.cancel = cancel
        self.relay = StatsRelay(project)
        self._segmenter = None  # made when this process segments (not at all when child processes do)
        self.process: ProcessSegmenter | None = None
        # chunks at the children: (documents, their file indexes, those sent, origins)
        self.waiting: deque[tuple[list[NewDocument], list[int], list[NewDocument], _Places]] = deque()
        self.seen: dict[str, str] = {}  # sha256 -> origin, for duplicates within this run
        self.onto_stored: list[tuple[int, NewDocument, int]] = []  # (stored id, labelled copy, file index)
        self.entity_labels = {e.name for e in project.scheme().entities}
        self.relation_labels = {r.name for r in project.scheme().relations}
        self.chunk: list[NewDocument] = []
        self.chunk_chars = 0
        self.chunk_file: list[int] = []  # file index of each document in the chunk
        self.problems: list[tuple[int, int, int, str]] = []  # (file index, line, arrival, "FILE:LINE: message")
        self.duplicates: list[tuple[int, int, int, str]] = []  # the same, for "FILE:LINE: duplicate of ..."
        self.total_bytes = 1
        self.done_bytes = 0
        self.file_bytes = 0
        self.encoding: str | None = None  # forced with --encoding, else detected per file
        self.max_document_bytes = int(MAX_DOCUMENT_MB * 1_000_000)
        self.in_flight = 0  # documents of the chunk being stored
        self.group: list[tuple[list[NewDocument], LineCounts, dict]] = []  # chunks to store together
        self.group_spans = self.group_chars = 0
        self.committed_at = _clock()  # when the last group was stored (or the run began)
        self.reading: Path | None = None  # the file being parsed
        self.checkpointer = None  # WAL checkpoints on a thread of their own (a large import), nudged per commit
        self.empty_at_start: bool | None = None  # the project held no document when the first chunk came
        self.data_version = 0  # the project's PRAGMA data_version then (other connections' commits change it)
        self.predictions = ImportedSuggestions(self.problem)  # stored after their documents' commit

    @property
    def segmenter(self):
        if self._segmenter is None:
            from annotator.io.resegment import SegmentationContext

            self._segmenter = SegmentationContext(self.relay)
        return self._segmenter

    def cancelled(self) -> bool:
        if self.cancel is not None and self.cancel():
            self.report.cancelled = True
        return self.report.cancelled

    def problem(self, file_index: int, line: int, text: str) -> None:
        self.problems.append((file_index, line, len(self.problems), text))

    def duplicate(self, file_index: int, origin: str, text: str) -> None:
        self.duplicates.append((file_index, _line_number(origin), len(self.duplicates), text))

    def close(self) -> None:
        try:
            if self.process is not None:
                self.process.close()
                self.process = None
        finally:
            if self.checkpointer is not None:
                self.checkpointer.stop()
                self.checkpointer = None
            self.problems.sort()
            self.report.problems = [text for *_, text in self.problems]
            self.report.problem_files = [file_index for file_index, *_ in self.problems]
            self.duplicates.sort()  # in file and line order, whether found while reading or per chunk
            self.report.duplicates = [text for *_, text in self.duplicates]

    def stop_message(self, exc: Exception, files_not_read: int) -> str:
        partial = getattr(exc, "partial", None)
        if partial is not None:
            self._count(partial)
            self.in_flight -= len(partial.imported) + len(partial.duplicates)
        not_stored = (self.in_flight + len(self.chunk) + sum(len(waiting[0]) for waiting in self.waiting)
                      + sum(len(held[0]) for held in self.group))
        unread = [f"the rest of {self.reading}"] if self.reading is not None else []
        if files_not_read:
            unread.append(f"{files_not_read} more files")
        rest = f", {' and '.join(unread)} not read" if unread else ""
        return (f"{exc}\nimport stopped: {self.report.imported} documents stored, {not_stored} read but not"
                f" stored{rest}; the stored documents are complete and nothing saved before was lost")

    # one file ---------------------------------------------------------------------------------------
    def import_file(self, index: int, path: Path) -> None:
        report = self.report
        try:
            head = read_head(path)
            encoding = detect_encoding(head, self.encoding)
            name = choose_format(path, head, encoding, self.format)
        except (NotTextError, FormatError) as exc:
            self.problem(index, 0, f"{path}: {exc}; file skipped")
            report.files_failed += 1
            self.done_bytes += _size(path)
            return
        except OSError as exc:
            self.problem(index, 0, f"{path}: cannot read ({exc.strerror or exc}); file skipped")
            report.files_failed += 1
            return
        if name is None:  # the .txt of a brat pair, read through its .ann
            self.done_bytes += _size(path)
            return
        module = IMPORTERS[name]
        if getattr(module, "WHOLE_FILE", False) and self._too_big(index, path, name):
            return
        fixed = tuple(getattr(module, "FIXED_LABELS", ()))
        if fixed:
            self._ensure_entities(fixed)
        reader = LineReader(path, encoding, undecodable=getattr(module, "UNDECODABLE", "replace"),
                            max_line_bytes=self._line_limit(module, path))
        dataset = bool(getattr(module, "SENTENCE_DATASET", False))
        report.files_read += 1
        self.reading = path
        items = 0  # what the parser gave: none at all is said, as for an empty .txt
        try:
            for item in module.parse(path, reader):
                items += 1
                if isinstance(item, ImportProblem):
                    self._parse_problem(index, path, item)
                elif self._prepare(index, item, dataset):
                    self.chunk.append(item)
                    self.chunk_file.append(index)
                    self.chunk_chars += len(item.text)
                    if len(self.chunk) >= CHUNK_DOCS or self.chunk_chars >= CHUNK_CHARS:
                        self.file_bytes = reader.bytes_read
                        self.flush()
                        if self.cancelled():
                            break
        except (ProjectError, DatabaseError):
            raise  # the project cannot take documents (disk full, locked, damaged): not a problem of this file
        except OSError as exc:
            items += 1  # said: not also "no records"
            self.problem(index, 1 << 62, f"{path}: read error ({exc.strerror or exc}); the rest of the file skipped")
        except Exception as exc:  # a parser bug must not lose the other files
            items += 1
            self.problem(index, 1 << 62, f"{path}: could not be parsed ({type(exc).__name__}: {exc}); rest skipped")
        finally:
            items += len(reader.problems)
            for problem in reader.problems:
                self._parse_problem(index, path, problem)
            reader.problems.clear()
        if not items:
            self.problem(index, 0, f"{path}: {NO_RECORDS}")
        self.reading = None
        self.done_bytes += _size(path)
        self.file_bytes = 0
        self._report_progress(f"{path.name}: read")

    def _line_limit(self, module, path: Path) -> int | None:
        """Lines are cut at MAX_LINE_BYTES where a line is a record; a file that is one document (already refused
        over the document limit) or one JSON value (a compact Label Studio export or .json array: one line)
        is read whole."""
        if getattr(module, "WHOLE_FILE", False):
            return max(MAX_LINE_BYTES, self.max_document_bytes)
        one_value = getattr(module, "one_value", None)
        return None if one_value is not None and one_value(path) else MAX_LINE_BYTES

    def _too_big(self, index: int, path: Path, name: str) -> bool:
        """A file that is one document (txt, html, brat's .txt) over the limit is refused before it is read."""
        text_file = path.with_suffix(".txt") if name == "brat" else path
        size = _size(text_file)
        if size <= self.max_document_bytes:
            return False
        self.problem(index, 0, f"{text_file}: {_too_big_message(size, self.max_document_bytes)}; file skipped")
        self.report.files_failed += 1
        self.done_bytes += _size(path)
        return True

    def _parse_problem(self, index: int, path: Path, problem: ImportProblem) -> None:
        where = f"{path}:{problem.line}" if problem.line > 0 else str(path)
        self.problem(index, problem.line, f"{where}: {problem.message}")

    def _prepare(self, index: int, doc: NewDocument, dataset: bool) -> bool:
        """Skip duplicates of this run early (no segmenting, no statistics for them)."""
        limit = self.max_document_bytes
        if len(doc.text) * 4 > limit and (size := len(doc.utf8 if doc.utf8 is not None else
                                                      doc.text.encode("utf-8", "surrogatepass"))) > limit:
            self.problem(index, _line_number(doc.origin), f"{doc.origin}: {_too_big_message(size, limit)};"
                                                          " document skipped")
            return False
        if len(doc.text) > MAX_DOCUMENT_LINES and (lines := doc.text.count("\n") + 1) > MAX_DOCUMENT_LINES:
            self.problem(index, _line_number(doc.origin), f"{doc.origin}: one document of {lines:,} lines, over the "
                                                          f"{MAX_DOCUMENT_LINES:,}-line limit for a single document;"
                                                          " document skipped")
            return False
        # once: the store takes the hash from the document, the segmenter processes and the store the bytes (a
        # parser may have encoded the text already: JSONL does, to refuse surrogates)
        if doc.utf8 is None:
            doc.utf8, doc.sha256 = utf8_and_sha256(doc.text)
        else:
            doc.sha256 = hashlib.sha256(doc.utf8).hexdigest()
        sha = doc.sha256
        earlier = self.seen.get(sha)
        if earlier is not None:
            self.duplicate(index, doc.origin, f"{doc.origin}: duplicate of {earlier} (same import){_labels_left(doc)}")
            return False
        self.seen[sha] = doc.origin  # documents already in the project are looked up per chunk (_new_in_project)
        if doc.suggestions:  # those of a document the project holds already are stored too (a re-import)
            self.predictions.add(index, _line_number(doc.origin), doc)
        if dataset:
            doc.segments = [
                LineSegment(no, s, e, "content" if e > s and doc.text[s:e].strip() else "blank", 1.0, "sentence dataset")
                for no, (s, e) in enumerate(line_bounds(doc.text), 1)
            ]
            doc.segmenter_version = DATASET_SEGMENTER
        return True

    def _new_in_project(self, chunk: list[NewDocument], files: list[int]) -> tuple[list[NewDocument], list[int]]:
        """The documents of a chunk the project does not hold yet (one query for the chunk, not one per
        document); the others are reported as duplicates before anything is spent on them."""
        project = self.project
        if self.empty_at_start is None:  # at the first chunk: whether the project held documents, and its version
            self.empty_at_start = project.count_documents() == 0
            self.data_version = project.data_version()
        if self.empty_at_start and project.data_version() == self.data_version:
            return chunk, files  # it held none and no other connection wrote since: `seen` caught every duplicate
        known = project.ids_by_sha256([doc.sha256 for doc in chunk])
        if not known:
            return chunk, files
        kept, kept_files = [], []
        for doc, index in zip(chunk, files):
            existing = known.get(doc.sha256)
            if existing is None:
                kept.append(doc)
                kept_files.append(index)
            elif doc.spans or doc.relations:  # its labels may still go onto the stored copy (_label_stored)
                self.onto_stored.append((existing, doc, index))
            else:
                self.duplicate(index, doc.origin, f"{doc.origin}: duplicate of document {existing}")
        return kept, kept_files

    def _label_stored(self) -> None:
        """The labels of the documents found stored already go onto the stored copies, each into its file's import
        layer (one transaction; Project.add_labels_to_stored says which copies kept their own), reported with
        the duplicates."""
        pending, self.onto_stored = self.onto_stored, []
        if self.add_labels:
            self._ensure_entities(set(chain.from_iterable(span_labels(d.spans) for _, d, _ in pending)))
            self._ensure_relations({r.label for _, d, _ in pending for r in d.relations})
        done = self.project.add_labels_to_stored([(doc_id, doc) for doc_id, doc, _ in pending])
        kept, refused = set(done.kept), set(done.refused)
        report = self.report
        report.stored_labelled += done.labelled  # each stored document once: a second copy in the run is `seen`
        report.stored_spans += done.spans
        report.stored_relations += done.relations
        files = {}
        for doc_id, doc, index in pending:
            files[doc.origin.rsplit(":", 1)[0]] = index
            layer = stored_copy_layer(doc)
            if doc_id in kept:
                said = f"; its {_labels_of(doc)} not imported (the stored copy holds labels of {layer} already)"
            elif doc_id in refused:
                said = f"; its {_labels_of(doc)} not imported (each refused: see the problems)"
            else:
                said = f"; its {_labels_of(doc)} added to the stored copy, in layer {layer}"
            self.duplicate(index, doc.origin, f"{doc.origin}: duplicate of document {doc_id}{said}")
        for text in done.problems:
            self.problem(*_problem_place(text, files), text)

    def _segment_here(self, chunk: list[NewDocument], files: list[int]) -> None:
        """Segment a chunk in this process (small imports, or after a segmenter process died)."""
        for doc, index in zip(chunk, files):
            if doc.segments is not None:  # a sentence dataset comes segmented
                continue
            try:
                self.segmenter.segment(doc, _hints(doc))
            except Exception as exc:  # a segmenter bug costs the document its line kinds, not its place
                doc.segments, doc.segmenter_version = None, ""
                self.problem(index, _line_number(doc.origin), f"{doc.origin}: the segmenter failed"
                             f" ({type(exc).__name__}: {str(exc)[:100]}); its lines are stored unclassified")

    # storing ----------------------------------------------------------------------------------------
    def flush(self) -> None:
        """Store the current chunk (one transaction); with the child segmenter, send it there first and
        store the chunk sent before it, so parsing, segmenting and storing overlap."""
        chunk, files, self.chunk, self.chunk_file, self.chunk_chars = self.chunk, self.chunk_file, [], [], 0
        if chunk:
            chunk, files = self._new_in_project(chunk, files)
        if self.onto_stored:
            self._label_stored()
        if chunk:
            origins = _Places([(chunk, files)])
            if self.add_labels:
                self._ensure_entities(set(chain.from_iterable(span_labels(d.spans) for d in chunk)))
                self._ensure_relations({r.label for d in chunk for r in d.relations})
            if self.process is None:
                self._segment_here(chunk, files)
                self.segmenter.flush()  # into the relay: written in the chunk's transaction
                self._store(chunk, self.relay.take(), origins)
            else:
                todo = [d for d in chunk if d.segments is None]  # sentence datasets come segmented
                self.process.send(todo, [_hints(d) for d in todo])
                self.waiting.append((chunk, files, todo, origins))
                # Store what has come back, in order, without waiting: the children's backlog is bounded (this
                # process segments a chunk itself when they are behind), the chunks held here by MAX_WAITING.
                while self.waiting and (self.process.ready() or len(self.waiting) > MAX_WAITING):
                    self._store_segmented()
        self._report_progress(f"{self.report.imported} documents imported")

    def drain(self, *, pending: bool = True) -> None:
        """Store the chunks still at the children. The group held back is committed whenever the next results are
        not there yet (before this process waits, or segments pending chunks itself meanwhile), so that its SQL
        runs while the children finish their last chunks, not after them. pending=False: only the chunks a child
        has taken (a cancel drops the others, whole)."""
        if not self.waiting:  # (always so when this process segments)
            return
        self.process.stopping = not pending
        while self.waiting and (pending or self.process.taken()):
            if pending and self.cancelled():  # Cancel pressed while the children segment what was read
                pending = False
                self.process.stopping = True
                continue
            if self.group and not self.process.ready():
                self.store_group()
            self._store_segmented()
        if not pending:
            self.waiting.clear()

    def _store_segmented(self) -> None:
        chunk, files, todo, origins = self.waiting.popleft()
        try:
            results, keys = self.process.receive()
        except (EOFError, OSError):  # the child died: segment here from now on
            self.process.close()
            self.process = None
            self.store_group()  # this process's segmenter reads the statistics of every earlier document stored
            for chunk, files, _, origins in [(chunk, files, todo, origins), *self.waiting]:
                self._segment_here(chunk, files)
                self.segmenter.flush()
                self._store(chunk, self.relay.take(), origins)
            self.waiting.clear()
            return
        for doc, result in zip(todo, results):
            message = apply_result(doc, result)
            if message:
                self.problem(*origins[doc.origin], f"{doc.origin}: {message}")
        self._store(chunk, [(doc.source, k) for doc, k in zip(todo, keys)], origins)

    def _store(self, chunk: list[NewDocument], counts: LineCounts, origins: _Places) -> None:
        for doc in chunk:
            if doc.packed_lines is None:  # a child segmenter has set the title of the documents it read
                use_headline_as_title(doc)
        self.group.append((chunk, counts, origins))  # held back, stored with the next chunks in one transaction
        self.group_spans += sum(len(doc.spans) for doc in chunk)
        self.group_chars += sum(len(doc.text) for doc in chunk)
        # A group holding spans is cut by size only: split, its span batch would be bulk-loaded twice, each time
        # rebuilding the span indexes over the whole table.
        if (self.group_spans >= GROUP_SPANS or self.group_chars >= GROUP_CHARS
                or (not self.group_spans and _clock() - self.committed_at >= COMMIT_SECONDS)):
            self.store_group()

    def store_group(self) -> None:
        """Store the chunks held back, in one transaction."""
        group, self.group, self.group_spans, self.group_chars = self.group, [], 0, 0
        if group:
            self._store_now([(chunk, counts) for chunk, counts, _ in group],
                            _Places([part for *_, origins in group for part in origins.parts]))
        if self.predictions.pending:
            self.predictions.write(self.project, self.entity_labels)
            self.report.suggestions = self.predictions.written
            self.report.predicted_relations = self.predictions.relations_written
        self.committed_at = _clock()

    def _store_now(self, parts: list[tuple[list[NewDocument], LineCounts]], origins: _Places):
        self.in_flight = sum(len(chunk) for chunk, _ in parts)
        result = store_group(self.project, parts)
        self.in_flight = 0
        if self.checkpointer is not None:
            self.checkpointer.nudge()
        self._count(result, origins)
        if result.problems:
            files = {o.rsplit(":", 1)[0]: where[0] for o, where in origins.items()}
            for text in result.problems:
                self.problem(*_problem_place(text, files), text)

    def _count(self, result, origins: _Places | None = None) -> None:
        origins = origins or {}
        report = self.report
        report.imported += len(result.imported)
        report.document_ids.extend(result.imported)
        report.spans += result.spans
        report.relations += result.relations
        for origin, doc_id in result.duplicates:  # stored meanwhile by another program
            self.duplicate(origins.get(origin, (1 << 62,))[0], origin, f"{origin}: duplicate of document {doc_id}")

    def _report_progress(self, message: str) -> None:
        if self.progress is not None:
            self.progress(min(1.0, (self.done_bytes + self.file_bytes) / self.total_bytes), message)

    def _ensure_entities(self, names: Iterable[str]) -> None:
        missing = [n for n in names if _addable(n) and n not in self.entity_labels]
        if missing:
            try:
                added = self.project.ensure_entity_labels(sorted(missing))
            except (ValueError, AnnotationError):  # names the scheme refuses: their spans are reported unknown
                return
            self.report.labels_added.extend(added)
            self.entity_labels.update(missing)

    def _ensure_relations(self, names: Iterable[str]) -> None:
        missing = sorted(n for n in names if _addable(n) and n not in self.relation_labels)
        if missing:
            from annotator.core.scheme import RelationLabel

            scheme = self.project.scheme()
            added = []
            for name in missing:
                if scheme.relation(name) is None:
                    scheme.relations.append(RelationLabel(name, name))  # no head/tail limits
                    added.append(name)
            try:
                self.project.save_scheme(scheme)
            except (ValueError, AnnotationError):
                return
            self.report.labels_added.extend(added)
            self.relation_labels.update(missing)


NO_RECORDS = "no records in it; nothing imported"  # a file its parser found nothing in (empty, blank, `[]`)


def _labels_left(doc: NewDocument) -> str:
    """What the labels of a duplicate within one run became (nothing: the copy read first keeps its own), said
    when it had any."""
    if not doc.spans and not doc.relations:
        return ""
    return f"; its {_labels_of(doc)} not imported (the stored copy keeps its own)"


def _labels_of(doc: NewDocument) -> str:
    spans, relations = len(doc.spans), len(doc.relations)
    return f"{spans} entit{'y' if spans == 1 else 'ies'}" + (f" and {relations} relation{'' if relations == 1 else 's'}"
                                                            if relations else "")


def _addable(name) -> bool:
    """A label name --add-labels may put in the scheme (core.scheme.label_name_problem says which not)."""
    from annotator.core.scheme import label_name_problem

    return label_name_problem(name) is None


def iter_files(paths: Iterable[str | Path], format: str = "auto") -> Iterator[Path]:
    """The files import_paths would read, in order (folders walked recursively, sorted)."""
    files = [f for given in map(Path, paths) for f in (files_under(given, format) if given.is_dir() else [given])]
    yield from _brat_texts_to_annotations(files, format)


__all__ = ["ImportReport", "ImportStopped", "import_paths", "iter_files", "start_segmenters"]

