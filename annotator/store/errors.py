"""Store errors. Every message names the database file and says what to do."""

import sqlite3


# What SQLite raises, named here so that code above the store catches it without importing sqlite3.
DatabaseError = sqlite3.Error


class ProjectError(Exception):
    """A project database could not be opened or changed; the message is for the user."""


class NotAProjectError(ProjectError):
    """The file is not SQLite, or is SQLite but not an annotator project."""


class CorruptDatabaseError(ProjectError):
    """SQLite reports the file as damaged, or a stored text no longer matches its checksum."""


def text_checksum_error(path, doc_id: int) -> CorruptDatabaseError:
    """A stored text that no longer matches its checksum, found while exporting (nothing is written)."""
    return CorruptDatabaseError(
        f"{path}: the text of document {doc_id} does not match its checksum (the file is damaged);"
        " nothing was exported. Restore a backup, or run `sqlite3 FILE .recover` on a copy"
    )


class NewerSchemaError(ProjectError):
    """The file was written by a newer version of the tool."""


class StoreUnavailableError(ProjectError):
    """The database cannot take writes now (disk full, locked, read-only): a run of imports must stop
    there; it is not a problem of the record being stored."""


class ProjectLockedError(StoreUnavailableError):
    """Another process holds a lock on the database for too long."""


class DiskFullError(StoreUnavailableError):
    """SQLite could not grow the file or its journal: the disk (or the database's size limit) is full."""


class DiskIOError(StoreUnavailableError):
    """A read or write of the file failed (SQLite's disk I/O error): a failing disk, a full one that did not say
    so, a file-size limit. Not damage: what was committed is kept."""


class ReadOnlyProjectError(StoreUnavailableError):
    """The file or its folder cannot be written."""


class AnnotationError(ProjectError):
    """An annotation edit was refused (overlap, bad offsets, unknown label, disallowed relation)."""


class OverlapError(AnnotationError):
    """A new or moved entity would overlap the entity `label` at [start, end) of the same layer (the app says it in
    the UI language)."""

    def __init__(self, label: str, start: int, end: int) -> None:
        super().__init__(f"overlaps the {label} entity at {start}–{end}; entities in the NER layer cannot overlap")
        self.label, self.start, self.end = label, start, end
