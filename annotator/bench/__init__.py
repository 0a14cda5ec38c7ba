"""`annotator bench --json`: performance figures. Each module here defines run(*, scale) -> dict."""

BENCH_MODULES = (
    "annotator.bench.import_",
    "annotator.bench.segment",
    "annotator.bench.ui",
    "annotator.bench.spacy",
    "annotator.bench.export",
    "annotator.bench.suggest",
    "annotator.bench.review",
    "annotator.bench.relations",
    "annotator.bench.workbook",
    "annotator.bench.train",
    "annotator.bench.peer",  # opt-in (OPT_IN): only with --only peer
    "annotator.bench.team",  # opt-in: only with --only team
    "annotator.bench.adjudication",  # opt-in: only with --only adjudication
    "annotator.bench.tokens",  # opt-in: only with --only tokens
    "annotator.bench.suggest_project",  # opt-in: only with --only suggest_project
    "annotator.bench.suggest_speed",  # opt-in: only with --only suggest_speed
)
