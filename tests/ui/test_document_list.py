"""The lazy document list: pages fetched on demand, bounded cache, status filter, FTS search of Korean text."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store import Project
from annotator.ui.document_list import MAX_CACHED_PAGES, PAGE_SIZE, DocumentListModel, DocumentListPanel
from tests.ui.mw_support import extra_documents, sample_path_db, sample_project, search  # noqa: F401 (fixtures)


def _big_project(tmp_path, n=2500) -> Project:
    project = Project.open(tmp_path / "big.db", "kim")
    project.add_documents(extra_documents(n))
    return project


def test_rows_are_fetched_a_page_at_a_time_and_the_cache_is_bounded(qtbot, tmp_path, monkeypatch):
    project = _big_project(tmp_path)
    calls = []
    real_page = project.document_page
    monkeypatch.setattr(project, "document_page", lambda *a, **k: calls.append(a) or real_page(*a, **k))
    model = DocumentListModel(project)
    assert model.rowCount() == 2500
    assert calls == []  # counting does not fetch rows
    index = model.index(2100, DocumentListModel.TITLE)
    assert model.data(index) == "문서 2100"
    assert calls == [(2000, PAGE_SIZE)]
    model.data(model.index(2101, DocumentListModel.TITLE))
    assert len(calls) == 1  # same page, served from the cache
    for row in range(0, 2500, PAGE_SIZE):
        model.data(model.index(row, 0))
    assert len(model._pages) <= MAX_CACHED_PAGES
    assert model.data(model.index(2499, DocumentListModel.SOURCE)) == "synthetic"
    project.close()


def test_columns_show_status_entity_count_and_last_edit(qtbot, sample_project):
    model = DocumentListModel(sample_project)
    first = sample_project.document_ids()[0]
    sample_project.set_status(first, "done")
    model.reload()
    assert model.columnCount() == 9  # ... the article's date and outlet, and a search's hits and snippet
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(9)]
    assert headers == ["Title", "Source", "Status", "Entities", "Last edit", "Date", "Outlet", "Hits", "Found in"]
    assert model.data(model.index(0, DocumentListModel.STATUS)) == "done"
    # one per place and label, whichever layers hold it (kim's copies of the imported labels count once)
    distinct = {(s.start, s.end, s.label) for s in sample_project.spans(first, all_layers=True)}
    assert len(sample_project.spans(first, all_layers=True)) == 2 * len(distinct) == 2 * len(sample_project.spans(first))
    assert model.data(model.index(0, DocumentListModel.ENTITIES)) == len(distinct)
    assert model.data(model.index(0, DocumentListModel.UPDATED))
    assert model.data(model.index(0, 0), DocumentListModel.DocIdRole) == first


def test_status_filter_and_neighbours(qtbot, sample_project):
    ids = sample_project.document_ids()
    sample_project.set_status(ids[1], "done")
    model = DocumentListModel(sample_project)
    model.set_filter(status="new")
    assert model.rowCount() == 2
    assert [model.doc_id_at(r) for r in range(2)] == [ids[0], ids[2]]
    assert model.row_of(ids[1]) is None  # hidden by the filter
    assert model.row_of(ids[2]) == 1
    # the next "new" document after one that has just left the filter
    assert model.neighbour(ids[1], 1) == ids[2]
    assert model.neighbour(ids[1], -1) == ids[0]
    assert model.neighbour(ids[2], 1) is None
    assert model.neighbour(None, 1) == ids[0]


def test_search_finds_korean_substrings_and_refresh_updates_counts(qtbot, sample_project):
    model = DocumentListModel(sample_project)
    model.set_filter(query="혁신 특구")  # FTS5 trigram, inside words
    hits = sample_project.search("혁신 특구")
    assert hits and model.rowCount() == len(hits) < 3
    model.set_filter(query="특구")  # two characters: LIKE fallback
    assert model.rowCount() == len(sample_project.search("특구")) > 0
    model.set_filter(query="")
    doc_id = model.doc_id_at(0)
    before = model.data(model.index(0, DocumentListModel.ENTITIES))
    sample_project.add_span(doc_id, 0, 3, "ORG")
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append(a.row()))
    model.refresh_document(doc_id)
    assert changed == [0]
    assert model.data(model.index(0, DocumentListModel.ENTITIES)) == before + 1


def test_panel_filters_from_the_combo_and_search_box(qtbot, sample_project):
    panel = DocumentListPanel(sample_project)
    qtbot.addWidget(panel)
    ids = sample_project.document_ids()
    sample_project.set_status(ids[0], "skipped")
    panel.set_status_filter("skipped")
    assert panel.model.rowCount() == 1
    panel.set_status_filter(None)
    assert panel.model.rowCount() == 3
    with qtbot.waitSignal(panel.search_changed, timeout=10_000) as blocker:
        panel.search_box.setText("규제자유특구")  # debounced
    assert blocker.args == ["규제자유특구", False]
    assert panel.model.rowCount() == len(sample_project.search("규제자유특구"))
    with qtbot.waitSignal(panel.document_activated) as activated:
        panel.view.clicked.emit(panel.model.index(0, 0))
    assert activated.args == [panel.model.doc_id_at(0)]
    panel.select_document(panel.model.doc_id_at(0))
    assert panel.selected_doc_ids() == [panel.model.doc_id_at(0)]


def test_search_across_spacing_shows_hits_and_snippet_columns(qtbot, sample_project):
    from annotator.core.model import NewDocument

    sample_project.add_documents([NewDocument("강원 글로벌 혁신 특구에 120억 원.\n혁신특구 지정.", title="spacing")])
    panel = DocumentListPanel(sample_project)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.view.isColumnHidden(DocumentListModel.HITS)
    search(qtbot, panel, "혁신특구")
    model = panel.model
    rows = {model.data(model.index(r, 0)): r for r in range(model.rowCount())}
    row = rows["spacing"]
    assert model.data(model.index(row, DocumentListModel.HITS)) == 2
    assert "글로벌 혁신 특구" in model.data(model.index(row, DocumentListModel.SNIPPET))
    assert not panel.view.isColumnHidden(DocumentListModel.HITS)
    assert not panel.view.isColumnHidden(DocumentListModel.SNIPPET)
    with qtbot.waitSignal(panel.search_changed) as blocker:
        panel.spacing_button.setChecked(True)
    assert blocker.args == ["혁신특구", True]
    rows = {model.data(model.index(r, 0)): r for r in range(model.rowCount())}
    assert model.data(model.index(rows["spacing"], DocumentListModel.HITS)) == 1


def test_search_highlight_uses_a_colour_no_label_uses(qtbot, sample_project):
    from PySide6.QtGui import QColor

    from annotator.ui.article_view import search_color

    scheme = sample_project.scheme()
    colour = search_color(scheme)
    assert colour.name() not in {QColor(e.color).name() for e in scheme.entities}
    nearest = min(abs(colour.red() - QColor(e.color).red()) + abs(colour.green() - QColor(e.color).green())
                  + abs(colour.blue() - QColor(e.color).blue()) for e in scheme.entities)
    assert nearest > 120  # clearly apart from every pastel label, DATE's yellow included


def test_a_project_with_no_document_says_how_documents_come_in(qtbot, project):
    """A new project (File ▸ Open, a new name) showed an empty list and an empty article, and nothing else."""
    from annotator.core.model import NewDocument

    panel = DocumentListPanel(project)
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.empty_note.isHidden()
    assert "No documents in this project yet." in panel.empty_note.text() and "Ctrl+I" in panel.empty_note.text()
    project.add_documents([NewDocument(text="강원 규제자유특구 기사", title="기사")])
    panel.model.reload()
    assert panel.empty_note.isHidden()
