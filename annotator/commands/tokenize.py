"""annotator tokenize: analyse the documents with Kiwi once, on every core, and keep the tokens in the project.

Exports (Prodigy, CoNLL, spaCy), snapping and the suggestion engines then read the kept tokens instead of
running Kiwi; an export does this step itself for documents that have none kept yet, so running it first only
moves the wait (after an import, overnight, on a bigger machine).
"""

from __future__ import annotations

import sys

from annotator.commands.common import ProgressBar, add_db_argument, add_quiet_argument, open_project, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "tokenize",
        help="analyse every document with Kiwi on every core and keep the tokens (what exports reuse)",
        description="Keep the Kiwi tokens of every document that has none kept yet (its content lines; the whole "
        "page of a document without classified content, or with --all-lines). Tokens are kept per tokenizer "
        "version (Kiwi, its model and the user words), so an upgrade or other user words are analysed again. "
        "Results are written in batches: an interrupted run keeps what it finished.",
    )
    add_db_argument(p)
    add_quiet_argument(p)
    p.add_argument("--all-lines", action="store_true", help="boilerplate lines too (for --include-boilerplate exports)")
    p.add_argument("--user-words", action="store_true",
                   help="with the project's entity strings as Kiwi user words (what `export spacy --user-words` uses)")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    p.add_argument("--stats", action="store_true", help="only print what is kept, per tokenizer version")
    p.add_argument("--json", action="store_true", help="print what was done as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from annotator.core import korean
    from annotator.io.token_cache import TokenCache

    with open_project(args) as project:
        if args.stats:
            stats = project.token_cache_stats()
            if args.json:
                print_json({"tokenizers": stats})
            else:
                for row in stats or [{"tokenizer": "(no tokens kept)", "documents": 0, "bytes": 0}]:
                    print(f"{row['documents']:>8} documents  {row['bytes'] / 1e6:8.1f} MB  {row['tokenizer']}")
            return 0
        analyser = None
        if args.user_words:
            from annotator.nlp.user_words import config_safe, entity_strings

            analyser = korean.KoreanAnalyser(config_safe(entity_strings(project))[0])
        if args.workers is not None and args.workers < 1:
            raise SystemExit("annotator tokenize: --workers must be at least 1")
        bar = ProgressBar("tokenising", quiet=args.quiet)
        try:
            # --workers asks for the pool even for a little work; by default it starts only when it pays
            pool_min = 0 if args.workers else None
            # isolate: Kiwi only in worker processes, whatever the size (this one keeps under 300 MB)
            with TokenCache(project, analyser, workers=args.workers, isolate=True,
                            **({} if pool_min is None else {"pool_min_chars": pool_min})) as cache:
                result = cache.pretokenize(project.document_ids(), content_only=not args.all_lines, progress=bar)
        finally:
            bar.close()
    if args.json:
        print_json(result.as_dict())
    else:
        kept = f"; {result.not_stored} could not be kept" if result.not_stored else ""
        repeated = result.repeated_chars
        # text found again (a sentence repeated across documents) is analysed once: said, so that a fast run over
        # repetitive text is not read as Kiwi's speed
        again = f", {repeated:,} of them repeated text analysed once" if result.computed and repeated > 0 else ""
        print(f"tokens: {result.computed} documents analysed ({result.chars:,} characters{again})"
              f" in {result.seconds:.1f} s"
              f" with {max(result.workers, 1)} process(es); {result.kept} already kept{kept}")
    if result.not_stored:  # keeping the tokens is this command's whole work
        reason = result.not_stored_reason or f"{args.db or 'the project'}: the file cannot be written"
        print(f"annotator: error: the tokens of {result.not_stored} documents were not kept: {reason}",
              file=sys.stderr)
        return 1
    return 0
