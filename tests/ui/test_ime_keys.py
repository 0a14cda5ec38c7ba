"""Label keys work by physical key under a Korean IME in Hangul mode (Q types "ㅂ"); keyClicks with Hangul
aborts Qt (see the Qt notes), so these send QKeyEvents carrying the jamo."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from annotator.core.keymap import DUBEOLSIK, key_candidates, physical_key
from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.ui.article_view import ArticleEditor
from annotator.ui.session import Session

TEXT = "중기부는 120억 원과 3개 기업을 지원한다."


@pytest.fixture
def editor(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.db", reviewer="kim")
    project.add_documents([NewDocument(TEXT, title="t")])
    session = Session(project)
    widget = ArticleEditor(session, use_morphology=False)
    qtbot.addWidget(widget)
    widget.resize(600, 300)
    widget.show()
    session.open_document(project.document_ids()[0])
    qtbot.waitExposed(widget)
    yield widget
    project.close()


def press(editor, key, text, mods=Qt.KeyboardModifier.NoModifier):
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(editor.view, QKeyEvent(kind, key, mods, text))


def labels(editor):
    return [(TEXT[s.start:s.end], s.label) for s in editor.session.project.spans(editor.session.doc_id)]


def test_physical_key_ignores_the_jamo_the_ime_typed():
    assert physical_key(Qt.Key.Key_Q.value, "ㅂ") == "q"
    assert physical_key(Qt.Key.Key_W.value, "ㅈ") == "w"
    assert physical_key(Qt.Key.Key_unknown.value, "ㅂ") == "q"  # only the jamo is known: 두벌식
    assert physical_key(Qt.Key.Key_1.value, "1") == "1"
    assert physical_key(Qt.Key.Key_unknown.value, "가") == "가"
    assert key_candidates(Qt.Key.Key_Q.value, "Q", shift=True) == ["Q", "q"]
    assert len(set(DUBEOLSIK.values())) == len(DUBEOLSIK)  # one key per jamo


@pytest.mark.parametrize("key,text", [(Qt.Key.Key_Q, "ㅂ"), (Qt.Key.Key_Q, "q"), (Qt.Key.Key_unknown, "ㅂ")])
def test_q_labels_quantity_in_hangul_and_latin_mode(editor, key, text):
    start = TEXT.index("3개")
    editor._set_selection(start, start + 2)
    press(editor, key, text)
    assert labels(editor) == [("3개", "QUANTITY")]


def test_scheme_letter_key_w_under_ime(editor):
    import copy

    scheme = copy.deepcopy(editor.session.scheme)
    scheme.entity("ORG").key = "w"
    editor.session.save_scheme(scheme)
    editor._set_selection(0, 3)
    press(editor, Qt.Key.Key_W, "ㅈ")
    assert labels(editor) == [("중기부", "ORG")]
    start = TEXT.index("120억")
    editor._set_selection(start, start + 4)
    press(editor, Qt.Key.Key_0, "0")
    assert labels(editor) == [("중기부", "ORG"), ("120억", "MONEY")]


def test_r_starts_a_relation_in_hangul_mode(editor):
    span = editor.session.add_span(0, 3, "ORG")
    editor.select_span(span.id)
    press(editor, Qt.Key.Key_R, "ㄱ")
    assert editor.relation_head_id == span.id
    press(editor, Qt.Key.Key_Escape, "")
    assert editor.relation_head_id is None
