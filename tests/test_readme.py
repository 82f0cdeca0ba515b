"""The README documents every CLI option, notebook and make target a user needs."""

from __future__ import annotations

from helpers.cli import _parser
from helpers.paths import NOTEBOOKS_DIR, REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_cli_option_is_documented() -> None:
    parser = _parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse has no public API
    for name, sub in commands.items():
        assert f"recount {name}" in README
        for action in sub._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in README, option


def test_every_notebook_is_documented() -> None:
    for notebook in NOTEBOOKS_DIR.glob("[0-9]*.ipynb"):
        assert notebook.name in README


def test_the_two_commands_come_first() -> None:
    first_block = README.split("```")[1]
    assert "make report" in first_block and "make test" in first_block
