"""Suggested relations in the article view (README-facing):

- A suggested relation is drawn as a dashed arc with a dashed, unfilled label box ("직위?"), apart from the solid
  arcs of relations. Hover it for its type, source and score; the score threshold above the text hides those
  scored lower, as it does for entity suggestions.
- Tab / Shift+Tab reach suggested relations too, in text order with the entity suggestions (a relation where its
  first end starts; at one place the entity suggestion comes first). On the current one (thick dashed arc), Enter
  accepts it (a relation of your layer) and Backspace or Delete rejects it; a click on its arc or label accepts it.
  R on it (or right-click ▸ Accept as) accepts it as another type the scheme allows between its ends; its own type
  is then remembered as rejected, so the rules do not propose it again.
- Suggestions ▸ "Suggest relations between my entities" turns them on (off by default: their measured precision is
  modest). While on, the open document's candidates are recomputed from your entities whenever they change (a
  label, an accepted entity suggestion, an undo), and the background worker writes them for the next documents.
- Each decision is one undo step, committed at once; a rejected one is never proposed again for the document.
- Recomputing runs on a worker thread (computed and written there): the window never waits for candidates.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.core.delta import AnnotationDelta
from annotator.core.suggestions import StoredRelationSuggestion
from annotator.store import ProjectError
from annotator.ui.relation_suggestions import AcceptRelationSuggestionsCommand, RejectRelationSuggestionsCommand
from annotator.ui.wording import source_text

if TYPE_CHECKING:
    from annotator.ui.article_view import ArticleEditor

RECOMPUTE_DELAY_MS = 200  # after the last entity change: a run of edits recomputes once, never inside a key press


def text_position(s: StoredRelationSuggestion) -> int:
    """Where Tab finds a candidate: the start of its first end in the text."""
    return min(s.head[0], s.tail[0])


class RelationCandidateReview(QObject):
    """The open document's pending relation candidates: what is shown, the current one, decisions, recomputing."""

    changed = Signal()  # the shown candidates changed
    current_changed = Signal(int)  # the current candidate's id, -1 for none

    def __init__(self, editor: "ArticleEditor") -> None:
        super().__init__(editor)
        self.editor = editor
        self.session = editor.session
        self.enabled = False  # the switch: compute, draw and list them
        self.threshold = 0.0
        self.all: list[StoredRelationSuggestion] = []  # pending in the store, in text order
        self.visible: list[StoredRelationSuggestion] = []
        self.by_id: dict[int, StoredRelationSuggestion] = {}
        self._positions: list[tuple[int, int]] = []  # (text position, id) of the visible ones
        self.current_id: int | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOMPUTE_DELAY_MS)
        self._timer.timeout.connect(self.recompute)
        self._worker = None  # RelationRecomputer, started on the first recompute
        self._serial = self._answered = 0  # requests made / answered
        self._decisions = self._asked_at_decision = 0  # decisions made here / when the last request was made
        # Before the editor's own slot: the arcs are planned from these when the new text is laid out.
        self.session.document_changed.connect(self._document_opened)
        self.session.annotations_changed.connect(self._annotations_changed)
        self.session.scheme_changed.connect(self.reload)

    # reading ----------------------------------------------------------------------------------------
    def _document_opened(self, _doc_id: int) -> None:
        self.current_id = None
        self._load(refresh_view=False)  # the editor lays the new text out after this
        if self.enabled:
            self._timer.start()  # the file's candidates may predate the last edits: compute them afresh

    def reload(self) -> None:
        """Read the open document's candidates again (after a decision, its undo, a worker's write)."""
        self._decisions += 1  # a result of a request made before this reads the store again (it may be older)
        self._load()

    def _load(self, *, refresh_view: bool = True) -> None:
        doc_id = self.session.doc_id
        found: list[StoredRelationSuggestion] = []
        if doc_id is not None:
            try:
                found = self.session.project.relation_suggestions(doc_id)
            except ProjectError as exc:
                self.session.message.emit(str(exc))
        self.all = sorted(found, key=lambda s: (text_position(s), s.id))
        self._choose(refresh_view)

    def _choose(self, refresh_view: bool = True, *, only_if_changed: bool = False) -> None:
        state = self.session.state
        related = {(r.head_id, r.tail_id, r.label) for r in state.relations}
        before = self.visible
        self.visible = [s for s in self.all if self.enabled and s.score >= self.threshold
                        and s.head_id in state.by_id and s.tail_id in state.by_id
                        and (s.head_id, s.tail_id, s.label) not in related] if self.session.doc_id is not None else []
        if only_if_changed and self.visible == before:
            return  # most edits: nothing to redraw here (the editor re-plans the arcs of what it changed)
        self.by_id = {s.id: s for s in self.visible}
        self._positions = [(text_position(s), s.id) for s in self.visible]
        if self.current_id not in self.by_id:
            self.current_id = None
        if refresh_view:
            self.editor.view.arc_layout.refresh()
            self.editor.view.viewport().update()
        self.changed.emit()

    def hidden_by_switch(self) -> int:
        return len(self.all) if not self.enabled else 0

    def hidden_below_threshold(self) -> int:
        return sum(1 for s in self.all if s.score < self.threshold) if self.enabled else 0

    def set_threshold(self, threshold: float) -> None:
        self.threshold = threshold
        self._choose()

    def set_enabled(self, on: bool) -> None:
        self.enabled = bool(on)
        self._choose()
        if self.enabled:
            self.recompute()

    def _annotations_changed(self, doc_id: int, delta) -> None:
        if doc_id != self.session.doc_id:
            return
        own = self.session.state.edit_layer
        entities_changed = any(s.layer == own for s in delta.added_spans + delta.removed_spans)
        if entities_changed or delta.added_relations or delta.removed_relations:
            if delta.removed_spans and self.all:
                self._load()  # the store dropped the candidates of a deleted entity with it
            else:
                self._choose(only_if_changed=True)  # a relation made by hand hides its candidate at once
            if self.enabled:
                self._timer.start()

    # recomputing (on a worker thread: relation_recompute.py) ------------------------------------------
    def stop(self) -> None:
        """No recomputing after this (the window closes its project); waits for a write under way."""
        self.enabled = False
        self._timer.stop()
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    def recompute(self) -> None:
        """Ask for candidates between the reviewer's entities of the open document: the worker computes and writes
        them (those rejected before, or already relations, are left out there) and the view follows when they
        arrive. Rules over the text alone, no Kiwi; here only a snapshot is taken."""
        from annotator.ui.relation_recompute import RecomputeRequest, RelationRecomputer

        self._timer.stop()
        doc_id, state, project = self.session.doc_id, self.session.state, self.session.project
        if doc_id is None or not self.enabled:
            return
        kinds = tuple(state.segments[n].effective_kind if n in state.segments else "unclassified"
                      for n in range(1, state.line_count() + 1))
        self._serial += 1
        self._asked_at_decision = self._decisions
        if self._worker is None:
            worker = self._worker = RelationRecomputer(project.path)
            worker.computed.connect(self._computed)
            self.destroyed.connect(lambda *_: worker.stop())  # the view closed without stop()
        self._worker.submit(RecomputeRequest(
            self._serial, doc_id, project.reviewer, project.reviewer_uid, self.session.scheme, state.text,
            tuple(state.spans), None if "unclassified" in kinds else kinds))

    def recomputing(self) -> bool:
        """Whether a request is still being done (the bench and tests wait for this)."""
        return self._worker is not None and (not self._worker.idle() or self._answered < self._serial)

    def _computed(self, result) -> None:
        self._answered = max(self._answered, result.serial)
        if result.doc_id != self.session.doc_id or not self.enabled:
            return  # another document is open now: its own request follows its opening
        if result.error:
            if not result.stale:
                self.session.message.emit(self.tr("Relation suggestions not updated: {0}").format(result.error))
            return  # stale: the edit that made it so has asked again
        if self._decisions != self._asked_at_decision:
            self._load()  # a decision since the request: the store, not the worker's read, is current
            return
        self.all = sorted(result.pending, key=lambda s: (text_position(s), s.id))
        self._choose()

    # current and navigation -------------------------------------------------------------------------
    def current(self) -> StoredRelationSuggestion | None:
        return self.by_id.get(self.current_id) if self.current_id is not None else None

    def set_current(self, candidate_id: int | None, *, reveal: bool = False) -> None:
        if candidate_id is not None:  # current instead of a selected entity or relation (their keys go to it)
            self.editor._set_selected_span(None)
            self.editor._set_selected_relation(None)
        changed = candidate_id != self.current_id
        self.current_id = candidate_id
        if reveal and candidate_id is not None:
            self.editor.reveal_caret_at(text_position(self.by_id[candidate_id]))
        if changed:
            self.editor.view.arc_layout.refresh()  # in "selected" arc mode the current one is the one shown
            self.editor.view.viewport().update()
            self.current_changed.emit(-1 if candidate_id is None else candidate_id)

    def stops(self) -> list[tuple[int, int, int]]:
        """(text position, 1, id) of each shown candidate: Tab's stops beside the entity suggestions' (kind 0)."""
        return [(pos, 1, sid) for pos, sid in self._positions]

    def first_at_or_after(self, pos: int) -> StoredRelationSuggestion | None:
        i = bisect_left(self._positions, (pos, -1))
        return self.by_id[self._positions[i][1]] if i < len(self._positions) else None

    # decisions --------------------------------------------------------------------------------------
    def accept(self, ids: list[int], label: str | None = None, *, what: str = "") -> int:
        """Make relations of the candidates (label: of that type instead of their own; one undo step, committed
        at once)."""
        project = self.session.project
        labels = {i: label for i in ids} if label else {}

        def decide(doc_id):
            taken, created = project.accept_relation_suggestions(ids, labels)
            return taken, AcceptRelationSuggestionsCommand(
                self.session, doc_id, taken, created, what or self.tr("accept {0} suggested relations").format(
                    len(taken)), self.reload, labels), AnnotationDelta(added_relations=tuple(created))

        return self._decide(ids, decide, self.tr("Not accepted: {0}"), self.tr("Accepted the suggested {0} relation"),
                            self.tr("Accepted {0} suggested relations"), label)

    def reject(self, ids: list[int], *, what: str = "") -> int:
        """Reject the candidates: never proposed again for the document (one undo step, committed at once)."""
        project = self.session.project

        def decide(doc_id):
            rejected = project.reject_relation_suggestions(ids)
            return rejected, RejectRelationSuggestionsCommand(
                self.session, doc_id, rejected, what or self.tr("reject {0} suggested relations").format(
                    len(rejected)), self.reload), AnnotationDelta()

        return self._decide(ids, decide, self.tr("Not rejected: {0}"), self.tr("Rejected the suggested {0} relation"),
                            self.tr("Rejected {0} suggested relations"))

    def _decide(self, ids: list[int], decide, failed: str, one: str, several: str, label: str | None = None) -> int:
        doc_id = self.session.doc_id
        if doc_id is None or not ids:
            return 0
        try:
            decided, command, delta = decide(doc_id)
        except ProjectError as exc:  # e.g. an entity deleted elsewhere: show what is pending now
            self.session.message.emit(failed.format(exc))
            self.reload()
            return 0
        self.reload()
        self.session.push_edit(command, delta)
        self.session.message.emit(one.format(label or decided[0].label) if len(decided) == 1
                                  else several.format(len(decided)))
        return len(decided)

    def accept_one(self, candidate_id: int, label: str | None = None) -> int:
        """Accept one candidate, as `label` when given (another type the scheme allows between its ends)."""
        s = self.by_id.get(candidate_id)
        if s is None:
            return 0
        if label and label != s.label:
            return self.accept([candidate_id], label, what=self.tr("accept {0} suggestion as {1}").format(
                s.label, label))
        return self.accept([candidate_id], what=self.tr("accept {0} suggestion").format(s.label))

    def other_types(self, candidate_id: int) -> list:
        """The relation types the scheme allows between the candidate's ends (RelationLabel values), its own
        among them."""
        s = self.by_id.get(candidate_id)
        return list(self.session.scheme.allowed_relations(s.head[2], s.tail[2])) if s else []

    def accept_as_chosen(self, candidate_id: int, where) -> int:
        """R on a candidate: choose its type from those allowed between its ends (the menu a relation made by
        hand offers), and accept it as that."""
        s = self.by_id.get(candidate_id)
        if s is None:
            return 0
        name = self.editor.relation_chooser(self.editor, self.other_types(candidate_id), s.head[2], s.tail[2], where)
        return self.accept_one(candidate_id, name) if name else 0

    def reject_one(self, candidate_id: int) -> int:
        s = self.by_id.get(candidate_id)
        return self.reject([candidate_id], what=self.tr("reject {0} suggestion").format(s.label)) if s else 0

    def accept_all(self, min_score: float = 0.0) -> int:
        """Every shown candidate scored at least min_score (all of them at 0), one undo step."""
        return self.accept([s.id for s in self.visible if s.score >= min_score],
                           what=self.tr("accept all suggested relations"))

    def reject_all(self) -> int:
        return self.reject([s.id for s in self.visible], what=self.tr("reject all suggested relations"))

    # words ------------------------------------------------------------------------------------------
    def arc_text(self, label: str) -> str:
        relation = self.session.scheme.relation(label)
        return (relation.display if relation is not None and relation.display else label) + "?"

    def tooltip(self, candidate_id: int) -> str:
        s = self.by_id.get(candidate_id)
        if s is None:
            return ""
        text = self.session.state.text
        relation = self.session.scheme.relation(s.label)
        name = f"{s.label} {relation.display}" if relation is not None and relation.display else s.label
        detail = f" · {s.detail}" if s.detail else ""
        return self.tr("Suggested relation {0}: {1} “{2}” → {3} “{4}”\n{5}, score {6:.2f}{7}\nEnter or a click"
                       " accepts, Backspace rejects").format(
            name, s.head[2], text[s.head[0]:s.head[1]], s.tail[2], text[s.tail[0]:s.tail[1]], source_text(s.source), s.score,
            detail)
