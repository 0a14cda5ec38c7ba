"""Suggestions through a merge (store.team): what the reviewers' files carry of the machine's proposals and of
their decisions on them, never as labels.

- The suggestions of a document (the shared suggestions layer, with source and score) are taken from a source
  whose run on that document is newer than the team file's (suggestion_runs), replacing the team file's: the
  newest run wins, whole, so the layer stays flat. Decisions do not remove suggestions (each reviewer's own), so
  a source's layer is its run's output. A run as old as the team file's is left out: a hand-out file holds the
  team file's run with its time, and what the reviewer decided on it comes back as entities of their layer and
  as rejections (taking it again would only give its suggestions new ids); an older one is the team file's to keep.
- Rejections, of entity suggestions and of relation candidates, are added for the reviewer who made them (mapped
  like their layer); one from before rejections were per reviewer stays everyone's.
- A reviewer's pending relation candidates link their own entities: they come with that reviewer's layer of a
  document when the merge writes it (the app recomputes the others' from the entities anyway).
- A file's predicted relations (Label Studio's, kept by their ends' offsets and labels for every reviewer) are
  added on the project's documents (copy_predicted_relations, for a hand-out too); one the project has already
  (the same document, ends, type and source: the table's UNIQUE key) is kept as the project has it, score and
  time, so two files with the same prediction leave it once. A re-import in the team file stays the last word:
  a file's predictions of a source are not added on a document where the project holds one of that source made
  as late or later.
- A hand-out (hand_out_suggestions) is the same copy into the new, empty file, of its documents only: their
  suggestions with source, score and detail and their runs (times kept: the run is the team file's), the
  predicted relations, and the rejections of the reviewer the file is for and everyone's (reviewer unknown),
  of suggestions and of relation candidates; the reviewer's pending candidates come with their layer. So a Label
  Studio file's predictions, which no run in the hand-out can make again, are decided there and not lost.

All set-based over the stage (store.team_stage), inside the merge's (or the hand-out file's) one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.layers import SUGGESTIONS

_REVIEWER_MAP = ("CREATE TABLE IF NOT EXISTS stage.reviewer_map (src INTEGER, src_id INTEGER, reviewer_id INTEGER"
                 " NOT NULL, PRIMARY KEY (src, src_id)) WITHOUT ROWID")
_NEWER_RUNS = ("CREATE TABLE IF NOT EXISTS stage.suggested_docs (doc_id INTEGER PRIMARY KEY, src_id INTEGER NOT NULL,"
               " sources TEXT NOT NULL, created_at TEXT NOT NULL)")
# a source reviewer's id in the team file; NULL (who rejected it is unknown) stays NULL, one not mapped is left out
_WHO = ("CASE WHEN r.reviewer_id IS NULL THEN NULL ELSE (SELECT v.reviewer_id FROM stage.reviewer_map v"
        " WHERE v.src = r.src AND v.src_id = r.reviewer_id) END")
_KNOWN_WHO = ("(r.reviewer_id IS NULL OR EXISTS (SELECT 1 FROM stage.reviewer_map v WHERE v.src = r.src"
              " AND v.src_id = r.reviewer_id))")


@dataclass
class SuggestionsMerged:
    documents: int = 0  # documents whose suggestions were taken from the source (its run newer)
    suggestions: int = 0
    rejections: int = 0  # entity suggestions' and relation candidates' rejections added
    relation_suggestions: int = 0  # pending candidates that came with a reviewer's layer
    predicted_relations: int = 0  # a file's predicted relations the project did not have


def merge_suggestions(c, target, src: int, reviewers: dict[int, int], suggestions_layer: int | None
                      ) -> SuggestionsMerged:
    """The source's newer suggestion runs and its rejections into the team file (see the module's doc).
    reviewers: source reviewer id → team reviewer id; suggestions_layer: the source's suggestions layer id."""
    done = SuggestionsMerged()
    c.execute(_REVIEWER_MAP)
    c.execute("DELETE FROM stage.reviewer_map")
    c.executemany("INSERT INTO stage.reviewer_map(src, src_id, reviewer_id) VALUES (?,?,?)",
                  [(src, a, b) for a, b in reviewers.items()])
    if suggestions_layer is not None:
        done.documents, done.suggestions = _newer_runs(c, target, src, suggestions_layer)
    args = {"src": src}
    c.execute('INSERT INTO main.rejected_suggestions(doc_id, start, "end", label_id, source, score, reviewer_id,'
              f' created_at) SELECT m.doc_id, r.start, r."end", lm.label_id, r.source, r.score, {_WHO}, r.created_at'
              " FROM stage.rejected_suggestions r JOIN stage.doc_map m ON m.src = r.src AND m.src_id = r.doc_id"
              " JOIN stage.label_map lm ON lm.src = r.src AND lm.src_id = r.label_id"
              f" WHERE r.src = :src AND {_KNOWN_WHO} ORDER BY r.id ON CONFLICT DO NOTHING", args)
    done.rejections += c.execute("SELECT changes()").fetchone()[0]
    c.execute("INSERT INTO main.rejected_relation_suggestions(doc_id, head_start, head_end, head_label_id,"
              " tail_start, tail_end, tail_label_id, label_id, source, score, reviewer_id, created_at)"
              " SELECT m.doc_id, r.head_start, r.head_end, hl.label_id, r.tail_start, r.tail_end, tl.label_id,"
              f" lm.label_id, r.source, r.score, {_WHO}, r.created_at"
              " FROM stage.rejected_relation_suggestions r JOIN stage.doc_map m ON m.src = r.src AND m.src_id = r.doc_id"
              " JOIN stage.label_map hl ON hl.src = r.src AND hl.src_id = r.head_label_id"
              " JOIN stage.label_map tl ON tl.src = r.src AND tl.src_id = r.tail_label_id"
              " JOIN stage.label_map lm ON lm.src = r.src AND lm.src_id = r.label_id"
              f" WHERE r.src = :src AND {_KNOWN_WHO} ORDER BY r.id ON CONFLICT DO NOTHING", args)
    done.rejections += c.execute("SELECT changes()").fetchone()[0]
    done.predicted_relations = copy_predicted_relations(c, src)
    return done


def hand_out_suggestions(c, target, reviewer: str) -> SuggestionsMerged:
    """Into a hand-out file (`target`, new and empty, its documents in stage.doc_map from src 0: the project):
    the suggestions of its documents, their runs, the predicted relations, and the rejections of `reviewer` (by
    name, as the hand-out finds their layer) and everyone's. A merge into a file that has no run yet."""
    theirs = [r[0] for r in c.execute("SELECT id FROM stage.reviewers WHERE src = 0 AND name = ?", (reviewer,))]
    layer = c.execute("SELECT id FROM stage.layers WHERE src = 0 AND kind = ?", (SUGGESTIONS,)).fetchone()
    return merge_suggestions(c, target, 0, dict.fromkeys(theirs, target.reviewer_id), layer and layer[0])


def copy_predicted_relations(c, src: int) -> int:
    """The source's predicted relations on its documents in stage.doc_map (a hand-out's chosen documents, or all
    of a merge's), by the project's label ids; one the project has already is left as it is, and so is the
    project's set for a document where it holds a prediction of the same source made as late or later (a
    re-import in the team file after the hand-out: what it left out stays out). Returns how many were added."""
    c.execute("INSERT INTO main.predicted_relations(doc_id, head_start, head_end, head_label_id, tail_start, tail_end,"
              " tail_label_id, label_id, source, score, created_at)"
              " SELECT m.doc_id, p.head_start, p.head_end, hl.label_id, p.tail_start, p.tail_end, tl.label_id,"
              " lm.label_id, p.source, p.score, p.created_at"
              " FROM stage.predicted_relations p JOIN stage.doc_map m ON m.src = p.src AND m.src_id = p.doc_id"
              " JOIN stage.label_map hl ON hl.src = p.src AND hl.src_id = p.head_label_id"
              " JOIN stage.label_map tl ON tl.src = p.src AND tl.src_id = p.tail_label_id"
              " JOIN stage.label_map lm ON lm.src = p.src AND lm.src_id = p.label_id"
              " WHERE p.src = ? AND NOT EXISTS (SELECT 1 FROM main.predicted_relations t WHERE t.doc_id = m.doc_id"
              " AND t.source = p.source AND t.created_at >= p.created_at)"
              " ORDER BY p.id ON CONFLICT DO NOTHING", (src,))
    return c.execute("SELECT changes()").fetchone()[0]


def _newer_runs(c, target, src: int, layer: int) -> tuple[int, int]:
    c.execute(_NEWER_RUNS)
    c.execute("DELETE FROM stage.suggested_docs")
    c.execute("INSERT INTO stage.suggested_docs(doc_id, src_id, sources, created_at)"
              " SELECT m.doc_id, m.src_id, r.sources, r.created_at FROM stage.suggestion_runs r"
              " JOIN stage.doc_map m ON m.src = r.src AND m.src_id = r.doc_id"
              " LEFT JOIN main.suggestion_runs t ON t.doc_id = m.doc_id"
              " WHERE r.src = ? AND (t.created_at IS NULL OR r.created_at > t.created_at)", (src,))
    documents = c.execute("SELECT changes()").fetchone()[0]
    if not documents:
        return 0, 0
    team_layer = target._suggestions_layer(c)
    c.execute("DELETE FROM main.spans WHERE layer_id = ? AND doc_id IN (SELECT doc_id FROM stage.suggested_docs)",
              (team_layer,))  # their suggestion_info goes by ON DELETE CASCADE
    base = c.execute("SELECT coalesce(max(id), 0) FROM main.spans").fetchone()[0]
    c.execute("DELETE FROM stage.span_map")
    c.execute("INSERT INTO stage.span_map(src_id, span_id) SELECT s.id, ? + row_number() OVER"
              ' (ORDER BY w.doc_id, s.start, s."end", s.id) FROM stage.spans s'
              " JOIN stage.suggested_docs w ON w.src_id = s.doc_id WHERE s.src = ? AND s.layer_id = ?",
              (base, src, layer))
    c.execute('INSERT INTO main.spans(id, doc_id, layer_id, start, "end", label_id, reviewer_id, created_at)'
              ' SELECT p.span_id, w.doc_id, ?, s.start, s."end", lm.label_id, NULL, s.created_at'
              " FROM stage.span_map p JOIN stage.spans s ON s.src = ? AND s.id = p.src_id"
              " JOIN stage.suggested_docs w ON w.src_id = s.doc_id"
              " JOIN stage.label_map lm ON lm.src = s.src AND lm.src_id = s.label_id ORDER BY p.span_id",
              (team_layer, src))
    written = c.execute("SELECT changes()").fetchone()[0]
    c.execute("INSERT INTO main.suggestion_info(span_id, source, score, detail)"
              " SELECT p.span_id, i.source, i.score, i.detail FROM stage.span_map p"
              " JOIN stage.suggestion_info i ON i.src = ? AND i.span_id = p.src_id", (src,))
    c.execute("INSERT OR REPLACE INTO main.suggestion_runs(doc_id, sources, created_at)"
              " SELECT doc_id, sources, created_at FROM stage.suggested_docs")
    return documents, written


def carry_relation_suggestions(c, src: int) -> int:
    """The source's pending relation candidates between the entities of the layer write_layer has just written
    (stage.span_map maps their ends)."""
    c.execute("INSERT INTO main.relation_suggestions(doc_id, head_id, tail_id, label_id, source, score, detail,"
              " created_at) SELECT m.doc_id, h.span_id, t.span_id, lm.label_id, x.source, x.score, x.detail,"
              " x.created_at FROM stage.relation_suggestions x JOIN stage.span_map h ON h.src_id = x.head_id"
              " JOIN stage.span_map t ON t.src_id = x.tail_id"
              " JOIN stage.doc_map m ON m.src = x.src AND m.src_id = x.doc_id"
              " JOIN stage.label_map lm ON lm.src = x.src AND lm.src_id = x.label_id"
              " WHERE x.src = ? ORDER BY x.id ON CONFLICT DO NOTHING", (src,))
    return c.execute("SELECT changes()").fetchone()[0]
