"""The scheme dialog: edits, presets, JSON import/export, renames keep spans, deleting a used label asks first."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator.core.scheme import LabelScheme, default_scheme, klue_scheme
from annotator.ui.scheme_dialog import SchemeDialog, preset_paths
from annotator.ui.session import Session
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


@pytest.fixture
def dialog(qtbot, sample_project):
    session = Session(sample_project)
    dlg = SchemeDialog(session)
    qtbot.addWidget(dlg)
    return dlg


def _row(table, name):
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == name)


@pytest.fixture
def questions(monkeypatch):
    """Record QMessageBox.question prompts and answer them with `answer[0]`."""
    asked, answer = [], [QMessageBox.StandardButton.No]

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked, answer


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    return shown


def test_it_shows_the_project_scheme(dialog):
    scheme = default_scheme()
    assert dialog.entity_table.rowCount() == len(scheme.entities) == 11
    assert dialog.relation_table.rowCount() == len(scheme.relations) == 11
    row = _row(dialog.entity_table, "ZONE")
    assert [dialog.entity_table.item(row, c).text() for c in range(4)] == ["ZONE", "특구", "#f4a3c0", "5"]
    rel = _row(dialog.relation_table, "located_in")
    assert dialog.relation_table.item(rel, 2).text() == "ORG, ZONE, EVENT" or set(
        dialog.relation_table.item(rel, 2).text().split(", ")) == {"ZONE", "ORG", "EVENT"}
    assert dialog.relation_table.item(rel, 3).text() == "LOC"
    assert set(preset_paths()) >= {"default", "klue"}


def test_editing_display_colour_key_and_description_is_saved(dialog, sample_project):
    t = dialog.entity_table
    row = _row(t, "DATE")
    t.item(row, 1).setText("일자")
    t.item(row, 2).setText("#123456")
    t.item(row, 3).setText("d")
    t.item(row, 4).setText("Dates and times")
    assert dialog.apply()
    date = sample_project.scheme().entity("DATE")
    assert (date.display, date.color, date.key, date.description) == ("일자", "#123456", "d", "Dates and times")


def test_renaming_a_label_keeps_its_spans_and_its_relation_rules(dialog, sample_project):
    before = sample_project.label_usage("ORG")
    assert before > 0
    t = dialog.entity_table
    t.item(_row(t, "ORG"), 0).setText("INST")
    rel = _row(dialog.relation_table, "belongs_to")
    assert dialog.relation_table.item(rel, 3).text() == "INST"  # the rule follows the rename
    assert dialog.apply()
    assert sample_project.label_usage("INST") == before
    assert sample_project.scheme().entity("ORG") is None
    assert sample_project.scheme().relation("belongs_to").tails == ["INST"]


def test_deleting_a_used_label_asks_with_the_span_count(dialog, sample_project, questions):
    asked, answer = questions
    used = sample_project.label_usage("MONEY")
    assert used > 0
    t = dialog.entity_table
    t.setCurrentCell(_row(t, "MONEY"), 0)
    dialog._remove_row(t)
    assert "MONEY" not in dialog.relation_table.item(_row(dialog.relation_table, "has_amount"), 3).text()
    assert not dialog.apply()  # answered No: nothing changes
    assert f"MONEY: {used} spans" in asked[0]
    assert sample_project.label_usage("MONEY") == used
    answer[0] = QMessageBox.StandardButton.Yes
    assert dialog.apply()
    assert sample_project.scheme().entity("MONEY") is None
    assert sample_project.label_usage("MONEY") == 0


def test_deleting_an_unused_label_does_not_ask(dialog, sample_project, questions):
    asked, _ = questions
    t = dialog.entity_table
    row = dialog.add_entity_row()
    t.item(row, 0).setText("NEWLABEL")
    assert dialog.apply()
    assert sample_project.scheme().entity("NEWLABEL") is not None
    dialog.load_scheme(sample_project.scheme(), keep_identity=True)
    t.setCurrentCell(_row(t, "NEWLABEL"), 0)
    dialog._remove_row(t)
    assert dialog.apply()
    assert asked == []
    assert sample_project.scheme().entity("NEWLABEL") is None


def test_invalid_scheme_is_refused_with_a_message(dialog, sample_project, warnings):
    t = dialog.entity_table
    t.item(_row(t, "PERSON"), 3).setText("1")  # the key of ORG
    assert not dialog.apply()
    assert "key" in warnings[0]
    assert sample_project.scheme().entity("PERSON").key == "2"


def test_klue_preset_and_json_round_trip(dialog, sample_project, tmp_path, questions):
    asked, answer = questions
    dialog.load_file(preset_paths()["klue"])
    names = [dialog.entity_table.item(r, 0).text() for r in range(dialog.entity_table.rowCount())]
    assert names == [e.name for e in klue_scheme().entities] and "PS" in names
    out = tmp_path / "scheme.json"
    assert dialog.export_file(out)
    assert LabelScheme.load(out).to_dict() == dialog.scheme().to_dict()
    answer[0] = QMessageBox.StandardButton.Yes
    assert dialog.apply()  # every default label is in use → asked once, then replaced
    assert len(asked) == 1
    assert [e.name for e in sample_project.scheme().entities] == names
    dialog.load_file(preset_paths()["default"])
    assert dialog.apply()
    assert [e.name for e in sample_project.scheme().entities] == [e.name for e in default_scheme().entities]


def test_saving_through_the_window_updates_the_palette(window, monkeypatch):
    dlg = SchemeDialog(window.session, window)
    t = dlg.entity_table
    t.item(_row(t, "LOC"), 1).setText("장소")
    assert dlg.apply()
    assert window.palette.button("LOC").text() == "4 장소"
    dlg.deleteLater()


def test_suggestion_patterns_survive_editing_and_renaming(dialog, sample_project):
    patterns = default_scheme().entity("MONEY").patterns
    assert patterns and sample_project.scheme().entity("MONEY").patterns == patterns
    t = dialog.entity_table
    t.item(_row(t, "MONEY"), 0).setText("AMOUNT")
    t.item(_row(t, "AMOUNT"), 1).setText("액수")
    assert dialog.apply()
    assert sample_project.scheme().entity("AMOUNT").patterns == patterns


def test_report_roles_are_shown_kept_through_a_rename_and_editable(dialog, sample_project):
    t, r = dialog.entity_table, dialog.relation_table
    assert t.cellWidget(_row(t, "ZONE"), 5).currentData() == "zone"
    assert r.cellWidget(_row(r, "located_in"), 5).currentData() == "location"
    t.item(_row(t, "ZONE"), 0).setText("SPECIAL_ZONE")
    dialog.set_role(t, _row(t, "EVENT"), "date")  # any label may take a role
    assert dialog.apply()
    scheme = sample_project.scheme()
    assert scheme.entity("SPECIAL_ZONE").role == "zone" and scheme.entity("EVENT").role == "date"
    assert scheme.relation("designates").role == "designation"


def test_the_role_column_fits_the_longest_role_choice(dialog):
    for table in (dialog.entity_table, dialog.relation_table):
        combos = [table.cellWidget(row, 5) for row in range(table.rowCount())]
        widest = max(combo.sizeHint().width() for combo in combos)
        assert table.columnWidth(5) >= widest  # "기관 (organisation)" was cut to "기관 (organi"
