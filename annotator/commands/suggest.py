"""annotator suggest FILE... | --db P: pre-annotation proposals, with counts per label and source.

Suggestions come from the dictionary (for files: the entity strings of --dictionary labelled JSONL files;
for a project: every label in it), the label scheme's patterns (the project's scheme with --db) and a
spaCy model (the shipped base model or --model DIR), on the article's content lines unless --all-lines.
With --db the proposals are written into the project's suggestions layer (each document's undecided
suggestions replaced, labels never touched, rejected suggestions never proposed again); --dry-run only prints.
What a run derives that the next can reuse (the scheme's compiled regexes, core/pattern_cache.py; the dictionary's
occurrence counts and the patterns' calibration on the labelled documents, nlp/suggest/fits.py) is kept in the
user's cache folder, under a digest of all it depends on; ANNOTATOR_PATTERN_CACHE=0 / ANNOTATOR_FIT_CACHE=0 turn
either off.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from annotator.commands.common import ProgressBar, add_quiet_argument, add_wait_argument, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "suggest", help="propose entities (and relations) for text files (printed) or a project's documents (stored)",
        description="Propose entities (and relations) from the project's dictionary, the Korean patterns and a"
        " spaCy model. For FILEs the proposals are printed; with --db they are stored in the project's"
        " suggestions layer, which reviewers accept or reject in the app (never labels until accepted).")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="articles: plain text (any encoding) or HTML pages (their visible text)")
    p.add_argument("--db", type=Path, default=None,
                   help="a project instead of files: pre-annotate its documents (their suggestions layer) from its"
                        " scheme and labels")
    add_wait_argument(p)
    p.add_argument("--dry-run", action="store_true", help="with --db: print what would be proposed, store nothing")
    p.add_argument("--status", choices=("new", "in_progress", "done", "skipped", "all"), default="new",
                   help="with --db: the documents with this status for the reviewer (default new)")
    p.add_argument("--reviewer", default=None, help="with --db: whose document statuses count")
    p.add_argument("--sources", default="dictionary,patterns,model",
                   help="comma-separated: dictionary, patterns, model, relations (default dictionary,patterns,model;"
                        " relations, off by default: with --db, candidates between your accepted entities,"
                        " stored for review)")
    p.add_argument("--model", default="base", help="'base' (the shipped KLUE model) or a spaCy model folder")
    p.add_argument("--min-score", type=float, default=0.0, help="leave out proposals scored below this (0..1)")
    p.add_argument("--scheme", type=Path, default=None, help="label scheme JSON (default: the default scheme)")
    p.add_argument("--dictionary", type=Path, action="append", default=[], metavar="JSONL",
                   help="labelled JSONL (doccano or Prodigy) whose entity strings form the dictionary; repeatable")
    p.add_argument("--all-lines", action="store_true", help="search boilerplate lines too, not only content")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="with --db: processes that find the suggestions, this one included (default: one per core"
                        " when there are enough documents and a core is free; 1: this process only)")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_quiet_argument(p)
    p.set_defaults(func=run)


HTML_SUFFIXES = (".html", ".htm", ".xhtml")  # as `annotator segment` and the import read them


def read_text(path: Path, problems: list[str] | None = None) -> str:
    """A text file's content with LF newlines, in whatever encoding it has (ValueError names the file); what
    was wrong in it (a line over the limit, bytes not valid) goes to problems as 'file:line: why'. An HTML page
    (by its suffix, as `annotator segment` reads it) is its visible text, as an import stores it: the offsets
    printed are into that text, never into the markup."""
    from annotator.io.importers.decoding import LineReader, NotTextError, detect_encoding, read_head

    try:
        encoding = detect_encoding(read_head(path))
    except NotTextError as exc:
        raise ValueError(f"{path}: {exc}") from None
    reader = LineReader(path, encoding)
    text = "\n".join(reader)
    if problems is not None:
        problems += [f"{path}:{p.line}: {p.message}" for p in reader.problems]
    if path.suffix.lower() in HTML_SUFFIXES:
        from annotator.core.html_text import html_to_text

        notes: list[str] = []
        text, _hints = html_to_text(text, notes)
        if problems is not None:
            problems += [f"{path}: {note}" for note in notes]
    return text


def read_dictionary(paths, dictionary) -> list[str]:
    """Add the entity strings of labelled JSONL files to dictionary; returns problems as 'file:line: why'. The
    records are read by the JSONL importer's parser, so a dictionary file is checked as an import is (nesting,
    surrogates, offsets); it was a parser of its own that a deeply nested line crashed (RecursionError) and
    that took spans outside the text as strings."""
    from annotator.core.model import span_bounds_problem
    from annotator.io.importers import jsonl
    from annotator.io.importers.base import MAX_LINE_BYTES, ImportProblem
    from annotator.io.importers.decoding import LineReader, NotTextError, detect_encoding, read_head

    problems = []
    for path in paths:
        try:
            encoding = detect_encoding(read_head(path))
        except NotTextError as exc:
            raise ValueError(f"{path}: {exc}") from None
        except OSError as exc:
            raise ValueError(f"{path}: cannot read ({exc.strerror or exc})") from None
        reader = LineReader(path, encoding, undecodable=jsonl.UNDECODABLE,
                            max_line_bytes=None if jsonl.one_value(path) else MAX_LINE_BYTES)
        found: list[tuple[int, str]] = []
        for item in jsonl.parse(path, reader):
            if isinstance(item, ImportProblem):
                found.append((item.line, item.message))
                continue
            line = int(item.origin.rsplit(":", 1)[1])
            for span in item.spans:
                why = span_bounds_problem(span.start, span.end, len(item.text))
                if why is None:
                    dictionary.add(item.text[span.start:span.end], span.label)
                else:
                    found.append((line, f"{why}; span skipped"))
        found += [(p.line, p.message) for p in reader.problems]
        problems += [f"{path}:{line}: {why}" for line, why in sorted(found, key=lambda pair: pair[0])]
    return problems


def suggest_files(*, files, sources="dictionary,patterns,model", model="base", min_score=0.0, scheme_path=None,
                  dictionary_paths=(), all_lines=False, progress=None) -> dict:
    from annotator.core.scheme import LabelScheme, default_scheme
    from annotator.nlp.suggest.dictionary import EntityDictionary
    from annotator.nlp.suggest.engine import Suggester, parse_sources

    scheme = LabelScheme.load(scheme_path) if scheme_path else default_scheme()
    dictionary = EntityDictionary()
    problems = read_dictionary(dictionary_paths, dictionary)
    suggester = Suggester(scheme, sources=parse_sources(sources), dictionary=dictionary, model=model,
                          min_score=min_score, content_only=not all_lines)
    documents, errors = [], []
    for n, path in enumerate(files):
        if progress is not None:
            progress(n / len(files), f"{n}/{len(files)} {path.name}")
        try:
            text = read_text(path, errors)
        except (OSError, ValueError) as exc:
            errors.append(str(exc) if str(path) in str(exc) else f"{path}: {exc}")
            continue
        documents.append({"file": str(path), **_document_result(text, suggester.suggest(text))})
    if progress is not None:
        progress(1.0, f"{len(files)}/{len(files)}")
    return {"documents": documents, **_totals(documents), "dictionary_strings": len(dictionary),
            "sources": list(suggester.sources), "min_score": min_score, "errors": errors,
            "dictionary_problems": problems}


def _document_result(text: str, found, *, details: bool = True) -> dict:
    """A document's counts, and with details its suggestions and relation candidates (for --json)."""
    result = {"chars": len(text), "count": len(found.entities), **found.counts()}
    if details:
        result["suggestions"] = [s.to_dict(text) for s in found.entities]
        result["relations"] = [r.to_dict() for r in found.relations]
    return result


def _totals(documents: list[dict]) -> dict:
    totals = {key: Counter() for key in ("by_label", "by_source", "relations_by_label")}
    for doc in documents:
        for key, counter in totals.items():
            counter.update(doc[key])
    return {key: dict(sorted(counter.items())) for key, counter in totals.items()}


def suggest_project(project, *, status="new", sources="dictionary,patterns,model", model="base", min_score=0.0,
                    all_lines=False, dry_run=False, progress=None, details=True, workers=None) -> dict:
    """Pre-annotate a project's documents with `status` for the reviewer ("all": every document): their
    undecided suggestions are replaced by this run's (dry_run: nothing is stored). details: each document's
    suggestions in the result, not only its counts. workers: as preannotate's (None: by the machine)."""
    from annotator.nlp.preannotate import preannotate, project_suggester

    built = project_suggester(project, sources=sources, model=model, min_score=min_score, all_lines=all_lines)
    ids = project.document_ids(None if status == "all" else status)
    done, written = preannotate(project, built.suggester, ids, write=not dry_run, progress=progress,
                                workers=workers)
    details = details or len(done) <= PER_DOCUMENT_LINES
    documents = [{"doc_id": d.doc_id, "title": d.title, **_document_result(d.text, d.found, details=details)}
                 for d in done]
    totals = _totals(documents)
    if not dry_run:  # what the store holds now (it leaves out what overlaps a label or was rejected)
        totals["by_label"] = dict(sorted(written.by_label.items()))
        totals["by_source"] = dict(sorted(written.by_source.items()))
        totals["relations_by_label"] = dict(sorted(written.relations.by_label.items()))
        if written.relations.written:
            totals["by_source"]["relations"] = written.relations.written
    return {"documents": documents, **totals, "dictionary_strings": built.dictionary_strings,
            "sources": list(built.suggester.sources), "min_score": min_score, "status": status,
            "stored": not dry_run, "written": written.written, "replaced": written.replaced,
            "skipped_rejected": written.skipped_rejected, "skipped_labelled": written.skipped_labelled,
            "skipped_overlapping": sum(written.overlapping.values()),
            "relations": {"written": written.relations.written, "replaced": written.relations.replaced,
                          "skipped_rejected": written.relations.skipped_rejected,
                          "skipped_existing": written.relations.skipped_existing},
            "notes": built.notes, "errors": [], "dictionary_problems": []}


PER_DOCUMENT_LINES = 50  # more documents: only the totals


def run(args) -> int:
    from annotator.core.scheme import SchemeError
    from annotator.nlp.preannotate_pool import WorkerError
    from annotator.nlp.suggest.engine import SourceError
    from annotator.nlp.suggest.model import ModelError

    if not 0.0 <= args.min_score <= 1.0:
        print("annotator: error: --min-score must be between 0 and 1", file=sys.stderr)
        return 2
    if bool(args.files) == bool(args.db):
        print("annotator: error: give text FILEs or --db PROJECT (not both)", file=sys.stderr)
        return 2
    if args.dry_run and not args.db:
        print("annotator: error: --dry-run is for --db", file=sys.stderr)
        return 2
    if args.workers is not None and (args.workers < 1 or not args.db):
        print("annotator: error: --workers is for --db, and at least 1", file=sys.stderr)
        return 2
    if args.db and (args.dictionary or args.scheme):
        print("annotator: error: with --db the project's labels and scheme are used; "
              "--dictionary and --scheme are for files", file=sys.stderr)
        return 2
    bar = ProgressBar("suggest", quiet=getattr(args, "quiet", False))
    try:
        if args.db:
            from annotator.commands.common import batch_gc, open_project

            with batch_gc(), open_project(args) as project:  # a page makes thousands of short-lived tuples
                result = suggest_project(project, status=args.status, sources=args.sources, model=args.model,
                                         min_score=args.min_score, all_lines=args.all_lines, dry_run=args.dry_run,
                                         progress=bar, details=args.json, workers=args.workers)
        else:
            result = suggest_files(files=args.files, sources=args.sources, model=args.model,
                                   min_score=args.min_score, scheme_path=args.scheme,
                                   dictionary_paths=args.dictionary, all_lines=args.all_lines, progress=bar)
    except (SourceError, ModelError, SchemeError, ValueError) as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 2
    except WorkerError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    finally:
        bar.close()
    for message in result["errors"] + result["dictionary_problems"]:
        print(f"annotator: {message}", file=sys.stderr)
    if args.json:
        print_json(result)
    else:
        for note in result.get("notes", []):
            print(f"note: {note}")
        documents = result["documents"]
        for doc in documents if len(documents) <= PER_DOCUMENT_LINES else ():
            labels = ", ".join(f"{k} {v}" for k, v in doc["by_label"].items()) or "none"
            name = doc["file"] if "file" in doc else f"document {doc['doc_id']} ({doc['title'][:40]})"
            print(f"{name}: {doc['count']} suggestions ({labels})")
        print("by label:  " + (", ".join(f"{k} {v}" for k, v in result["by_label"].items()) or "none"))
        print("by source: " + (", ".join(f"{k} {v}" for k, v in result["by_source"].items()) or "none"))
        if result["relations_by_label"]:
            print("relations: " + ", ".join(f"{k} {v}" for k, v in result["relations_by_label"].items()))
        entity_sources = [name for name in result["sources"] if name != "relations"]
        if args.db and result["stored"] and entity_sources:
            from annotator.commands.common import counted

            print(f"stored {counted(result['written'], 'suggestion')} in {counted(len(documents), 'document')}"
                  " (replacing"
                  f" {result['replaced']} undecided); left out {result['skipped_labelled']} over labels and"
                  f" {result['skipped_rejected']} rejected before"
                  + (f", {result['skipped_overlapping']} overlapping a better proposal"
                     if result.get("skipped_overlapping") else ""))
        if args.db and result["stored"] and "relations" in result["sources"]:
            rel = result["relations"]
            print(f"stored {rel['written']} relation suggestions between your own entities (replacing"
                  f" {rel['replaced']} undecided); left out {rel['skipped_existing']} already related and"
                  f" {rel['skipped_rejected']} rejected before")
        elif args.db and not result["stored"]:
            print("dry run: nothing stored")
    return 1 if result["errors"] else 0
