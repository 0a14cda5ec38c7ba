"""File ▸ Recent projects: the projects opened before, newest first, each opened as File ▸ Open project… opens one."""

from __future__ import annotations

from pathlib import Path

from annotator.store import Project
from annotator.ui import recent_projects
from annotator.ui.recent_projects import MAX_RECENT, recent, remember
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def test_remember_puts_a_project_first_once_and_keeps_the_newest(settings_dir, tmp_path):
    from annotator.ui.app import app_settings

    settings = app_settings()
    paths = [tmp_path / f"p{n}.annotator.db" for n in range(MAX_RECENT + 2)]
    for path in paths:
        remember(settings, path)
    remember(settings, paths[3])
    got = recent(settings)
    assert got[0] == paths[3].resolve() and len(got) == MAX_RECENT and len(set(got)) == len(got)
    assert paths[0].resolve() not in got  # the oldest fell off


def test_the_menu_opens_another_recent_project_and_greys_a_missing_one(window, tmp_path, monkeypatch):
    other = tmp_path / "other.annotator.db"
    Project.open(other, "kim").close()
    gone = tmp_path / "gone.annotator.db"
    remember(window.settings, gone)
    remember(window.settings, other)
    remember(window.settings, window.db_path)  # the open one: first, and not offered
    recent_projects.fill(window, window.recent_menu)
    actions = [a for a in window.recent_menu.actions() if a.data()]
    assert [Path(a.data()) for a in actions] == [other.resolve(), gone.resolve()]
    assert actions[0].isEnabled() and not actions[1].isEnabled() and "(missing)" in actions[1].text()
    opened = []
    monkeypatch.setattr("annotator.ui.launch.open_main_window",
                        lambda path, **kwargs: opened.append(Path(path)) or None)
    actions[0].trigger()
    assert opened == [other.resolve()]


def test_clear_the_list_keeps_only_the_open_project(window, tmp_path):
    remember(window.settings, tmp_path / "a.annotator.db")
    recent_projects.fill(window, window.recent_menu)
    clear = next(a for a in window.recent_menu.actions() if a.text() == "&Clear the list")
    clear.trigger()
    assert recent(window.settings) == [Path(window.db_path).resolve()]
    assert not [a for a in window.recent_menu.actions() if a.data()]
