"""Snapping with the real Kiwi analyser, which runs in the editor's child process (one for the test session)."""

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.ui.article_view import ArticleEditor
from annotator.ui.morphology import noun_part
from annotator.ui.session import Session

TEXT = "오기웅 차관은 중기부는 물론 지자체와 협력한다고 밝혔다."


def _drag(editor, start, end):
    def point(pos):
        cursor = QTextCursor(editor.view.document())
        cursor.setPosition(editor.layer.offsets.to_utf16(pos))
        return editor.view.cursorRect(cursor).center()

    viewport = editor.view.viewport()
    a, b = point(start) + QPoint(1, 0), point(end) - QPoint(1, 0)
    for kind, p, buttons in ((QEvent.Type.MouseButtonPress, a, Qt.MouseButton.LeftButton),
                             (QEvent.Type.MouseMove, b, Qt.MouseButton.LeftButton),
                             (QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton)):
        QApplication.sendEvent(viewport, QMouseEvent(kind, QPointF(p), QPointF(viewport.mapToGlobal(p)),
                                                     Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier))


def test_selection_snaps_to_morphemes_with_kiwi(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.db", reviewer="kim")
    project.add_documents([NewDocument(TEXT)])
    session = Session(project)
    editor = ArticleEditor(session)  # starts (or reuses) the Kiwi worker
    qtbot.addWidget(editor)
    editor.resize(700, 300)
    editor.show()
    session.open_document(project.document_ids()[0])
    qtbot.waitUntil(lambda: editor._ready(0, len(TEXT)), timeout=90_000)
    session.set_active_label("ORG")
    start = TEXT.index("중기부는")
    _drag(editor, start + 1, start + 4)  # "기부는": inside the word, particle included
    stored = [(TEXT[s.start : s.end], s.label) for s in project.spans(session.doc_id)]
    assert stored == [("중기부", "ORG")]  # grown to the whole morpheme, particle dropped
    assert noun_part(TEXT, start + 2, ready=True, analyser=session.analyser) == (start, start + 3)  # double-click
    assert session.analyser is editor.morphology.lookup  # the session's analyser holds the worker's analyses
    project.close()
