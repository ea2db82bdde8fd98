"""Paths and shared fixtures of the Python tests.

The repository's bundled records (Samples/) are always there; the shared data (``$ECGLENS_DATA``,
default ``../shared/data`` beside the repository) is used when present and skipped with a message
otherwise. The ``ecglens`` command (``$ECGLENS_CLI``, default ``.build/release/ecglens``) is the
reference the parity tests compare with; Scripts/test_python.sh builds it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
SAMPLES = REPOSITORY / "Samples"
SHARED_DATA = Path(os.environ.get("ECGLENS_DATA") or (REPOSITORY.parent / "shared" / "data")).resolve()
CLI = Path(os.environ.get("ECGLENS_CLI") or (REPOSITORY / ".build" / "release" / "ecglens"))


def shared(subfolder: str) -> Path:
    """A folder of the shared data, or a skip naming where it was looked for."""
    path = SHARED_DATA / subfolder
    if not path.exists():
        pytest.skip(f"shared data {path} is absent (set ECGLENS_DATA to the data folder)")
    return path


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `ecglens` command built from this repository."""
    if not CLI.is_file():
        pytest.skip(f"{CLI} is absent: run `swift build -c release` (Scripts/test_python.sh does) or set ECGLENS_CLI")
    return CLI


def run_cli(cli: Path, *arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Runs the command; exit statuses 0 and 1 (done, some inputs skipped) are accepted."""
    done = subprocess.run([str(cli), *arguments], capture_output=True, text=True, cwd=cwd)
    assert done.returncode in (0, 1), f"{cli} {' '.join(arguments)} failed ({done.returncode}): {done.stderr}"
    return done


@pytest.fixture(scope="session")
def sample_study(cli, tmp_path_factory) -> Path:
    """The README's main job (`ecglens study Samples/chapman/study.json`) run on a copy of Samples."""
    root = tmp_path_factory.mktemp("study")
    shutil.copytree(SAMPLES, root / "Samples")
    run_cli(cli, "study", "Samples/chapman/study.json", cwd=root)
    return root / "studies" / "chapman-sample" / "study"
