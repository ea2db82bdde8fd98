"""The sharded study workflow (workflows/study/Snakefile) on a real Snakemake: the bundled Chapman
excerpt's study in 4 shards (`ecglens study --shard I/4`), merged by `ecglens study merge` under
Snakemake's local executor, gives the output folder of a single ``ecglens study`` run byte for
byte: every file, models, predictions, study.json, evaluation, figures, report and step cache.

Skips with a message when the ``snakemake`` command is absent (Scripts/setup.sh installs it).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPOSITORY, SAMPLES

SNAKEFILE = REPOSITORY / "workflows" / "study" / "Snakefile"


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_four_study_shards_merged_by_snakemake_equal_the_single_run(cli: Path, tmp_path: Path) -> None:
    snakemake = shutil.which("snakemake")
    if snakemake is None:
        pytest.skip("the snakemake command is not on PATH: pip install snakemake (Scripts/setup.sh does)")
    config = tmp_path / "study.json"
    config.write_text(json.dumps({
        "name": "Sharded Chapman excerpt",
        "source": {"kind": "muse", "file": str(SAMPLES / "chapman" / "Diagnostics-first2000.csv")},
        "labels": {"categorical": ["rhythm"], "multi_valued": ["beat"], "ignore": ["NONE"], "min_count": 100},
        "targets": "all", "rfe": True, "min_positives": 5,
        "split": {"folds": 10, "seed": 0}, "bootstrap": {"resamples": 200},
    }))
    # The single run and the merge write the same folder: study.json records absolute paths.
    out = tmp_path / "out"
    done = subprocess.run([str(cli), "study", str(config), "--out", str(out), "--jobs", "1"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    single = tmp_path / "single"
    out.rename(single)

    run = subprocess.run(
        [snakemake, "--snakefile", str(SNAKEFILE), "--cores", "2", "--quiet",
         "--config", f"config={config}", "shards=4", f"out={out}", f"parts={tmp_path / 'parts'}", f"ecglens={cli}"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    manifests = sorted((tmp_path / "parts").glob("part-*/study-shard.json"))
    assert [p.parent.name for p in manifests] == [f"part-{i}" for i in range(1, 5)]
    targets = [t for p in manifests for t in json.loads(p.read_text())["targets"]]
    assert sorted(targets) == sorted(json.loads(manifests[0].read_text())["study_targets"])

    merged, reference = files(out), files(single)
    assert sorted(merged) == sorted(reference)
    assert [name for name in reference if merged[name] != reference[name]] == []
    assert "study/report.html" in merged and ".ecglens-cache.json" in merged
    # 7 targets, 3 variants each (the config's default ablation).
    assert len([n for n in merged if n.endswith("model.json")]) == 21
