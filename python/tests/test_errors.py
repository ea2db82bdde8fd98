"""Errors raise Python exceptions carrying ECGLens's message; a batch reports them in a column."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ecglens
from conftest import SAMPLES, run_cli


@pytest.fixture()
def broken(tmp_path):
    """A copy of a PTB-XL sample with its signal file cut short, and one with no signal file."""
    for name in ("00001_hr", "00002_hr"):
        for ext in (".hea", ".dat"):
            shutil.copy(SAMPLES / "ptb-xl" / (name + ext), tmp_path / (name + ext))
    data = (tmp_path / "00001_hr.dat").read_bytes()
    (tmp_path / "00001_hr.dat").write_bytes(data[: len(data) // 2])
    (tmp_path / "00002_hr.dat").unlink()
    return tmp_path


def test_read_errors_name_the_file_and_the_problem(broken):
    truncated = r"00001_hr\.dat: truncated: the header needs 120000 bytes, the file has 60000"
    with pytest.raises(ecglens.RecordReadError, match=truncated):
        ecglens.read(broken / "00001_hr")
    with pytest.raises(ecglens.RecordReadError, match=r"00002_hr\.dat: no such file") as caught:
        ecglens.read(broken / "00002_hr")
    assert caught.value.code == 2 and isinstance(caught.value, OSError)
    # Neither a WFDB header nor a file of another format: the path itself is named.
    with pytest.raises(ecglens.RecordReadError, match=r"nowhere: no such file"):
        ecglens.read(broken / "nowhere")


def test_a_batch_reports_bad_records_in_the_status_column_as_the_command_does(cli, broken, tmp_path):
    shutil.copy(SAMPLES / "ptb-xl" / "00017_hr.hea", broken / "00017_hr.hea")
    shutil.copy(SAMPLES / "ptb-xl" / "00017_hr.dat", broken / "00017_hr.dat")
    frame = ecglens.extract([broken, broken / "missing"])
    assert frame["status"].tolist() == ["error", "error", "ok", "error"]
    assert "truncated" in frame.loc[0, "error"] and str(broken / "00001_hr.dat") in frame.loc[0, "error"]
    assert "no such file" in frame.loc[1, "error"]
    assert frame.loc[3, "error"] == f"{broken / 'missing'}: no such record, folder or record list"
    assert np.isnan(frame.loc[0, "heart_rate_bpm"]) and frame.loc[2, "heart_rate_bpm"] > 0
    # The command skips the same records, with the same reasons.
    out = tmp_path / "out" / "features.csv"
    out.parent.mkdir()
    run_cli(cli, "extract", str(broken), "-o", str(out))
    report = pd.read_csv(tmp_path / "out" / "features.records.csv", dtype=str, keep_default_na=False)
    assert report["status"].tolist() == frame["status"].tolist()[:3]
    assert [e in f for e, f in zip(report["error"], frame["error"])] == [True, True, True]
    with pytest.raises(ecglens.RecordSkippedError, match="truncated"):
        ecglens.extract(broken, errors="raise")


def test_analysis_errors_carry_the_library_text():
    with pytest.raises(ecglens.AnalysisError, match=r"sampling rate 50\.0 Hz is outside 100\.\.\.1000 Hz"):
        ecglens.rpeaks(np.random.default_rng(0).normal(size=5000), fs=50)
    with pytest.raises(ecglens.AnalysisError, match=r"no usable lead \(i: flat; ii: missing\)"):
        ecglens.delineate(np.c_[np.zeros(5000), np.full(5000, np.nan)], fs=500, leads=["I", "II"])
    flat = ecglens.extract(np.zeros((5000, 2)), fs=500, leads=["I", "II"], ids=["flat-one"])
    assert flat.loc[0, "status"] == "error"
    assert flat.loc[0, "error"] == "ECG flat-one: no usable lead (I: flat; II: flat)"
    with pytest.raises(ecglens.InvalidArgumentError, match=r"lead V1, sample 7: inf is not a finite value"):
        x = np.zeros((5000, 2))
        x[7, 1] = np.inf
        ecglens.rpeaks(x, fs=500, leads=["I", "V1"], all_leads=True)


def test_argument_mistakes_raise_before_any_work():
    with pytest.raises(ValueError, match="fs="):
        ecglens.rpeaks(np.zeros(5000))
    with pytest.raises(ValueError, match="3 signal columns but 2 lead names"):
        ecglens.delineate(np.zeros((5000, 3)), 500, ["I", "II"])
    with pytest.raises(ValueError, match="mode="):
        ecglens.delineate(np.zeros((5000, 3)), 500, mode="median")
    with pytest.raises(TypeError):
        ecglens.extract({"not": "signals"})
    with pytest.raises(ValueError, match="no lead named V7"):
        ecglens.rpeaks(SAMPLES / "ptb-xl" / "00001_hr", lead="V7")


def test_a_study_folder_error_names_the_folder(tmp_path):
    with pytest.raises(ecglens.StudyError, match=f"{tmp_path}: not a readable ECGLens study: no study.json"):
        ecglens.load_study(tmp_path)
    (tmp_path / "study.json").write_text('{"formatVersion": 99, "configuration": {"ecglensVersion": "9.9"}}')
    with pytest.raises(ecglens.StudyError, match="written by ECGLens 9.9 in study-folder format 99"):
        ecglens.load_study(tmp_path)


def test_odd_inputs_never_crash_the_interpreter():
    """Edge inputs run in a child process: each must end in a result or an exception, never a crash."""
    script = r"""
import numpy as np, ecglens
rng = np.random.default_rng(0)
cases = [np.zeros(1), np.zeros(500), np.full(5000, np.nan), np.full(5000, 1e300), rng.normal(0, 1e300, 5000),
         rng.normal(0, 1e-300, 5000), np.tile(np.r_[1, np.zeros(499)], 10), np.r_[np.zeros(2500), np.ones(2500)],
         np.r_[np.full(4999, np.nan), 1.0], np.tile([1.0, -1.0], 2500), rng.normal(0, 1, (100, 1)),
         np.c_[np.full(5000, np.nan), rng.normal(0, 1, (5000, 11))], rng.normal(0, 1, (5000, 0))]
done = 0
for x in cases:
    for fs in (100, 500, 1000, 99.9, 1e12):
        calls = (lambda: ecglens.rpeaks(x, fs), lambda: ecglens.delineate(x, fs), lambda: ecglens.extract(x, fs=fs))
        for call in calls:
            try:
                call()
            except (ecglens.ECGLensError, ValueError):
                pass
            done += 1
print(done)
"""
    package_root = str(Path(ecglens.__file__).resolve().parents[1])
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", script], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": package_root})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == str(13 * 5 * 3)
