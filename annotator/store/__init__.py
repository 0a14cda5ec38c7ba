"""SQLite project store: schema, migrations and the Project repository."""

from annotator.store.errors import (
    AnnotationError,
    CorruptDatabaseError,
    DiskFullError,
    NewerSchemaError,
    NotAProjectError,
    OverlapError,
    ProjectError,
    ProjectLockedError,
    ReadOnlyProjectError,
    StoreUnavailableError,
)
from annotator.store.listing import DocumentRow
from annotator.store.project import AddResult, Project

__all__ = [
    "AddResult", "AnnotationError", "CorruptDatabaseError", "DiskFullError", "DocumentRow", "NewerSchemaError",
    "NotAProjectError", "OverlapError", "Project", "ProjectError", "ProjectLockedError",
    "ReadOnlyProjectError", "StoreUnavailableError",
]
