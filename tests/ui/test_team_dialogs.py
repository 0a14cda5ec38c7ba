"""File ▸ Hand out work…, File ▸ Merge project files… and Tools ▸ Agreement…: driven without a modal exec."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from annotator.core.agreement import compute_agreement
from annotator.core.model import NewDocument
from annotator.core.team import plan_assignment
from annotator.store import Project
from annotator.store.agreement_queries import agreement_documents, agreement_layers
from annotator.store.team import write_assignment
from annotator.ui import export_dialog
from annotator.ui.agreement_dialog import AgreementDialog
from annotator.ui.team_dialogs import AssignDialog, MergeDialog
from tests.ui.mw_support import settings_dir, sample_path_db, sample_project, window  # noqa: F401 (fixtures)

TEXTS = [f"{region} 규제자유특구 지정 소식 {i}번. 중소벤처기업부가 {region}를 지정했다." for i, region in
         enumerate(["충청북도", "강원도", "부산시", "전라남도", "경상북도", "대구시"])]


def _parent(qtbot) -> QWidget:
    parent = QWidget()
    qtbot.addWidget(parent)
    return parent


@pytest.fixture
def coordinator(tmp_path):
    path = tmp_path / "project.db"
    with Project.open(path, "coordinator") as project:
        project.add_documents([NewDocument(text=t, title=f"기사 {i}") for i, t in enumerate(TEXTS)])
    return path


@pytest.fixture
def folder_offers(monkeypatch):
    calls = []
    monkeypatch.setattr(export_dialog, "offer_to_open_folder",
                        lambda parent, title, text, out, problems=(): calls.append((title, text, out)))
    return calls


def test_hand_out_previews_the_shares_and_writes_one_file_per_reviewer(qtbot, coordinator, tmp_path, folder_offers):
    parent = _parent(qtbot)
    with Project.open(coordinator, "coordinator") as project:
        ids = project.document_ids()
    dialog = AssignDialog(parent, coordinator, "coordinator", doc_ids=ids, unfinished_ids=ids)
    assert not dialog.hand_out_button.isEnabled()  # nobody named yet
    dialog.reviewers.setText("kim, kim")
    assert not dialog.hand_out_button.isEnabled() and "once" in dialog.preview.text()
    dialog.reviewers.setText("kim, lee, park")
    dialog.overlap.setValue(34)
    dialog.seed.setValue(7)
    expected = plan_assignment(ids, ["kim", "lee", "park"], overlap=0.34, seed=7)
    assert dialog.hand_out_button.isEnabled()
    assert "2 documents shared" in dialog.preview.text()
    assert f"kim {len(expected.documents_of('kim'))}" in dialog.preview.text()
    out = tmp_path / "handout"
    dialog.folder.setText(str(out))
    dialog.hand_out_button.click()
    qtbot.waitUntil(lambda: bool(folder_offers), timeout=60_000)
    title, text, where = folder_offers[0]
    assert where == out and "kim.annotator.db" in text
    for name in ("kim", "lee", "park"):
        with Project.open(out / f"{name}.annotator.db", name) as project:
            assert project.count_documents() == len(expected.documents_of(name))


def _label(path, reviewer, uid, spans, done):
    with Project.open(path, reviewer, reviewer_uid=uid) as project:
        by_text = {project.document(d).text: d for d in project.document_ids()}
        for index, start, end, label in spans:
            project.add_span(by_text[TEXTS[index]], start, end, label)
        for index in done:
            project.set_status(by_text[TEXTS[index]], "done")


def test_merge_maps_one_person_on_two_machines_and_reports(qtbot, coordinator, tmp_path):
    with Project.open(coordinator, "coordinator") as project:
        plan = plan_assignment(project.document_ids(), ["kim", "laptop"], overlap=1.0)
        kim_file, laptop_file = write_assignment(project, plan, tmp_path / "out")
    home, laptop = str(uuid.uuid4()), str(uuid.uuid4())
    _label(kim_file, "kim", home, [(0, 0, 4, "LOC")], done=[0])
    _label(laptop_file, "kim", laptop, [(1, 0, 3, "LOC")], done=[1])  # kim again, on her laptop
    team = tmp_path / "team.db"
    with Project.open(team, "adjudicator"):
        pass
    records = []
    parent = _parent(qtbot)  # qtbot holds widgets weakly: the parent must outlive the test body
    dialog = MergeDialog(parent, team, "adjudicator", team_reviewers=["adjudicator"],
                         on_merged=records.append)
    assert not dialog.merge_button.isEnabled()
    dialog.add_sources([kim_file, laptop_file, kim_file])  # the same file twice is listed once
    assert dialog.sources.count() == 2
    rows = {(dialog.people.item(r, 0).text(), dialog.people.item(r, 1).text()): r
            for r in range(dialog.people.rowCount())}
    assert ("kim.annotator.db", "kim") in rows and ("laptop.annotator.db", "kim") in rows
    first = dialog.people.cellWidget(rows[("kim.annotator.db", "kim")], 3)
    assert [first.itemText(i) for i in range(first.count())] == ["themselves", "adjudicator"]
    second = dialog.people.cellWidget(rows[("laptop.annotator.db", "kim")], 3)
    second.setCurrentIndex(second.findData("kim"))  # the kim of the first file
    assert dialog.reviewer_map() == {laptop: "kim"}
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    text = dialog.result_view.toPlainText()
    assert "Documents: 6 documents added, 0 documents matched by their text." in text
    assert "Reviewers added: kim" in text and "The label schemes agree." in text
    with Project.open(team, "adjudicator") as project:
        assert [n for n in project.reviewers() if n.startswith("kim")] == ["kim"]
        kim_spans = project.conn.execute("SELECT COUNT(*) FROM spans s JOIN layers y ON y.id = s.layer_id"
                                         " WHERE y.name = 'kim'").fetchone()[0]
        assert kim_spans == 2  # one layer with what she labelled on both machines
        assert project.index_status()[0] == 0  # the window's indexer does the search index afterwards
    assert records and records[0].documents_added == 6 and len(records[0].documents_changed) == 2
    # again: nothing new
    records.clear()
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: bool(records), timeout=60_000)
    assert "0 updated" in dialog.result_view.toPlainText() and records[0].documents_changed == ()


@pytest.fixture
def team_db(tmp_path):
    path = tmp_path / "team.db"
    with Project.open(path, "kim") as project:
        project.add_documents([NewDocument(text=t, title=f"기사 {i}") for i, t in enumerate(TEXTS[:3])])
        ids = project.document_ids()
        for doc_id in ids:
            project.add_span(doc_id, 0, 4, "LOC")
            project.set_status(doc_id, "done")
        project.add_span(ids[2], 5, 11, "ZONE")
        project.set_reviewer("lee")
        for doc_id in ids:
            project.add_span(doc_id, 0, 4, "LOC" if doc_id != ids[1] else "ORG")  # lee disagrees on the second
            project.set_status(doc_id, "done")
        project.add_span(ids[2], 5, 11, "ZONE")
    return path, ids


def test_agreement_dialog_shows_the_figures_and_opens_the_worst_document(qtbot, team_db):
    path, ids = team_db
    with Project.open(path, "kim") as project:
        expected = compute_agreement(agreement_documents(project, agreement_layers(project))).to_dict()
        layers = [(y.name, y.kind) for y in project.layers()]
    opened = []
    parent = _parent(qtbot)
    dialog = AgreementDialog(parent, path, "kim", layers, ["LOC", "ORG", "ZONE"], open_document=opened.append)
    assert dialog.chosen_layers() == ["kim", "lee"]
    dialog.compute()
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=60_000)
    assert dialog.data == expected
    pair = expected["pairs"][0]
    header = [dialog.figures.horizontalHeaderItem(c).text() for c in range(dialog.figures.columnCount())]
    first = {header[c]: dialog.figures.item(0, c).text() for c in range(dialog.figures.columnCount())}
    assert first["Pair"] == "kim × lee" and first["Label"] == "All labels"
    assert first["Exact F1"] == f"{pair['exact']['f1']:.3f}" and first["Cohen's κ"] == f"{pair['cohen_kappa']:.3f}"
    assert first["Krippendorff's α"] == f"{expected['krippendorff_alpha']:.3f}"
    labels = [dialog.figures.item(r, 1).text() for r in range(1, dialog.figures.rowCount())]
    assert labels == ["LOC", "ORG", "ZONE"]
    assert dialog.documents.rowCount() == 3 and dialog.document_at(0) == ids[1]  # the disagreement first
    dialog.documents.cellDoubleClicked.emit(0, 1)
    assert opened == [ids[1]]
    # one label only
    dialog.label.setCurrentIndex(dialog.label.findData("ZONE"))
    dialog.compute()
    qtbot.waitUntil(lambda: dialog.data["labels"] == ["ZONE"], timeout=60_000)
    assert dialog.figures.item(0, 2).text() == "1.000"


def test_agreement_needs_two_layers(qtbot, team_db):
    path, _ids = team_db
    parent = _parent(qtbot)
    dialog = AgreementDialog(parent, path, "kim", [("kim", "reviewer"), ("import:x", "import")], [])
    assert dialog.layers.item(1).text() == "import:x (imported)"
    dialog.compute()
    assert dialog.task is None and "two or more" in dialog.summary.text()


def test_the_window_offers_the_team_dialogs(qtbot, window):
    texts = {a.text() for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
             for a in menu.actions()}
    assert {"&Hand out work…", "&Merge project files…", "&Agreement…"} <= texts
    window.project.set_status(window.project.document_ids()[0], "done")
    window.actions_by_name["agreement"].trigger()
    dialog = window.findChild(AgreementDialog)
    # ticked at first: the reviewers who finished a document (not the imported labels)
    assert dialog is not None and dialog.isVisible() and dialog.chosen_layers() == ["kim"]
    assert dialog.layers.count() == 2
    dialog.close()
    window.actions_by_name["merge"].trigger()
    merge = window.findChild(MergeDialog)
    assert merge is not None and merge.isVisible()
    merge.reject()
    window.actions_by_name["assign"].trigger()
    assign = window.findChild(AssignDialog)
    assert assign is not None and assign.which.count() == 2
    assign.reject()


def test_the_team_dialogs_speak_korean(qtbot, team_db):
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import install_translator

    app = QApplication.instance()
    assert install_translator(app, "ko") is not None
    try:
        path, _ids = team_db
        parent = _parent(qtbot)
        dialog = AgreementDialog(parent, path, "kim", [("kim", "reviewer"), ("gold", "gold")], ["LOC"])
        assert dialog.windowTitle() == "일치도" and dialog.layers.item(1).text() == "gold (정답)"
        assert dialog.figures.horizontalHeaderItem(2).text() == "정확 일치 F1"
        merge = MergeDialog(parent, path, "kim", team_reviewers=["kim"])
        assert merge.windowTitle() == "프로젝트 파일 병합" and merge.merge_button.text() == "병합"
    finally:
        for installed in app.findChildren(QTranslator):
            app.removeTranslator(installed)


def test_a_cancelled_agreement_says_so_and_can_start_again(qtbot, team_db, monkeypatch):
    import threading

    import annotator.core.agreement as agreement

    path, _ids = team_db
    release, original = threading.Event(), agreement.compute_agreement

    def held(*args, **kwargs):  # on the worker thread: wait until the test has pressed Cancel
        release.wait(30)
        return original(*args, **kwargs)

    monkeypatch.setattr(agreement, "compute_agreement", held)
    parent = _parent(qtbot)
    dialog = AgreementDialog(parent, path, "kim", [("kim", "reviewer"), ("lee", "reviewer")], ["LOC"])
    dialog.compute()
    assert not dialog.compute_button.isEnabled()
    dialog.task.cancel()
    release.set()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60_000)
    assert dialog.data is None and "Cancelled" in dialog.summary.text() and dialog.compute_button.isEnabled()


def test_a_cancelled_merge_leaves_the_project_as_it_was(qtbot, coordinator, tmp_path, monkeypatch):
    import threading

    import annotator.store.team as team_store

    with Project.open(coordinator, "coordinator") as project:
        plan = plan_assignment(project.document_ids(), ["kim"], overlap=1.0)
        (kim_file,) = write_assignment(project, plan, tmp_path / "out")
    team = tmp_path / "team.db"
    with Project.open(team, "adjudicator"):
        pass
    release, original = threading.Event(), team_store.merge_projects

    def held(*args, **kwargs):
        release.wait(30)
        return original(*args, **kwargs)

    monkeypatch.setattr(team_store, "merge_projects", held)
    records = []
    parent = _parent(qtbot)
    dialog = MergeDialog(parent, team, "adjudicator", team_reviewers=["adjudicator"], on_merged=records.append)
    dialog.add_sources([kim_file])
    dialog.merge_button.click()
    assert not dialog.merge_button.isEnabled()
    dialog.task.cancel()
    release.set()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    assert dialog.report.cancelled and "cancelled" in dialog.result_view.toPlainText() and not records
    with Project.open(team, "adjudicator") as project:
        assert project.count_documents() == 0


def _copy_project(source: Path, target: Path) -> None:
    import sqlite3

    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dst)  # the WAL's pages too
    dst.close()
    src.close()


def test_merge_into_the_open_project_says_what_happens_to_it(qtbot, window, tmp_path):
    """The open project offered as a source is refused out loud; a merge that changes the open document shows it
    as merged, keeps the label made before the merge, and clears the undo history that named its old spans."""
    from annotator.ui.team_dialogs import open_merge_dialog

    session, project = window.session, window.project
    doc_id = session.doc_id
    before = {(s.start, s.end, s.label) for s in project.spans(doc_id)}
    free = next(i for i in range(len(session.document.text) - 2)
                if not any(s.start < i + 2 and i < s.end for s in project.spans(doc_id, all_layers=True))
                and session.document.text[i:i + 2].strip() == session.document.text[i:i + 2])
    label = session.scheme.entities[0].name
    assert session.add_span(free, free + 2, label) is not None  # acknowledged: committed at once
    assert session.undo_stack.count() == 1
    laptop = tmp_path / "laptop.annotator.db"
    _copy_project(window.db_path, laptop)
    with Project.open(laptop, project.reviewer) as other:  # the same reviewer, later, on another machine
        taken = {(s.start, s.end) for s in other.spans(doc_id, all_layers=True)}
        spot = next(i for i in range(len(session.document.text) - 2, 0, -1)
                    if all(e <= i or s >= i + 2 for s, e in taken)
                    and session.document.text[i:i + 2].strip() == session.document.text[i:i + 2])
        other.add_span(doc_id, spot, spot + 2, label)
    dialog = open_merge_dialog(window)
    assert str(window.db_path) in dialog.findChild(QLabel, "mergeTarget").text()
    dialog.add_sources([window.db_path])
    note = dialog.findChild(QLabel, "mergeNote")
    assert dialog.sources.count() == 0 and not note.isHidden()
    assert "is the open project" in note.text() and window.db_path.name in note.text()
    dialog.add_sources([laptop])
    assert dialog.sources.count() == 1 and note.isHidden()
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    text = dialog.result_view.toPlainText()
    assert "was changed by the merge: it is shown as merged now." in text
    assert "The undo history was cleared" in text and session.undo_stack.count() == 0
    stored = {(s.start, s.end, s.label) for s in project.spans(doc_id)}
    assert stored == before | {(free, free + 2, label), (spot, spot + 2, label)}
    shown = {(s.start, s.end, s.label) for s in session.state.spans}
    assert shown == stored and window.entity_list.rowCount() == len(session.state.spans)
    dialog.close()


def test_opening_a_project_says_what_happens_to_the_open_one(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMainWindow

    import annotator.ui.launch as launch
    from annotator.ui.main_actions import open_project

    chosen = [str(window.db_path)]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (chosen[0], ""))
    opened = []
    monkeypatch.setattr(launch, "open_main_window", lambda path, **kw: opened.append(path))
    open_project(window)  # the open project again: nothing is reopened, and the window says why
    assert not opened and window.isVisible()
    assert "is the open project already" in window.statusBar().currentMessage()
    other = QMainWindow()
    qtbot.addWidget(other)
    other.db_path = tmp_path / "other.db"
    chosen[0] = str(other.db_path)
    monkeypatch.setattr(launch, "open_main_window", lambda path, **kw: other)
    open_project(window)
    assert not window.isVisible()
    said = other.statusBar().currentMessage()
    assert "Opened other.db" in said and window.db_path.name in said and "every label in it is saved" in said


def test_the_merge_report_counts_what_came_with_the_suggestions(qapp):
    """The app's merge summary says what the CLI's does of suggestions: runs, rejections, reviewers' suggested
    relations and imported files' predicted relations; nothing when none came; in Korean too."""
    from PySide6.QtCore import QTranslator

    from annotator.store.team import MergeReport
    from annotator.ui.app import install_translator
    from annotator.ui.team_dialogs import merge_report_text

    plain = MergeReport(sources=["a.db"], documents_added=2)
    assert "Suggestions" not in merge_report_text(plain)
    report = MergeReport(sources=["a.db", "b.db"], suggestions_written=12, suggestion_documents=3,
                         rejections_written=1, relation_suggestions_written=0, predicted_relations_written=2)
    assert ("Suggestions (not labels): 12 suggestions from newer runs on 3 documents, 1 rejection, 0 suggested"
            " relations with reviewers' layers, 2 predicted relations of imported files' models.") in (
        merge_report_text(report).splitlines())
    assert install_translator(qapp, "ko") is not None
    try:
        assert ("제안(레이블 아님): 문서 3개에 더 새로운 실행의 제안 12개, 거절 1건, 검토자 레이어와 함께 온 제안된 관계 0개,"
                " 가져온 파일 모델의 예측 관계 2개.") in merge_report_text(report).splitlines()
    finally:
        for installed in qapp.findChildren(QTranslator):
            qapp.removeTranslator(installed)


def _with_predictions(tmp_path):
    """The coordinator's project: four plain documents and a Label Studio file's document that brings 3 machine
    suggestions and 2 predicted relations (as in the CLI's test of `annotator assign`)."""
    from annotator.io.importers import import_paths
    from tests.io.test_label_studio_predicted_relations import _tasks, _write
    from tests.store.test_team_predicted_relations import OTHERS, _doc

    path = tmp_path / "project.db"
    with Project.open(path, "coordinator") as project:
        project.add_documents([NewDocument(text=t, title=f"기사 {i}", origin=f"seed.jsonl:{i + 1}")
                               for i, t in enumerate(OTHERS)])
        import_paths(project, [_write(tmp_path / "ls.json", _tasks())])
        return path, project.document_ids(), _doc(project)


def _hand_out(qtbot, path, ids, out, folder_offers) -> str:
    parent = _parent(qtbot)
    dialog = AssignDialog(parent, path, "coordinator", doc_ids=ids, unfinished_ids=ids)
    dialog.reviewers.setText("kim, lee")
    dialog.overlap.setValue(0)
    dialog.seed.setValue(3)
    dialog.folder.setText(str(out))
    dialog.hand_out_button.click()
    qtbot.waitUntil(lambda: bool(folder_offers), timeout=60_000)
    return folder_offers.pop()[1]


def test_the_hand_out_summary_says_what_each_file_carries(qtbot, tmp_path, folder_offers):
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import install_translator

    path, ids, predicted_doc = _with_predictions(tmp_path)
    text = _hand_out(qtbot, path, ids, tmp_path / "out", folder_offers)
    lines = {line.split(":")[0]: line for line in text.splitlines() if line.startswith(("kim:", "lee:"))}
    handed = {}
    for name in ("kim", "lee"):
        with Project.open(tmp_path / "out" / f"{name}.annotator.db", name, read_only=True) as pack:
            handed[name] = pack.document_ids()
    holder = next(name for name, docs in handed.items() if predicted_doc in docs)
    other = ({"kim", "lee"} - {holder}).pop()
    documents = len(handed[holder])
    assert lines[holder] == (f"{holder}: {documents} documents (with 3 machine suggestions and 2 predicted"
                             f" relations) → {holder}.annotator.db")
    assert "with" not in lines[other] and lines[other].endswith(f"→ {other}.annotator.db")  # carries neither

    app = QApplication.instance()
    assert install_translator(app, "ko") is not None
    try:
        text = _hand_out(qtbot, path, ids, tmp_path / "again", folder_offers)
        assert f"{holder}: 문서 {documents}개 (기계 제안 3개, 예측 관계 2개 포함) → {holder}.annotator.db" in text
    finally:
        for installed in app.findChildren(QTranslator):
            app.removeTranslator(installed)


def test_a_new_project_named_without_a_suffix_gets_one_the_open_dialog_shows(qtbot, window, tmp_path, monkeypatch):
    """Typing "policy2026" in File ▸ Open made a project file "policy2026", which the dialog's filter
    (*.db *.annotator.db *.sqlite) then hid: the project seemed gone."""
    from PySide6.QtWidgets import QFileDialog

    import annotator.ui.launch as launch
    from annotator.ui.main_actions import open_project

    chosen = [str(tmp_path / "policy2026")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (chosen[0], ""))
    opened = []
    monkeypatch.setattr(launch, "open_main_window", lambda path, **kw: opened.append(path))
    open_project(window)
    assert opened == [tmp_path / "policy2026.annotator.db"]
    (tmp_path / "kept").write_bytes(b"")  # an existing file is opened as it is named (and refused if no project)
    chosen[0] = str(tmp_path / "kept")
    open_project(window)
    assert opened[-1] == tmp_path / "kept"
