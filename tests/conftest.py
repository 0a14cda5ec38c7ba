"""Shared fixtures. Tests never touch the user's real data folder, settings or ../shared."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_REVIEWER", "tester")
# No background pre-annotation worker (and spaCy model load) in every window a test opens; its tests turn it on.
os.environ.setdefault("ANNOTATOR_BACKGROUND_SUGGESTIONS", "0")

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def project(db_path):
    from annotator.store import Project

    p = Project.open(db_path, "tester")
    yield p
    p.close()


@pytest.fixture
def child_cannot_open(monkeypatch):
    """Project.open refuses read-only opens: a forked export child (annotator.io.exporters.halves.fork_reader)
    fails, and the parent must do its share."""
    from annotator.store import Project

    real_open = Project.open

    def open_fails_in_the_child(path, reviewer=None, **kw):
        if kw.get("read_only"):
            raise OSError("no file for you")
        return real_open(path, reviewer, **kw)

    monkeypatch.setattr(Project, "open", staticmethod(open_fails_in_the_child))
