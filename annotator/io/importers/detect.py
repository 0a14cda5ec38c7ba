"""Which format a file is in (--format auto), and which files of a folder to import."""

from __future__ import annotations

import os
from pathlib import Path

from annotator.core.text import normalize_newlines
from annotator.io.importers.registry import EXTENSIONS, IMPORTERS

# Suffixes that several formats use or that say nothing definite: decided by content.
_AMBIGUOUS = {".txt", ".tsv", ".json", ".text", ""}
_SNIFF_ORDER = ("webanno", "klue", "conll", "label_studio", "jsonl", "html")


class FormatError(ValueError):
    """No importer fits this file; the message says why."""


def known_extensions(format: str = "auto") -> set[str]:
    names = list(IMPORTERS) if format == "auto" else [format]
    return {ext for name in names for ext in EXTENSIONS[name]}


def files_under(folder: Path, format: str = "auto", left_out: list[Path] | None = None,
                passed_over: list[tuple[Path, str]] | None = None) -> list[Path]:
    """Files to import below `folder`, recursively, in sorted order; hidden files and folders are left out,
    and so are files whose suffix no importer reads (images, office files, README without suffix ...),
    which are appended to `left_out` when given so the run can say what it passed over. What cannot be read
    as a file is appended to `passed_over` as (path, why): a folder that cannot be listed, a pipe, socket or
    device (reading one would block), a broken or looping link, a link to a folder (not followed, so a loop
    cannot recur). Those were left out without a word, and their documents with them."""
    wanted = known_extensions(format)
    found: list[Path] = []
    others: list[Path] = []
    skipped: list[tuple[Path, str]] = []

    def cannot_list(exc: OSError) -> None:
        skipped.append((Path(exc.filename or folder), f"cannot read this folder ({exc.strerror or exc}); the files"
                                                      " in it are not imported"))

    for top, dirs, names in os.walk(folder, onerror=cannot_list):
        here = Path(top)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in [d for d in dirs if (here / d).is_symlink()]:
            dirs.remove(name)
            skipped.append((here / name, "a link to a folder, not followed; import that folder by its own path"))
        for name in names:
            path = here / name
            if name.startswith("."):
                continue
            if path.is_file():
                (found if path.suffix.lower() in wanted else others).append(path)
            elif not path.exists():
                skipped.append((path, "a broken link (its target is missing, or it links back to itself); skipped"))
            else:
                skipped.append((path, "not a regular file (a pipe, socket or device); skipped"))
    if left_out is not None:
        left_out.extend(sorted(others))
    if passed_over is not None:
        passed_over.extend(sorted(skipped))
    return sorted(found)


def choose_format(path: Path, head: bytes, encoding: str, format: str = "auto") -> str | None:
    """The format name for `path`, or None when the file is read through another one (the .txt beside
    a brat .ann). Raises FormatError when no importer fits."""
    if format != "auto":
        return format
    suffix = path.suffix.lower()
    if suffix == ".txt" and "brat" in IMPORTERS and path.with_suffix(".ann").exists():
        return None  # brat's text file: read through its .ann
    by_suffix = [name for name in IMPORTERS if suffix in EXTENSIONS[name]]
    if len(by_suffix) == 1 and suffix not in _AMBIGUOUS:
        return by_suffix[0]
    text = normalize_newlines(head.decode(encoding, "replace"))
    for name in _SNIFF_ORDER:
        if name in IMPORTERS and IMPORTERS[name].sniff(text):
            return name
    if suffix == ".json" and "jsonl" in IMPORTERS:
        return "jsonl"  # its parser reports what is wrong line by line
    if suffix == ".tsv":
        raise FormatError("a .tsv file that is neither WebAnno TSV, KLUE-NER character-BIO nor CoNLL; use --format")
    if by_suffix:
        return by_suffix[0]
    return "txt"  # any other text file is read as one article
