"""SQLite project store: schema, migrations and the Project repository."""

from annotator.store.errors import (
    AnnotationError,
    CorruptDatabaseError,
    NewerSchemaError,
    NotAProjectError,
    ProjectError,
    ProjectLockedError,
)
from annotator.store.listing import DocumentRow
from annotator.store.project import AddResult, Project

__all__ = [
    "AddResult", "AnnotationError", "CorruptDatabaseError", "DocumentRow", "NewerSchemaError",
    "NotAProjectError", "Project", "ProjectError", "ProjectLockedError",
]
