"""View ▸ Hide boilerplate lines is kept from one session to the next, as the arcs mode is."""

from __future__ import annotations

from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def test_hide_boilerplate_is_restored_in_the_next_window(window, qtbot, sample_project, sample_path_db):
    from annotator.ui.app import app_settings
    from annotator.ui.main_window import MainWindow

    assert not window.editor.collapse
    window.actions_by_name["collapse"].trigger()
    assert window.editor.collapse and window.settings.value("view/hide_boilerplate") in (True, "true")
    window.settings.sync()
    later = MainWindow(sample_project, db_path=sample_path_db, settings=app_settings(), use_morphology=False)
    qtbot.addWidget(later)
    assert later.editor.collapse and later.actions_by_name["collapse"].isChecked()
    assert later.editor.collapse_button.isChecked()
    later.editor.collapse_button.click()  # off again, from the article's own button
    assert not later.editor.collapse and later.settings.value("view/hide_boilerplate") in (False, "false")
