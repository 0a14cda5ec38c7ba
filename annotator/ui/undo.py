"""Undo commands. Each redo/undo calls one Project method, which commits to SQLite at once.

A command is pushed only after its first action succeeded (Session does that action itself, so a refusal
pushes nothing); the first redo() that QUndoStack.push() triggers is therefore skipped. Re-done additions
reuse the ids they first got, so commands further up the stack that refer to them stay valid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from annotator.core.delta import AnnotationDelta
from annotator.core.model import Relation, Span
from annotator.store import ProjectError

if TYPE_CHECKING:
    from annotator.ui.session import Session

RESIZE_COMMAND_ID = 4101



def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # context "": lupdate reads _tr as tr without a class


def _status_text(status: str) -> str:
    """What the Edit menu's Undo / Redo items say after their verb (literals, for lupdate)."""
    texts = {"new": _tr("mark document new"), "in_progress": _tr("mark document in progress"),
             "done": _tr("mark document done"), "skipped": _tr("mark document skipped")}
    return texts.get(status, f"mark document {status}")


def _line_text(line_no: int, kind: str | None) -> str:
    texts = {"content": _tr("mark line %1 as content"), "boilerplate": _tr("mark line %1 as boilerplate"),
             None: _tr("clear the override of line %1")}
    return texts.get(kind, f"mark line %1 as {kind}").replace("%1", str(line_no))

class EditCommand(QUndoCommand):
    """Base: skips the first redo, reports failures instead of raising into Qt, tells the session."""

    def __init__(self, session: "Session", doc_id: int, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.doc_id = doc_id
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self.apply, "redo")

    def undo(self) -> None:
        self._run(self.revert, "undo")

    def _run(self, action, what: str) -> None:
        try:
            delta = action()
        except ProjectError as exc:
            self.setObsolete(True)  # the stack drops a command that can no longer be replayed
            text = _tr("Cannot undo “%1”: %2") if what == "undo" else _tr("Cannot redo “%1”: %2")
            self.session.message.emit(text.replace("%1", self.text()).replace("%2", str(exc)))
            return
        self.notify(delta)

    def notify(self, delta: AnnotationDelta | None) -> None:
        self.session.edited(self.doc_id, via_undo=True, delta=delta or AnnotationDelta())

    def apply(self) -> AnnotationDelta | None:
        """Re-do the edit in the project; returns what changed."""
        raise NotImplementedError

    def revert(self) -> AnnotationDelta | None:
        raise NotImplementedError


class AddSpansCommand(EditCommand):
    """One or more new spans, possibly in several documents (label all occurrences), and relations among
    them (a copy from another layer)."""

    def __init__(self, session, doc_id: int, spans: list[Span], text: str,
                 relations: list[Relation] | None = None) -> None:
        super().__init__(session, doc_id, text)
        self.spans = spans
        self.relations = relations or []
        self.links: list = []  # canonical links made after the spans were added, kept across an undo

    def apply(self) -> AnnotationDelta:
        by_doc: dict[int, list[Span]] = {}
        for s in self.spans:
            by_doc.setdefault(s.doc_id, []).append(s)
        added: list[Span] = []
        for doc_id, spans in by_doc.items():
            added += self.session.project.add_spans(
                doc_id, [(s.start, s.end, s.label) for s in spans], span_ids=[s.id for s in spans]
            )
        relations = tuple(self.session.project.add_relation(r.head_id, r.tail_id, r.label, relation_id=r.id, restore=r)
                          for r in self.relations)
        self.session.project.restore_span_links(self.links)
        return AnnotationDelta(added_spans=tuple(added), added_relations=relations)

    def revert(self) -> AnnotationDelta:
        self.links = self.session.project.span_entity_links([s.id for s in self.spans])
        removed = self.session.project.delete_spans([s.id for s in self.spans])
        return AnnotationDelta(removed_spans=tuple(s for s, _ in removed),
                               removed_relations=tuple(r for _, rels in removed for r in rels))


class DeleteSpanCommand(EditCommand):
    """The span comes back with its relations and its canonical link (read before each delete)."""

    def __init__(self, session, span: Span, relations: list[Relation], links: list | None = None) -> None:
        super().__init__(session, span.doc_id, _tr("delete %1 entity").replace("%1", span.label))
        self.span = span
        self.relations = relations
        self.links = links or []

    def apply(self) -> AnnotationDelta:
        self.links = self.session.project.span_entity_links([self.span.id])
        self.span, self.relations = self.session.project.delete_span(self.span.id)
        return AnnotationDelta(removed_spans=(self.span,), removed_relations=tuple(self.relations))

    def revert(self) -> AnnotationDelta:
        self.session.project.restore_span(self.span, self.relations, self.links)
        return AnnotationDelta(added_spans=(self.span,), added_relations=tuple(self.relations))

    def notify(self, delta: AnnotationDelta | None) -> None:
        super().notify(delta)
        if delta is not None and delta.added_spans:  # the undo: selected and shown, as its deletion left it
            self.session.entity_restored.emit(self.span.id, [r.id for r in delta.added_relations])


class UpdateSpanCommand(EditCommand):
    """A label change or a boundary change; consecutive resizes of one span merge into one undo step."""

    def __init__(self, session, before: Span, after: Span, text: str, *, mergeable: bool = False) -> None:
        super().__init__(session, before.doc_id, text)
        self.before = before
        self.after = after
        self.mergeable = mergeable

    def id(self) -> int:  # noqa: A003 (Qt's name)
        return RESIZE_COMMAND_ID if self.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not (isinstance(other, UpdateSpanCommand) and other.mergeable and other.before.id == self.after.id):
            return False
        self.after = other.after
        return True

    def _set(self, span: Span) -> AnnotationDelta:
        old, new = self.session.project.update_span(span.id, start=span.start, end=span.end, label=span.label)
        return AnnotationDelta(added_spans=(new,), removed_spans=(old,))

    def apply(self) -> AnnotationDelta:
        return self._set(self.after)

    def revert(self) -> AnnotationDelta:
        return self._set(self.before)


class _RelationCommand(EditCommand):
    """A relation added or deleted: the one a redo of the addition or an undo of the deletion brings back is
    selected and shown (Session.relation_restored)."""

    def notify(self, delta: AnnotationDelta | None) -> None:
        super().notify(delta)
        if delta is not None and delta.added_relations:
            self.session.relation_restored.emit(delta.added_relations[0].id)


class AddRelationCommand(_RelationCommand):
    def __init__(self, session, relation: Relation) -> None:
        super().__init__(session, relation.doc_id, _tr("add %1 relation").replace("%1", relation.label))
        self.relation = relation

    def apply(self) -> AnnotationDelta:
        r = self.relation
        self.relation = self.session.project.add_relation(r.head_id, r.tail_id, r.label, relation_id=r.id, restore=r)
        return AnnotationDelta(added_relations=(self.relation,))

    def revert(self) -> AnnotationDelta:
        self.session.project.delete_relation(self.relation.id)
        return AnnotationDelta(removed_relations=(self.relation,))


class DeleteRelationCommand(_RelationCommand):
    def __init__(self, session, relation: Relation) -> None:
        super().__init__(session, relation.doc_id, _tr("delete %1 relation").replace("%1", relation.label))
        self.relation = relation

    def apply(self) -> AnnotationDelta:
        self.session.project.delete_relation(self.relation.id)
        return AnnotationDelta(removed_relations=(self.relation,))

    def revert(self) -> AnnotationDelta:
        r = self.relation
        self.relation = self.session.project.add_relation(r.head_id, r.tail_id, r.label, relation_id=r.id, restore=r)
        return AnnotationDelta(added_relations=(self.relation,))


class LineOverrideCommand(EditCommand):
    def __init__(self, session, doc_id: int, line_no: int, before: str | None, after: str | None) -> None:
        super().__init__(session, doc_id, _line_text(line_no, after or None))
        self.line_no, self.before, self.after = line_no, before, after

    def apply(self) -> AnnotationDelta:
        self.session.project.set_line_override(self.doc_id, self.line_no, self.after)
        return AnnotationDelta(line_overrides=((self.line_no, self.after),))

    def revert(self) -> AnnotationDelta:
        self.session.project.set_line_override(self.doc_id, self.line_no, self.before)
        return AnnotationDelta(line_overrides=((self.line_no, self.before),))


class StatusCommand(EditCommand):
    def __init__(self, session, doc_id: int, before: str, after: str) -> None:
        super().__init__(session, doc_id, _status_text(after))
        self.before, self.after = before, after

    def apply(self) -> None:
        self.session.project.set_status(self.doc_id, self.after)
        self._shown = self.after

    def revert(self) -> None:
        self.session.project.set_status(self.doc_id, self.before)
        self._shown = self.before

    def notify(self, delta: AnnotationDelta | None) -> None:
        self.session.edited(self.doc_id, via_undo=True, annotations=False)
        self.session.status_changed.emit(self.doc_id, self._shown)


class ArticleMetaCommand(EditCommand):
    """A correction of an article's date or outlet in the document list: undo puts back the values (and where
    they came from) as they were; redo the correction."""

    def __init__(self, session, doc_id: int, before, after, text: str) -> None:
        super().__init__(session, doc_id, text)
        self.before, self.after = before, after  # store.doc_meta.ArticleInfo

    def apply(self) -> None:
        self.session.project.restore_article_meta(self.after)

    def revert(self) -> None:
        self.session.project.restore_article_meta(self.before)

    def notify(self, delta: AnnotationDelta | None) -> None:
        self.session.saved.emit()  # the list shows it; the open document stays open
        self.session.article_meta_changed.emit(self.doc_id)
