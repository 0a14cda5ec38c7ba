"""spaCy training data: train.spacy / dev.spacy (DocBin), config.cfg and the tokenizer code file.

Afterwards this runs as written and saves the model in DIR/model (the report prints it with this interpreter's path):
    .venv/bin/python -m spacy train DIR/config.cfg --code DIR/korean_tokenizer.py \\
        --paths.train DIR/train.spacy --paths.dev DIR/dev.spacy --output DIR/model
Every stored span is either an entity in the DocBin or listed in the report with a reason and an example.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.io.exporters.atomic import atomic_output
from annotator.io.exporters.common import ExportTokens, iter_export_docs, scope_ids
from annotator.io.exporters.writing import TOKENISE_SHARE

WORKERS = True  # export() takes workers (commands/export.py gives it the cores)
TRAIN_FILE = "train.spacy"
DEV_FILE = "dev.spacy"
CONFIG_FILE = "config.cfg"
_EXAMPLES_PER_REASON = 3


@dataclass(slots=True)
class SpacyExportReport:
    out_dir: str = ""
    documents: int = 0
    train_documents: int = 0
    dev_documents: int = 0
    entities_total: int = 0
    entities_exported: int = 0
    entities_split: int = 0  # a gold boundary fell inside a token, which was split there
    entities_adjusted: int = 0  # exported after trimming surrounding whitespace
    entities_not_placed: int = 0
    relations_total: int = 0
    relations_exported: int = 0
    relations_not_placed: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    # reason -> {"count": n, "examples": [...]}
    not_placed: dict[str, dict] = field(default_factory=dict)
    adjusted: dict[str, dict] = field(default_factory=dict)
    split_examples: list[str] = field(default_factory=list)
    relation_problems: dict[str, dict] = field(default_factory=dict)
    user_words: int = 0  # entity strings written into config.cfg's [nlp.tokenizer] as Kiwi user words
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    cancelled: bool = False

    def merge(self, other: "SpacyExportReport") -> None:
        """Add the per-document counts and problems of other's documents, which come after this report's."""
        for name in ("documents", "entities_total", "entities_exported", "entities_split", "relations_total",
                     "relations_exported"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.split_examples.extend(other.split_examples[:_EXAMPLES_PER_REASON - len(self.split_examples)])
        for mine, theirs in ((self.not_placed, other.not_placed), (self.adjusted, other.adjusted),
                             (self.relation_problems, other.relation_problems)):
            for reason, info in theirs.items():
                own = mine.setdefault(reason, {"count": 0, "examples": []})
                own["count"] += info["count"]
                own["examples"].extend(info["examples"][:_EXAMPLES_PER_REASON - len(own["examples"])])

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}

    def format_text(self) -> str:
        lines = [
            f"spaCy export to {self.out_dir}" + (" (cancelled, nothing written)" if self.cancelled else ""),
            f"  documents:              {self.documents} (train {self.train_documents}, dev {self.dev_documents})",
            f"  entities in the DB:     {self.entities_total}",
            f"  entities exported:      {self.entities_exported}",
            f"  entities needing split: {self.entities_split}",
            f"  entities adjusted:      {self.entities_adjusted}",
            f"  entities not placed:    {self.entities_not_placed}",
            f"  relations exported:     {self.relations_exported} of {self.relations_total}",
        ]
        if self.user_words:
            lines.append(f"  user words added:       {self.user_words} (entity strings, in config.cfg [nlp.tokenizer])")
        if self.labels:
            lines.append("  labels: " + ", ".join(f"{k} {v}" for k, v in sorted(self.labels.items())))
        for example in self.split_examples:
            lines.append(f"    split e.g. {example}")
        for title, groups in (("not placed", self.not_placed), ("adjusted", self.adjusted),
                              ("relation not placed", self.relation_problems)):
            for reason, info in groups.items():
                lines.append(f"  {title}: {reason}: {info['count']}")
                lines.extend(f"    e.g. {ex}" for ex in info["examples"])
        lines.extend(f"  note: {note}" for note in self.notes)
        if self.files and not self.cancelled:
            out = Path(self.out_dir)
            lines.append(
                f"  train with: {train_command(out)}"
            )
        return "\n".join(lines)


def _spacy_file(name: str) -> bool:
    """What a spaCy export folder holds; an earlier export there is replaced whole (a trained model/
    beside it is another file kept, see atomic_output's keep_others)."""
    return name in (TRAIN_FILE, DEV_FILE, CONFIG_FILE, _code_file_name(), "__pycache__")


def train_command(out: Path) -> str:
    """The spaCy training command for an export in `out`, with this interpreter (no `python` on PATH needed)."""
    import shlex
    import sys

    words = [sys.executable, "-m", "spacy", "train", str(out / CONFIG_FILE), "--code", str(out / _code_file_name()),
             "--paths.train", str(out / TRAIN_FILE), "--paths.dev", str(out / DEV_FILE), "--output", str(out / "model")]
    return " ".join(shlex.quote(w) for w in words)


def _code_file_name() -> str:
    from annotator.nlp.config import CODE_FILE_NAME

    return CODE_FILE_NAME


def _add_problem(groups: dict[str, dict], reason: str, example: str) -> None:
    info = groups.setdefault(reason, {"count": 0, "examples": []})
    info["count"] += 1
    if len(info["examples"]) < _EXAMPLES_PER_REASON:
        info["examples"].append(example)


def split_ids(doc_ids: list[int], split: float, seed: int) -> tuple[set[int], set[int]]:
    """Seeded shuffle, then the first `split` share to train; both sides non-empty when there are 2+ docs."""
    if not 0.0 < split <= 1.0:
        raise ValueError(f"split must be in (0, 1], not {split}")
    ids = sorted(doc_ids)
    random.Random(seed).shuffle(ids)
    n_train = round(len(ids) * split)
    if len(ids) >= 2:
        n_train = min(max(n_train, 1), len(ids) - 1)
    return set(ids[:n_train]), set(ids[n_train:])


def export_spacy(
    project,
    *,
    out_dir,
    split: float = 0.8,
    seed: int = 0,
    status: str = "done",
    include_boilerplate: bool = False,
    doc_ids: list[int] | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    user_words: bool = False,
    layer: str | None = None,
    workers: int = 1,
) -> SpacyExportReport:
    """Write train.spacy, dev.spacy, config.cfg and the tokenizer code file into out_dir.

    doc_ids limits the export to those documents (still filtered by status). Cancelling writes nothing.
    user_words: the project's distinct entity strings (2+ characters, all documents) become Kiwi user words
    for tokenising the DocBins and are written into config.cfg, so the trained model tokenises the same way.
    """
    from annotator.core import korean
    from annotator.nlp.user_words import config_safe, entity_strings

    words: list[str] = []
    skipped = not_clean = 0
    analyser = korean.default_analyser()
    if user_words:
        candidates, skipped = config_safe(entity_strings(project))
        analyser = korean.KoreanAnalyser(candidates)  # keeps the clean entity strings only
        words = sorted(analyser.user_words)
        not_clean = len(candidates) - len(words)
    report = _export(project, out_dir, split, seed, status, include_boilerplate, doc_ids, progress, cancel,
                     words, layer, analyser, workers)
    if not_clean:
        report.notes.append(f"{not_clean} entity strings were not made user words: Kiwi reads a particle, ending"
                            " or verb in them (e.g. 부산시는 앞)")
    if skipped:
        report.notes.append(f"{skipped} entity strings containing '$' were not made user words "
                            "(spaCy's config cannot hold them)")
    return report


def _export(project, out_dir, split, seed, status, include_boilerplate, doc_ids, progress, cancel,
            words: list[str], layer: str | None = None, analyser=None, workers: int = 1) -> SpacyExportReport:
    from annotator.nlp import config as nlp_config
    from annotator.nlp.spacy_parts import plan_and_write
    from annotator.nlp.spacy_tokenizer import blank_korean

    out = Path(out_dir).expanduser()
    report = SpacyExportReport(out_dir=str(out), user_words=len(words))
    doc_ids = scope_ids(project, status, doc_ids, project.resolve_layer_choice(layer))
    train_ids, dev_ids = split_ids(doc_ids, split, seed)
    total = len(doc_ids)
    # Documents without kept tokens are tokenised first, on every core (the first share of the progress bar).
    share = 0.0

    def tokenising(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction * TOKENISE_SHARE, message)

    with ExportTokens(project, doc_ids, include_boilerplate=include_boilerplate, analyser=analyser,
                      progress=tokenising, cancel=cancel) as ready:
        if ready.cancelled:
            report.cancelled = True
            return report
        share = TOKENISE_SHARE if ready.run is not None else 0.0
        ready.cache.close()  # its Kiwi workers (~290 MB each) are done: every document has its tokens now
        planning = (lambda fraction, message: progress(share + (1 - share) * fraction, message)) if progress else None

        vocab = blank_korean().vocab  # made once: a forked second process has it too

        def plan(own_project, ids, part_progress, part_cancel):
            # another process's project has its own kept tokens' reader
            tokens = ready.cache if own_project is project else None
            part = _plan(own_project, ids, status, include_boilerplate, layer, analyser, tokens, vocab, train_ids,
                         part_progress, part_cancel, total)
            if workers >= 2 and analyser is not None:
                # The command line's process does nothing else: the analyser's line cache (up to ~100 MB of the
                # last pages' kept tokens, all in the file) is dropped before the rows are merged and written.
                analyser.clear_cache()
            return part

        # a second process reads the kept tokens itself: only when every document has them in the file
        two = workers if ready.run is None or not (ready.run.not_stored or ready.run.cancelled) else 1
        # Written into a sibling folder and swapped in whole: a kill never leaves a 0-byte train.spacy
        # beside an older dev.spacy and config.cfg. A folder with other files keeps them.
        try:
            with atomic_output(out, folder=True, owns=_spacy_file, keep_others=True) as folder:
                part = plan_and_write(project, [i for i in doc_ids if i in train_ids],
                                      [i for i in doc_ids if i not in train_ids], plan, folder / TRAIN_FILE,
                                      folder / DEV_FILE, workers=two, progress=planning, cancel=cancel)
                if part is None:
                    raise _Cancelled
                (folder / CONFIG_FILE).write_text(nlp_config.config_text(seed=seed, user_words=words),
                                                  encoding="utf-8")
                (folder / nlp_config.CODE_FILE_NAME).write_text(nlp_config.code_file_text(), encoding="utf-8")
        except _Cancelled:
            report.cancelled = True
            return report
    report = part.report
    report.out_dir, report.user_words = str(out), len(words)
    report.entities_not_placed = sum(g["count"] for g in report.not_placed.values())
    report.entities_adjusted = sum(g["count"] for g in report.adjusted.values())
    report.relations_not_placed = sum(g["count"] for g in report.relation_problems.values())
    report.labels = dict(part.labels)
    report.train_documents, report.dev_documents = len(part.train), len(part.dev)
    if report.documents == 1:
        # spaCy needs a non-empty dev set; with one document it serves as both (plan_and_write wrote it twice).
        report.train_documents = report.dev_documents = 1
        report.notes.append("only one document: it is used for both train and dev")
    if report.documents == 0:
        report.notes.append(f"no documents with status {status!r}: nothing to train on" + (" (--status all exports every document)" if status == "done" else ""))
    report.files = [str(out / name) for name in (TRAIN_FILE, DEV_FILE, CONFIG_FILE, nlp_config.CODE_FILE_NAME)]
    if progress is not None:
        progress(1.0, f"{report.documents} documents exported")
    return report


class _Cancelled(Exception):
    """Raised inside the atomic output when the export is cancelled: nothing is written."""


def _plan(project, ids, status, include_boilerplate, layer, analyser, tokens, vocab, train_ids, progress, cancel,
          total):
    """The rows of the documents ids (in that order) and their report; None when cancelled."""
    from annotator.nlp.docbin_stream import StreamingDocBin
    from annotator.nlp.spacy_parts import Part

    part = Part(StreamingDocBin(store_user_data=True), StreamingDocBin(store_user_data=True), SpacyExportReport())
    for i, item in enumerate(iter_export_docs(project, status=status, include_boilerplate=include_boilerplate,
                                              doc_ids=ids, tokenize_ahead=True, layer=layer, analyser=analyser,
                                              tokens=tokens, scoped=True, canonical=False)):
        if cancel is not None and cancel():
            return None
        _add_document(part.report, part.labels, item, vocab, analyser, train_ids, part.train, part.dev)
        if progress is not None and (i % 25 == 0 or i + 1 == len(ids)):
            progress((i + 1) / max(len(ids), 1), f"{i + 1}/{total} documents")
    return part


def _add_document(report, labels, item, vocab, analyser, train_ids, train_bin, dev_bin) -> None:
    from annotator.nlp.gold import ALL_SPANS_KEY, plan_gold, token_columns

    target = train_bin if item.doc.id in train_ids else dev_bin
    user_data = {"relations": [], "annotator_doc_id": item.doc.id}
    if item.doc.ext_id:
        user_data["annotator_ext_id"] = item.doc.ext_id
    if not item.spans and not item.relations:  # nothing to place: the tokens' texts and spaces are the row
        words, spaces = token_columns(item.text, analyser=analyser)
        target.add_words(vocab, words, spaces, (), {ALL_SPANS_KEY: []}, user_data)
        report.documents += 1
        return
    # The DocBin row of build_gold_doc's Doc, written without making the Doc (see StreamingDocBin.add_tokens)
    plan = plan_gold(item.text, item.spans, item.relations, analyser=analyser)
    outcome = plan.outcome
    user_data["relations"] = plan.relations
    target.add_tokens(vocab, plan.tokens, plan.ents, {ALL_SPANS_KEY: plan.all_spans}, user_data)
    report.documents += 1
    report.entities_total += len(item.spans)
    report.entities_exported += outcome.exported
    report.entities_split += outcome.split
    labels.update(ent.label_ for ent in plan.ents)
    if len(report.split_examples) < _EXAMPLES_PER_REASON:
        report.split_examples.extend(outcome.split_examples[: _EXAMPLES_PER_REASON - len(report.split_examples)])
    for reason, example in outcome.not_placed:
        _add_problem(report.not_placed, reason, example)
    for reason, example in outcome.adjusted:
        _add_problem(report.adjusted, reason, example)
    report.relations_total += len(item.relations)
    report.relations_exported += outcome.relations_exported
    for reason, example in outcome.relations_not_placed:
        _add_problem(report.relation_problems, reason, example)


def export(project, *, out, status: str = "done", include_boilerplate: bool = False, doc_ids=None,
           progress=None, cancel=None, layer: str | None = None, workers: int = 1):
    """The common exporter interface (annotator.io.exporters): `out` is the output folder."""
    from annotator.io.exporters import ExportReport

    report = export_spacy(project, out_dir=out, status=status, include_boilerplate=include_boilerplate,
                          doc_ids=doc_ids, progress=progress, cancel=cancel, layer=layer, workers=workers)
    problems = [f"{reason}: {info['count']} (e.g. {info['examples'][0]})"
                for groups in (report.not_placed, report.adjusted, report.relation_problems)
                for reason, info in groups.items()]
    if report.entities_split:
        problems.append(f"{report.entities_split} entities ended inside a token, which was split there")
    problems.extend(report.notes)
    return ExportReport("spacy", Path(report.out_dir), documents=report.documents, spans=report.entities_exported,
                        relations=report.relations_exported, problems=problems, cancelled=report.cancelled)
