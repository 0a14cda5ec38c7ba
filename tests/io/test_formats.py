"""The format table drives the CLI choices, detection, the exporters and the dialogs' lists."""

from __future__ import annotations

import argparse

import pytest

from annotator.io import formats
from annotator.io.exporters import EXPORTERS, OUTPUT_SUFFIX, exporter
from annotator.io.importers import IMPORTERS
from annotator.io.importers.detect import known_extensions


def test_every_module_of_the_table_loads_and_names_its_format():
    for spec in formats.FORMATS:
        module = spec.load()
        if spec.direction == formats.IMPORT:
            assert module.FORMAT == spec.name and callable(module.parse) and callable(module.sniff)
        else:
            assert callable(module.export)


def test_the_importers_exporters_and_detection_come_from_the_table():
    assert list(IMPORTERS) == list(formats.names(formats.IMPORT))
    assert list(EXPORTERS) == list(formats.names(formats.EXPORT))
    assert OUTPUT_SUFFIX["csv"] == ".csv" and OUTPUT_SUFFIX["brat"] == ""
    assert known_extensions() == formats.import_suffixes()
    assert {".ann", ".conllu", ".iob2", ".ndjson"} <= known_extensions() and ".zip" not in known_extensions()
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        exporter("xml")


def test_the_cli_offers_exactly_the_table():
    from annotator.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    import_format = next(a for a in sub.choices["import"]._actions if a.dest == "format")
    assert list(import_format.choices) == ["auto", *formats.names(formats.IMPORT)]
    export = next(a for a in sub.choices["export"]._actions if isinstance(a, argparse._SubParsersAction))
    assert list(export.choices) == list(formats.names(formats.EXPORT))


def test_the_import_dialog_filter_lists_every_readable_suffix_and_nothing_else():
    text = formats.import_dialog_filter()
    first, *per_format, everything = text.split(";;")
    listed = set(first[first.index("(") + 1 : -1].split())
    assert listed == {f"*{s}" for s in formats.import_suffixes()}
    assert len(per_format) == len(formats.formats(formats.IMPORT)) and everything == "All files (*)"
