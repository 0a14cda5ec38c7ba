"""Store errors. Every message names the database file and says what to do."""


class ProjectError(Exception):
    """A project database could not be opened or changed; the message is for the user."""


class NotAProjectError(ProjectError):
    """The file is not SQLite, or is SQLite but not an annotator project."""


class CorruptDatabaseError(ProjectError):
    """SQLite reports the file as damaged."""


class NewerSchemaError(ProjectError):
    """The file was written by a newer version of the tool."""


class ProjectLockedError(ProjectError):
    """Another process holds a lock on the database for too long."""


class AnnotationError(ProjectError):
    """An annotation edit was refused (overlap, bad offsets, unknown label, disallowed relation)."""
