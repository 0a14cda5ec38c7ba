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
