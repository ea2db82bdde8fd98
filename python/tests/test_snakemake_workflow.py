"""The Snakemake workflow (workflows/extract/Snakefile) on a real Snakemake: the main job's bundled
records (Samples/ptb-xl and Samples/ludb) in 4 shards, extracted and merged by Snakemake's local
executor, give the features CSV and records report of a single ``ecglens extract``, byte for byte.

Skips with a message when the ``snakemake`` command is absent (Scripts/setup.sh installs it).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPOSITORY, SAMPLES

SNAKEFILE = REPOSITORY / "workflows" / "extract" / "Snakefile"


def test_four_shards_merged_by_snakemake_equal_the_single_run(cli: Path, tmp_path: Path) -> None:
    snakemake = shutil.which("snakemake")
    if snakemake is None:
        pytest.skip("the snakemake command is not on PATH: pip install snakemake (Scripts/setup.sh does)")
    inputs = [str(SAMPLES / "ptb-xl"), str(SAMPLES / "ludb")]
    single = tmp_path / "single.csv"
    done = subprocess.run([str(cli), "extract", *inputs, "--out", str(single)], capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr

    config = tmp_path / "config.yaml"
    config.write_text(
        "inputs:\n"
        + "".join(f"  - '{p}'\n" for p in inputs)
        + f"shards: 4\nout: '{tmp_path / 'sharded'}'\necglens: '{cli}'\n"
    )
    run = subprocess.run(
        [snakemake, "--snakefile", str(SNAKEFILE), "--configfile", str(config), "--cores", "2", "--quiet"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    parts = sorted((tmp_path / "sharded" / "parts").glob("*.manifest.json"))
    assert [p.name for p in parts] == [f"part-{i}.manifest.json" for i in range(1, 5)]
    merged = tmp_path / "sharded" / "features.csv"
    assert merged.read_bytes() == single.read_bytes()
    assert (tmp_path / "sharded" / "features.records.csv").read_bytes() == (tmp_path / "single.records.csv").read_bytes()
    # 14 records, one row each.
    assert merged.read_text().count("\n") == 15
