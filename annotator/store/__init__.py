"""SQLite project store: schema, migrations and the Project repository."""

from annotator.store.errors import (
    AnnotationError,
    CorruptDatabaseError,
    NewerSchemaError,
    NotAProjectError,
    ProjectError,
    ProjectLockedError,
)
from annotator.store.project import AddResult, DocumentRow, Project

__all__ = [
    "AddResult", "AnnotationError", "CorruptDatabaseError", "DocumentRow", "NewerSchemaError",
    "NotAProjectError", "Project", "ProjectError", "ProjectLockedError",
]
