"""Where things live: bundled resources, the default project database, the default export folder."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent


def resource_path(*parts: str) -> Path:
    """A run-time resource shipped inside the package (annotator/resources/, declared as package data).
    Installed from a wheel or a checkout alike, the package is a plain folder (importlib.resources would give
    this same path, and its import costs every process that reads a resource ~2 ms)."""
    return PACKAGE_DIR.joinpath("resources", *parts)


def default_db_path() -> Path:
    """--db overrides this; then ANNOTATOR_DB; then the per-user data folder from platformdirs."""
    env = os.environ.get("ANNOTATOR_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("annotator", appauthor=False)) / "project.annotator.db"


def is_source_checkout() -> bool:
    return (SOURCE_ROOT / "pyproject.toml").exists() and (SOURCE_ROOT / "annotator").is_dir()


def default_export_dir() -> Path:
    """exports/ in a source checkout, otherwise a folder in the user's documents."""
    if is_source_checkout():
        return SOURCE_ROOT / "exports"
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "annotator-exports"


def shared_dir() -> Path | None:
    """../shared beside the checkout (benchmarks only; the app never reads it)."""
    candidate = SOURCE_ROOT.parent / "shared"
    return candidate if candidate.is_dir() else None
