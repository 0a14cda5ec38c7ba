"""`annotator --db P` (and `python main.py --db P`) opens the app on P, as `annotator gui --db P` does; it said
"argument COMMAND: invalid choice: 'P'" (session 27's walk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import cli
from annotator.commands import gui


@pytest.mark.parametrize("argv", [["--db", "team.db"], ["--db=team.db"], ["gui", "--db", "team.db"]])
def test_db_alone_opens_the_app_on_that_project(monkeypatch, argv):
    opened = []
    monkeypatch.setattr(gui, "run_gui", lambda db=None: opened.append(db) or 0)
    assert cli.main(argv) == 0
    assert opened == [Path("team.db")]


def test_an_unknown_command_still_says_so(capsys):
    with pytest.raises(SystemExit):
        cli.main(["teamdb"])
    assert "invalid choice" in capsys.readouterr().err
