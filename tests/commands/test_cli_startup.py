"""A subcommand's run loads that command only; `annotator --help` and mistakes still see every command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotator import cli

NAMES = [cli.command_name(m) for m in cli.COMMAND_MODULES]


def test_every_command_has_the_same_options_with_its_own_parser_as_with_the_whole_one(capsys):
    whole = cli.build_parser()
    for name in NAMES:
        helps = []
        for parser in (cli.build_parser(name), whole):
            with pytest.raises(SystemExit):
                parser.parse_args([name, "--help"])
            helps.append(capsys.readouterr().out)
        assert helps[0] == helps[1] and f"usage: annotator {name}" in helps[0]


def test_an_import_loads_no_other_command_module():
    code = ("import sys; from annotator import cli; p = cli.build_parser('import'); p.parse_args(['import', 'x']);"
            "print(sorted(m for m in sys.modules if m.startswith('annotator.commands.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "annotator.commands.import_" in loaded
    assert not [name for name in NAMES if name != "import" and f"annotator.commands.{name}'" in loaded]


def test_help_and_unknown_commands_list_every_command(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    shown = capsys.readouterr().out
    assert all(name in shown for name in NAMES)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["imprt", "x"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'imprt'" in capsys.readouterr().err
