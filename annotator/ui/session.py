"""The editing session of one open project: the open document's state, active label, undo stack and signals.

The session owns the open document: its text, the entities and relations of every layer and its lines
(core.document_state.DocumentState, read once when the document opens). Every edit goes through here. The
Project call happens first, in one transaction; a refusal (AnnotationError: overlap, a relation the scheme
does not allow, ...) becomes a `message` and pushes nothing. A success is already committed to SQLite when the
command reaches the undo stack, so nothing can be lost by closing the window. What it changed is an
AnnotationDelta: the session applies it to the state, then emits it with annotations_changed, and every view
updates from it without reading the store again.

The reviewer edits their own layer; other layers (other reviewers', imports') are shown read-only and can be
copied into their own (copy_spans). In adjudication mode (ui/adjudication.py sets `gold`) the edited layer is
the gold layer: new entities and copies go there, through the adjudicator's undoable actions.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.delta import AnnotationDelta
from annotator.core.document_state import DocumentState
from annotator.core.model import Document, Relation, Span
from annotator.store import OverlapError, Project, ProjectError
from annotator.ui.occurrences import find_unlabelled_occurrences
from annotator.ui.wording import counted
from annotator.ui.undo import (
    _tr,
    AddRelationCommand,
    AddSpansCommand,
    ArticleMetaCommand,
    DeleteRelationCommand,
    DeleteSpanCommand,
    LineOverrideCommand,
    StatusCommand,
    UpdateSpanCommand,
)


def refusal_text(exc: ProjectError) -> str:
    """The store's reason for refusing an edit, in the UI language where the app knows it (the store speaks English,
    for the CLI too)."""
    if isinstance(exc, OverlapError):
        return _tr("it overlaps the %1 entity at %2–%3; entities cannot overlap").replace("%1", exc.label) \
            .replace("%2", str(exc.start)).replace("%3", str(exc.end))
    return str(exc)


class Session(QObject):
    document_changed = Signal(int)  # current document id changed (state holds it)
    # doc id, AnnotationDelta: spans/relations/line overrides edited (committed, and applied to state when
    # it is the open document)
    annotations_changed = Signal(int, object)
    status_changed = Signal(int, str)  # doc id, new status
    scheme_changed = Signal()
    message = Signal(str)  # user-facing status bar text (refusals like overlap, errors)
    saved = Signal()  # emitted after every successful commit
    active_label_changed = Signal(str)
    layers_shown_changed = Signal(bool)  # other layers shown (True) or hidden in every view
    article_meta_changed = Signal(int)  # a document's date or outlet was corrected, undone or redone
    relation_restored = Signal(int)  # an undo or redo brought this relation back: the views select and show it
    # An undo brought back a deleted entity (id) with its relations (ids): the article selects the entity, the
    # relation list its relations.
    entity_restored = Signal(int, list)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.scheme = project.scheme()
        self.active_label: str | None = self.scheme.entities[0].name if self.scheme.entities else None
        self.doc_id: int | None = None
        # The current document as read when it was opened: its text never changes (status and title may).
        self.document: Document | None = None
        self.state = DocumentState()  # the open document's annotations; views read it, deltas patch it
        # The Kiwi analyses of this project's lines, with its user words (KoreanAnalyser). The UI's Kiwi worker
        # fills it (morphology.MorphologyClient), so this one never builds a Kiwi of its own.
        from annotator.core.korean import KoreanAnalyser

        self.analyser = KoreanAnalyser()
        self._started: set[int] = set()  # documents known not to be 'new' any more
        self.gold = None  # the Adjudicator while adjudicating: the gold layer is the one edited

    # navigation -------------------------------------------------------------------------------------
    def open_document(self, doc_id: int) -> None:
        if doc_id == self.doc_id:
            return
        self._load(doc_id)  # raises ProjectError for a bad id before anything changes
        self.document_changed.emit(doc_id)

    def _load(self, doc_id: int) -> None:
        project = self.project
        document = project.document(doc_id)
        # The reviewer starts from the document's imported labels, as editable as their own (once).
        try:
            if self.gold is None:
                project.start_from_imports(doc_id)
        except ProjectError as exc:  # e.g. the file is locked: the imported labels stay read-only for now
            self.message.emit(str(exc))
        spans, relations = project.spans(doc_id, all_layers=True), project.relations(doc_id, all_layers=True)
        segments = project.segments(doc_id)
        self.doc_id, self.document = doc_id, document
        from annotator.core.layers import GOLD_NAME

        edit_layer = GOLD_NAME if self.gold is not None else project.layer_name
        self.state.load(doc_id, document.text, edit_layer, spans, relations, segments)

    def reload_document(self) -> None:
        """Read the open document again (after a change made outside the session: a scheme rename, a worker)."""
        if self.doc_id is not None:
            self._load(self.doc_id)
            self.document_changed.emit(self.doc_id)

    def forget_history_of(self, doc_ids) -> bool:
        """Clear the undo history when it holds edits of any of doc_ids (changed outside the session, e.g. by a
        merge: its commands name span ids the change may have replaced); True if it did."""
        changed = set(doc_ids)
        stack = self.undo_stack
        if any(getattr(stack.command(i), "doc_id", None) in changed for i in range(stack.count())):
            stack.clear()
            return True
        return False

    def set_active_label(self, name: str) -> None:
        if self.scheme.entity(name) is None:
            self.message.emit(_tr("Unknown label %1").replace("%1", name))
            return
        if name != self.active_label:
            self.active_label = name
            self.active_label_changed.emit(name)

    # spans ------------------------------------------------------------------------------------------
    def add_span(self, start: int, end: int, label: str) -> Span | None:
        doc_id = self._require_doc()
        if doc_id is None:
            return None
        if self.gold is not None:
            return self.gold.add_span(start, end, label)
        try:
            span = self.project.add_span(doc_id, start, end, label)
        except ProjectError as exc:
            self.message.emit(_tr("Not labelled: %1").replace("%1", refusal_text(exc)))
            return None
        self._push(AddSpansCommand(self, doc_id, [span], _tr("label %1").replace("%1", label)), AnnotationDelta(added_spans=(span,)))
        return span

    def _editable(self, span_id: int) -> bool:
        """False (with a message) for an entity of another layer, which this reviewer sees read-only."""
        other = self.state.other_by_id.get(span_id)
        if other is None:
            return True
        text = (_tr("The %1 entity belongs to the layer %2, read-only here; take it into gold (C) to change it")
                if self.gold is not None else
                _tr("The %1 entity belongs to the layer %2, read-only here; copy it into your layer (C) to change it"))
        self.message.emit(text.replace("%1", other.label).replace("%2", other.layer))
        return False

    def copy_spans(self, span_ids: list[int]) -> list[Span]:
        """Copy entities of other layers into the reviewer's own (with the relations among them); one undo step."""
        if self.gold is not None:
            return self.gold.take_spans(span_ids)
        try:
            spans, relations = self.project.copy_spans(span_ids)
        except ProjectError as exc:
            self.message.emit(_tr("Not copied: %1").replace("%1", refusal_text(exc)))
            return []
        if not spans:
            self.message.emit(_tr("Already in your layer"))
            return []
        self._push(AddSpansCommand(self, spans[0].doc_id, spans, _tr("copy %1 entities into my layer").replace("%1", str(len(spans))),
                                   relations),
                   AnnotationDelta(added_spans=tuple(spans), added_relations=tuple(relations)))
        return spans

    def set_show_other_layers(self, on: bool) -> None:
        """Show or hide the other layers' entities in every view (hidden: each reviewer labels unbiased)."""
        if on == self.state.show_others:
            return
        self.state.show_others = on
        self.state.set_other_layers(self.state.all_other_spans, self.state._all_other_relations)
        self.layers_shown_changed.emit(on)

    def copy_layer(self, layer: str) -> list[Span]:
        """Copy every entity of another layer of the open document into the reviewer's own."""
        ids = [s.id for s in self.state.all_other_spans if s.layer == layer]  # with those already copied
        return self.copy_spans(ids) if ids else []

    def delete_span(self, span_id: int) -> None:
        if not self._editable(span_id):
            return
        try:
            links = self.project.span_entity_links([span_id])  # an undo puts the canonical link back
            span, relations = self.project.delete_span(span_id)
        except ProjectError as exc:
            self.message.emit(str(exc))
            return
        self._push(DeleteSpanCommand(self, span, relations, links),
                   AnnotationDelta(removed_spans=(span,), removed_relations=tuple(relations)))
        if relations:
            self.message.emit(counted(len(relations), _tr("Deleted the %1 entity and 1 relation"),
                                      _tr("Deleted the %1 entity and %n relations")).replace("%1", span.label))

    def change_span_label(self, span_id: int, label: str) -> None:
        self._update_span(span_id, _tr("relabel as %1").replace("%1", label), label=label)

    def resize_span(self, span_id: int, start: int, end: int) -> None:
        self._update_span(span_id, _tr("adjust entity boundaries"), start=start, end=end, mergeable=True)

    def _update_span(self, span_id: int, text: str, *, mergeable: bool = False, **change) -> None:
        if not self._editable(span_id):
            return
        try:
            before, after = self.project.update_span(span_id, **change)
        except ProjectError as exc:
            self.message.emit(_tr("Not changed: %1").replace("%1", refusal_text(exc)))
            return
        if before == after:
            return
        self._push(UpdateSpanCommand(self, before, after, text, mergeable=mergeable),
                   AnnotationDelta(added_spans=(after,), removed_spans=(before,)))

    def label_all_occurrences(self, span_id: int, *, whole_project: bool = False) -> int:
        """Label every unlabelled occurrence of the span's text (this article, or every article); one undo step."""
        if self.gold is not None:
            self.message.emit(_tr("Label all occurrences works on your own layer, not while adjudicating"))
            return 0
        try:
            span = self.project.span(span_id)
            needle = self.project.document(span.doc_id).text[span.start : span.end]
            doc_ids = self.project.search(needle) if whole_project else []
        except ProjectError as exc:
            self.message.emit(str(exc))
            return 0
        doc_ids = [span.doc_id] + [d for d in doc_ids if d != span.doc_id]
        created: list[Span] = []
        with_hits = 0
        for doc_id in doc_ids:
            try:
                text = self.project.document(doc_id).text
                ranges = find_unlabelled_occurrences(text, needle, self.project.spans(doc_id, self.project.layer_name))
                if ranges:
                    created += self.project.add_spans(doc_id, [(s, e, span.label) for s, e in ranges])
                    with_hits += 1
            except ProjectError as exc:  # the documents done so far stay labelled (and undoable)
                self.message.emit(_tr("Label all occurrences stopped at document %1: %2").replace("%1", str(doc_id))
                                  .replace("%2", refusal_text(exc)))
                break
        if not created:
            self.message.emit(_tr("No other unlabelled “%1” found").replace("%1", needle))
            return 0
        self._push(AddSpansCommand(self, span.doc_id, created, _tr("label all “%1” as %2").replace("%1", needle).replace("%2", span.label)),
                   AnnotationDelta(added_spans=tuple(created)))
        text = _tr("Labelled %1 more “%2” as %3 in %4 documents") if whole_project else \
            _tr("Labelled %1 more “%2” as %3")
        self.message.emit(text.replace("%1", str(len(created))).replace("%2", needle).replace("%3", span.label)
                          .replace("%4", str(with_hits)))
        for doc_id in {s.doc_id for s in created} - {span.doc_id}:
            self._emit_annotations(doc_id, AnnotationDelta(added_spans=tuple(created)))
        return len(created)

    # relations --------------------------------------------------------------------------------------
    def add_relation(self, head_id: int, tail_id: int, label: str) -> Relation | None:
        try:
            relation = self.project.add_relation(head_id, tail_id, label)
        except ProjectError as exc:
            self.message.emit(_tr("No relation: %1").replace("%1", refusal_text(exc)))
            return None
        self._push(AddRelationCommand(self, relation), AnnotationDelta(added_relations=(relation,)))
        return relation

    def delete_relation(self, relation_id: int) -> None:
        try:
            relation = self.project.delete_relation(relation_id)
        except ProjectError as exc:
            self.message.emit(str(exc))
            return
        self._push(DeleteRelationCommand(self, relation), AnnotationDelta(removed_relations=(relation,)))

    # lines and status -------------------------------------------------------------------------------
    def set_line_override(self, line_no: int, kind: str | None) -> None:
        doc_id = self._require_doc()
        if doc_id is None:
            return
        try:
            before = self.project.set_line_override(doc_id, line_no, kind)
        except ProjectError as exc:
            self.message.emit(str(exc))
            return
        if before != kind:
            self._push(LineOverrideCommand(self, doc_id, line_no, before, kind),
                       AnnotationDelta(line_overrides=((line_no, kind),)))
        else:
            self.saved.emit()

    def set_status(self, status: str, doc_id: int | None = None) -> None:
        doc_id = self.doc_id if doc_id is None else doc_id
        if doc_id is None:
            return
        try:
            before = self.project.set_status(doc_id, status)
        except ProjectError as exc:
            self.message.emit(str(exc))
            return
        if status != "new":
            self._started.add(doc_id)
        self.saved.emit()
        if before != status:
            self.undo_stack.push(StatusCommand(self, doc_id, before, status))
            self.status_changed.emit(doc_id, status)

    def set_article_meta(self, doc_id: int, *, published: str | None = None, outlet: str | None = None) -> bool:
        """Correct an article's date and/or outlet (committed at once; one undo step). Raises ProjectError
        when the store refuses it (not a date), for the document list to show; False when nothing changed."""
        before = self.project.set_article_meta(doc_id, published=published, outlet=outlet)
        after = self.project.article_info(doc_id)
        if after == before:
            return False
        what = _tr("set the article date") if published is not None else _tr("set the article outlet")
        self.undo_stack.push(ArticleMetaCommand(self, doc_id, before, after, what))
        self.saved.emit()
        self.article_meta_changed.emit(doc_id)
        return True

    # scheme -----------------------------------------------------------------------------------------
    def save_scheme(self, scheme, **renames_and_flags) -> None:
        """Save a new scheme (Project.save_scheme: renames=, relation_renames=, delete_used=).

        Raises ProjectError (e.g. a used label dropped without delete_used) for the dialog to show.
        When label names change the undo history is cleared, since its commands name the old labels.
        """
        old_names = {e.name for e in self.scheme.entities} | {r.name for r in self.scheme.relations}
        self.project.save_scheme(scheme, **renames_and_flags)
        self.scheme = self.project.scheme()
        new_names = {e.name for e in self.scheme.entities} | {r.name for r in self.scheme.relations}
        if new_names != old_names:
            self.undo_stack.clear()
        if self.active_label is not None and self.scheme.entity(self.active_label) is None:
            renamed = renames_and_flags.get("renames", {}) or {}
            first = self.scheme.entities[0].name if self.scheme.entities else None
            self.active_label = renamed.get(self.active_label, first)
            self.active_label_changed.emit(self.active_label or "")
        if self.doc_id is not None:  # renamed labels: the state's spans carry the new names
            self._load(self.doc_id)
        self.saved.emit()
        self.scheme_changed.emit()

    def scheme_updated(self) -> None:
        """The scheme changed outside the session (a worker import added labels): read it and tell the views."""
        self.scheme = self.project.scheme()
        if self.active_label is None and self.scheme.entities:
            self.active_label = self.scheme.entities[0].name
            self.active_label_changed.emit(self.active_label)
        self.scheme_changed.emit()

    # plumbing ---------------------------------------------------------------------------------------
    def edited(self, doc_id: int, *, via_undo: bool = False, annotations: bool = True,
               delta: AnnotationDelta | None = None) -> None:
        """Called after every committed edit (first action, undo or redo)."""
        self.saved.emit()
        if via_undo and doc_id != self.doc_id:
            try:
                self.open_document(doc_id)  # show the reviewer what the undo changed (read after it)
            except ProjectError:
                pass
        if annotations:
            self._emit_annotations(doc_id, delta or AnnotationDelta())
            if not via_undo and self.gold is None:  # gold keeps a status of its own
                self._mark_started(doc_id)

    def _mark_started(self, doc_id: int) -> None:
        """A first edit moves a document from 'new' to 'in progress' (not an undo step of its own)."""
        if doc_id in self._started:
            return
        self._started.add(doc_id)
        try:
            if self.project.status(doc_id) == "new":
                self.project.set_status(doc_id, "in_progress")
                self.status_changed.emit(doc_id, "in_progress")
        except ProjectError as exc:
            self.message.emit(str(exc))

    def _emit_annotations(self, doc_id: int, delta: AnnotationDelta) -> None:
        """Apply the edit to the open document's state, then tell the views what it was."""
        delta = delta.for_doc(doc_id)
        if doc_id == self.doc_id:
            self.state.apply(delta)
        self.annotations_changed.emit(doc_id, delta)

    def push_edit(self, command, delta: AnnotationDelta) -> None:
        """An edit already committed by another view's model (the suggestion review): onto the undo stack, and
        to every view."""
        self._push(command, delta)

    def _push(self, command, delta: AnnotationDelta) -> None:
        doc_id = command.doc_id  # a merged command is deleted by the stack: read first
        self.undo_stack.push(command)  # its first redo is a no-op: the action is already committed
        self.edited(doc_id, delta=delta)

    def _require_doc(self) -> int | None:
        if self.doc_id is None:
            self.message.emit(_tr("Open a document first"))
        return self.doc_id
