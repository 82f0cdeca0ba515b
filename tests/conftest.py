"""Shared fixtures: the default story (parsed once per session) and a small three-article story."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import Story, load_story
from helpers.paths import DEFAULT_STORY

TESTS = Path(__file__).parent
FLOOD_STORY = TESTS / "data" / "flood"
SEED_LEFT, SEED_RIGHT = "000_49e9a47081ea4a4c", "001_4024e26c85e4aea8"


@pytest.fixture(scope="session")
def seeds() -> Story:
    return load_story(DEFAULT_STORY)


@pytest.fixture(scope="session")
def flood() -> Story:
    return load_story(FLOOD_STORY)


@pytest.fixture
def make_story(tmp_path: Path):
    """Write files (name → str or bytes) into a fresh story folder and return its path."""

    def make(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "story"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            path = folder / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return make


def fresh_python(code: str, timeout: int = 300) -> str:
    """Run code in a fresh interpreter (nothing imported yet); fail with its stderr, else give its stdout."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return result.stdout
