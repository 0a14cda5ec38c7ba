"""Adjudication mode of the article view (View ▸ Adjudicate): build a document's gold layer from its reviewer
layers.

In this mode the article view edits the gold layer: gold entities are drawn as entities, the reviewers' as the
pale entities of other layers. Entities all reviewers agree on are shown plainly; each disagreement gets a
coloured bar per reviewer under what that reviewer labelled, and the side list says who labelled what.
Keys (README-facing):
- Alt+Down / Alt+Up: next / previous disagreement (the current one is where the caret is).
- Alt+1..9: take reviewer 1..9's choice for the current disagreement; Ctrl+Alt+1..9: take that reviewer's whole
  version of the document (entities and relations).
- C: take the reviewer entity under the caret. Alt+D: gold holds nothing in the current disagreement (its gold
  goes; a decision like taking a reviewer who labelled nothing there); Delete drops the selected gold entity.
  Label keys, boundary keys and relations edit gold as they edit a layer.
- Alt+A: accept all agreed entities (and the relations every reviewer has between them) in one action.
- In the side list, double-click (or Enter on) a reviewer's line to take their choice, or a relation that not every
  reviewer made to take it into gold (both its entities must be gold already).
- Ctrl+Alt+Return: mark the document adjudicated and open, of those with two or more reviewers not adjudicated
  yet, the one with the most disagreement (the side list's button marks it only, or puts it back in progress);
  with disagreements still undecided it asks first.
Every action is one undo step (Ctrl+Z) and is committed to the project at once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.core.adjudication import is_decided
from annotator.core.delta import AnnotationDelta
from annotator.core.model import Span
from annotator.store import ProjectError
from annotator.ui.undo import EditCommand
from annotator.ui.wording import counted

if TYPE_CHECKING:
    from annotator.store.gold import AdjudicationState
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

MAX_REVIEWER_KEYS = 9


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


class GoldCommand(EditCommand):
    """One adjudication action: redo and undo replay its recorded change (ids, authors and times kept)."""

    def __init__(self, session, doc_id: int, delta: AnnotationDelta, text: str) -> None:
        super().__init__(session, doc_id, text)
        self.delta = delta

    def apply(self) -> AnnotationDelta:
        self.session.project.replay(self.delta)
        return self.delta

    def revert(self) -> AnnotationDelta:
        inverse = self.delta.inverse()
        self.session.project.replay(inverse)
        return inverse


class GoldStatusCommand(EditCommand):
    def __init__(self, adjudicator: "Adjudicator", doc_id: int, before: str, after: str) -> None:
        super().__init__(adjudicator.session, doc_id, _tr("mark gold %1").replace("%1", after.replace("_", " ")))
        self.adjudicator, self.before, self.after = adjudicator, before, after

    def apply(self) -> None:
        self.session.project.set_gold_status(self.doc_id, self.after)

    def revert(self) -> None:
        self.session.project.set_gold_status(self.doc_id, self.before)

    def notify(self, delta) -> None:
        self.session.edited(self.doc_id, via_undo=True, annotations=False)
        self.adjudicator.progress_changed.emit()
        self.adjudicator.refresh()


class Adjudicator(QObject):
    """The mode's controller: the open document's comparison, and every action as one undoable command."""

    compared = Signal()  # a new comparison (another document, the mode switched): views rebuild
    changed = Signal()  # gold, its status or the current disagreement changed: views update in place
    mode_changed = Signal(bool)
    # the project's adjudication progress may have changed (a document opened, a gold status set): a query over
    # the whole project, so not on every edit
    progress_changed = Signal()

    def __init__(self, session: "Session", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.active = False
        self.state: AdjudicationState | None = None
        self.current: int | None = None  # index of the current disagreement
        session.document_changed.connect(self._on_document)
        session.annotations_changed.connect(self._on_annotations)

    # mode -------------------------------------------------------------------------------------------
    def reviewer_layers(self, doc_id: int | None = None) -> list[str]:
        doc_id = self.session.doc_id if doc_id is None else doc_id
        if doc_id is None:
            return []
        try:
            return self.session.project.adjudication_layers(doc_id)
        except ProjectError:
            return []

    def can_adjudicate(self) -> bool:
        return len(self.reviewer_layers()) >= 2

    def set_active(self, on: bool) -> None:
        on = bool(on)
        if on == self.active:
            return
        self.active = on
        self.session.gold = self if on else None  # the session edits gold while this is set
        self.current = None
        self.session.reload_document()  # document_changed: the progress line and the comparison follow
        self.compare()
        self.mode_changed.emit(on)
        self.session.message.emit(_tr("Adjudicating: edits go to the gold layer") if on
                                  else _tr("Adjudication off: edits go to your own layer"))

    def compare(self) -> None:
        """Compare the open document's reviewer layers (once per document: they do not change while
        adjudicating; gold does, see refresh)."""
        doc_id = self.session.doc_id
        self.state = None
        if self.active and doc_id is not None:
            try:
                self.state = self.session.project.adjudication(doc_id)
            except ProjectError as exc:
                self.session.message.emit(str(exc))
        self.current = None
        self.compared.emit()
        self.refresh()

    def refresh(self) -> None:
        """Read the open document's gold and gold status again (after every gold edit)."""
        state, doc_id = self.state, self.session.doc_id
        if state is not None and doc_id == state.doc_id:
            project = self.session.project
            try:
                gold, gold_relations, status, nothing = project.gold_of(doc_id)
                if status == "new" and gold:  # gold edited by a plain edit (relabel, boundaries)
                    project.set_gold_status(doc_id, "in_progress")
                    status = "in_progress"
            except ProjectError as exc:
                self.session.message.emit(str(exc))
            else:
                self.state = replace(state, gold=gold, gold_relations=gold_relations, status=status, nothing=nothing)
        if self.state is None or self.current is None or self.current >= len(self.state.comparison.disagreements):
            self.current = None
        self.changed.emit()

    def _on_document(self, _doc_id: int) -> None:
        if self.active:
            self.progress_changed.emit()
        self.compare()

    def _on_annotations(self, doc_id: int, _delta) -> None:
        if self.active and doc_id == self.session.doc_id:
            self.refresh()

    def undecided(self) -> list:
        """The open document's disagreements gold has not decided yet (neither an entity nor "nothing")."""
        state = self.state
        if state is None:
            return []
        return [d for d in state.comparison.disagreements if not is_decided(d, state.gold, state.nothing)]

    # the current disagreement -----------------------------------------------------------------------
    def disagreement(self, caret: int | None = None):
        """The disagreement at the caret, else the one last chosen (None when there is none)."""
        if self.state is None:
            return None
        found = self.state.comparison.disagreement_at(caret) if caret is not None else None
        if found is not None:
            self.current = self.state.comparison.disagreements.index(found)
            return found
        if self.current is not None:
            return self.state.comparison.disagreements[self.current]
        return None

    def follow_caret(self, caret: int) -> None:
        """The caret went into another disagreement: it becomes the current one (framed, selected in the list)."""
        if self.state is None:
            return
        found = self.state.comparison.disagreement_at(caret)
        if found is not None:
            index = self.state.comparison.disagreements.index(found)
            if index != self.current:
                self.current = index
                self.changed.emit()

    def step(self, forward: bool, caret: int) -> object | None:
        """The next (or previous) disagreement after (before) the caret, wrapping round."""
        if self.state is None or not self.state.comparison.disagreements:
            self.session.message.emit(_tr("No disagreement in this document"))
            return None
        items = self.state.comparison.disagreements
        if forward:
            index = next((i for i, d in enumerate(items) if d.start > caret), 0)
        else:
            index = next((i for i in range(len(items) - 1, -1, -1) if items[i].end <= caret), len(items) - 1)
        self.current = index
        self.changed.emit()
        return items[index]

    # actions ----------------------------------------------------------------------------------------
    def _do(self, text: str, action) -> AnnotationDelta | None:
        doc_id = self.session.doc_id
        if doc_id is None or not self.active:
            return None
        try:
            delta = action(self.session.project)
        except ProjectError as exc:
            self.session.message.emit(_tr("Not changed: %1").replace("%1", str(exc)))
            return None
        if not delta:
            self.session.message.emit(_tr("Gold already holds that"))
            return None
        self.session.push_edit(GoldCommand(self.session, doc_id, delta, text), delta)
        return delta

    def take_choice(self, reviewer_index: int, caret: int | None = None) -> AnnotationDelta | None:
        """Take reviewer number reviewer_index's (0-based) labels of the current disagreement into gold (a
        reviewer who labelled nothing there: the gold of the disagreement is dropped)."""
        found = self.disagreement(caret)
        layers = self.state.layers if self.state is not None else ()
        if found is None or reviewer_index >= len(layers):
            self.session.message.emit(_tr("Put the caret in a disagreement first (Alt+Down: the next one)"))
            return None
        layer = layers[reviewer_index]
        choices = found.choices_of(layer)
        if not choices:
            return self._take_nothing(found, _tr("take %1's choice: nothing").replace("%1", layer))
        ids = [c.span_ids[c.layers.index(layer)] for c in choices]
        return self._do(_tr("take %1's choice").replace("%1", layer), lambda p: p.take_spans(ids))

    def take_layer(self, reviewer_index: int) -> AnnotationDelta | None:
        layers = self.state.layers if self.state is not None else ()
        if reviewer_index >= len(layers):
            return None
        layer, doc_id = layers[reviewer_index], self.session.doc_id
        return self._do(_tr("take %1's version of the document").replace("%1", layer),
                        lambda p: p.take_layer(doc_id, layer))

    def take_spans(self, span_ids: list[int]) -> list[Span]:
        """The session's copy (C) in this mode: the reviewer entities go into gold."""
        delta = self._do(_tr("take %n entities into gold").replace("%n", str(len(span_ids))),
                         lambda p: p.take_spans(span_ids))
        return list(delta.added_spans) if delta else []

    def take_relation(self, relation_id: int) -> AnnotationDelta | None:
        """A reviewer relation into gold, between the gold entities its ends match."""
        return self._do(_tr("take a relation into gold"), lambda p: p.take_relation(relation_id))

    def add_span(self, start: int, end: int, label: str) -> Span | None:
        """The session's add_span in this mode: the adjudicator's own gold entity."""
        doc_id = self.session.doc_id
        delta = self._do(_tr("label %1 in gold").replace("%1", label),
                         lambda p: p.add_gold_span(doc_id, start, end, label))
        return delta.added_spans[0] if delta else None

    def drop_disagreement(self, caret: int | None = None) -> AnnotationDelta | None:
        """Gold holds nothing in the current disagreement: a decision, recorded and undoable."""
        found = self.disagreement(caret)
        if found is None or self.state is None:
            self.session.message.emit(_tr("Put the caret in a disagreement first (Alt+Down: the next one)"))
            return None
        return self._take_nothing(found, _tr("drop the gold here"))

    def _take_nothing(self, found, text: str) -> AnnotationDelta | None:
        doc_id = self.session.doc_id
        delta = self._do(text, lambda p: p.decide_nothing(doc_id, found.start, found.end))
        if delta is not None:
            self.session.message.emit(_tr("Gold holds nothing here: this disagreement is decided as nothing"))
        return delta

    def accept_agreed(self) -> AnnotationDelta | None:
        doc_id = self.session.doc_id
        skipped: list[int] = []

        def accept(project):
            delta, n = project.accept_agreed(doc_id)
            skipped.append(n)
            return delta

        delta = self._do(_tr("accept all agreed"), accept)
        if delta is not None:
            text = _tr("Accepted %1 agreed entities and %2 relations").replace(
                "%1", str(len(delta.added_spans))).replace("%2", str(len(delta.added_relations)))
            if skipped and skipped[0]:
                text += _tr("; %1 left as gold decided otherwise").replace("%1", str(skipped[0]))
            self.session.message.emit(text)
        return delta

    def toggle_adjudicated(self) -> bool:
        """Mark the document adjudicated, or (adjudicated already) back in progress; one undo step."""
        doc_id = self.session.doc_id
        if doc_id is None or not self.active:
            return False
        project = self.session.project
        after = "in_progress" if project.gold_status(doc_id) == "adjudicated" else "adjudicated"
        left = len(self.undecided())
        if after == "adjudicated" and left and not self.confirm_undecided(left):
            self.session.message.emit(_tr("Not marked adjudicated: the disagreements left are undecided"))
            return False
        try:
            before = project.set_gold_status(doc_id, after)
        except ProjectError as exc:
            self.session.message.emit(str(exc))
            return False
        self.session.undo_stack.push(GoldStatusCommand(self, doc_id, before, after))
        self.session.saved.emit()
        self.progress_changed.emit()
        self.refresh()
        self.session.message.emit(_tr("Document adjudicated") if after == "adjudicated"
                                  else _tr("Document back in adjudication"))
        return True

    def confirm_undecided(self, left: int) -> bool:
        """Ask before marking a document adjudicated whose gold leaves disagreements undecided."""
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        box = QMessageBox(QMessageBox.Icon.Question, _tr("Undecided disagreements"),
                          counted(left, _tr("1 disagreement is still undecided."),
                                  _tr("%n disagreements are still undecided."))
                          + " "
                          + _tr("Mark the document adjudicated anyway? Gold holds nothing where it is undecided."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def adjudicated_and_next(self) -> None:
        """Mark the document adjudicated and open the one still to adjudicate with the most disagreement."""
        doc_id = self.session.doc_id
        if doc_id is None or not self.active:
            return
        if self.session.project.gold_status(doc_id) != "adjudicated" and not self.toggle_adjudicated():
            return
        waiting = [d for d, _open in self.session.project.documents_to_adjudicate() if d != doc_id]
        target = waiting[0] if waiting else None
        if target is None:
            self.session.message.emit(_tr("Every document with two or more reviewers is adjudicated"))
            return
        try:
            self.session.open_document(target)
        except ProjectError as exc:
            self.session.message.emit(str(exc))


# the window -------------------------------------------------------------------------------------------
def install(window: "MainWindow") -> Adjudicator:
    """The mode's action in the View menu, its keys, the side list (a dock) and the reviewer bars."""
    from annotator.ui.adjudication_panel import AdjudicationPanel, ReviewerBars

    adjudicator = Adjudicator(window.session, window)
    panel = AdjudicationPanel(adjudicator, window.editor, window)
    dock = window._dock("adjudicationDock", _tr("Adjudication"), panel, Qt.DockWidgetArea.RightDockWidgetArea)
    window.tabifyDockWidget(window.entities_dock, dock)  # the gold entities stay a tab away
    dock.hide()
    window.adjudication_dock = dock
    window.editor.view.extra_painters.append(ReviewerBars(adjudicator, window.editor.view).paint)
    actions = window.actions_by_name
    toggle = QAction(_tr("A&djudicate (build the gold layer)"), window)
    toggle.setCheckable(True)
    toggle.setShortcut(QKeySequence("Ctrl+Alt+J"))
    toggle.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    toggle.toggled.connect(adjudicator.set_active)
    window.addAction(toggle)
    actions["adjudicate"] = toggle
    menu = getattr(window, "view_menu", None)
    if menu is not None:
        menu.addSeparator()
        menu.addAction(toggle)
        sub = menu.addMenu(_tr("Adjudication &keys"))
    else:
        sub = None

    def caret() -> int:
        return window.editor._caret()

    def add(name: str, text: str, keys: list[str], slot) -> QAction:
        action = QAction(text, window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        action.setEnabled(False)
        window.addAction(action)
        if sub is not None:
            sub.addAction(action)
        actions[name] = action
        return action

    def go(forward: bool) -> None:
        found = adjudicator.step(forward, caret())
        if found is not None:
            window.editor._move_caret(found.start)

    add("adj_next", _tr("Next disagreement"), ["Alt+Down"], lambda: go(True))
    add("adj_previous", _tr("Previous disagreement"), ["Alt+Up"], lambda: go(False))
    add("adj_agreed", _tr("Accept all agreed"), ["Alt+A"], adjudicator.accept_agreed)
    add("adj_drop", _tr("Drop the gold of this disagreement"), ["Alt+D"],
        lambda: adjudicator.drop_disagreement(caret()))
    add("adj_done", _tr("Mark adjudicated and open the next document to adjudicate"),
        ["Ctrl+Alt+Return", "Ctrl+Alt+Enter"], adjudicator.adjudicated_and_next)
    for i in range(MAX_REVIEWER_KEYS):
        add(f"adj_choice_{i + 1}", _tr("Take reviewer %1's choice here").replace("%1", str(i + 1)),
            [f"Alt+{i + 1}"], lambda _c=False, i=i: adjudicator.take_choice(i, caret()))
        add(f"adj_layer_{i + 1}", _tr("Take reviewer %1's whole version").replace("%1", str(i + 1)),
            [f"Ctrl+Alt+{i + 1}"], lambda _c=False, i=i: adjudicator.take_layer(i))
    mode_actions = [a for n, a in actions.items() if n.startswith("adj_")]

    def on_mode(on: bool) -> None:
        for action in mode_actions:
            action.setEnabled(on)
        dock.setVisible(on)
        if on:
            dock.raise_()
            window.resizeDocks([dock], [int(window.height() * 0.65)], Qt.Orientation.Vertical)
            # The reviewers' rows and buttons need the room: at 1366 px the right side takes about a third.
            wanted = max(dock.width(), min(560, int(window.width() * 0.33)))
            window.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)
            window.tune_dock_tabs()
        if toggle.isChecked() != on:
            toggle.setChecked(on)

    def on_document(_doc_id: int) -> None:
        toggle.setEnabled(adjudicator.active or adjudicator.can_adjudicate())

    def on_visibility(visible: bool) -> None:  # a restored window state may show it outside the mode
        if visible and not adjudicator.active:
            QTimer.singleShot(0, dock.hide)

    dock.visibilityChanged.connect(on_visibility)
    window.editor.view.cursorPositionChanged.connect(lambda: adjudicator.follow_caret(caret()))
    adjudicator.mode_changed.connect(on_mode)
    window.session.document_changed.connect(on_document)
    on_document(-1)
    return adjudicator
