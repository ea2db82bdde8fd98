"""The same records give the same numbers through ``ecglens`` (the command) and ``import ecglens``.

Feature rows are compared as CSV text: the Python values are written the way the command writes
a cell (empty for NaN, an integer without a decimal point, otherwise the shortest text that reads
back as the same double, which Python's ``repr`` and Swift's description both are), so equal
text means bit-identical values. Records are read both ways: by path (``extract(path)``, the
command's own ``extractRecord``) and as arrays (``read`` then ``extract`` of the signals).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import ecglens
from conftest import SAMPLES, run_cli, shared


def cell(x: float) -> str:
    """A value as the command writes it (`Tables.formatCell`)."""
    if math.isnan(x):
        return ""
    if x == round(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def csv_lines(frame: pd.DataFrame) -> list[str]:
    """The rows of ``extract``'s DataFrame as the command's features CSV writes them."""
    names = list(ecglens.features()["feature"])
    lines = [",".join(["ecg_id"] + names)]
    for _, row in frame.iterrows():
        lines.append(",".join([row["ecg_id"]] + [cell(row[n]) for n in names]))
    return lines


def cli_features(cli, tmp_path, *paths) -> list[str]:
    """The command's rows, one per record (`--window whole`: the command cuts records over 60 s
    into 10 s windows by default; ecglens.extract gives whole-record rows)."""
    out = tmp_path / "features.csv"
    run_cli(cli, "extract", *map(str, paths), "-o", str(out), "--force", "--window", "whole")
    return out.read_text().splitlines()


def assert_same_rows(expected: list[str], frame: pd.DataFrame) -> None:
    got = csv_lines(frame[frame["status"] == "ok"])
    assert got[0] == expected[0]
    mismatched = [(e.split(",")[0], g) for e, g in zip(expected[1:], got[1:]) if e != g]
    assert len(got) == len(expected) and not mismatched, f"{len(mismatched)} rows differ, first: {mismatched[:1]}"


def check_database(cli, tmp_path, folder, limit=None):
    paths = [folder] if limit is None else sorted(str(p)[:-4] for p in folder.rglob("*.hea"))[:limit]
    expected = cli_features(cli, tmp_path, *paths)
    by_path = ecglens.extract(paths, jobs=2)
    assert_same_rows(expected, by_path)
    ok = by_path[by_path["status"] == "ok"]
    by_array = ecglens.extract([ecglens.read(p) for p in ok["path"]], jobs=2)
    assert_same_rows(expected, by_array)
    return len(expected) - 1


def test_samples_features_equal_the_command_byte_for_byte(cli, tmp_path):
    n = check_database(cli, tmp_path, SAMPLES / "ptb-xl") + check_database(cli, tmp_path, SAMPLES / "ludb")
    assert n == 14


def test_ludb_features_equal_the_command_byte_for_byte(cli, tmp_path):
    assert check_database(cli, tmp_path, shared("ludb") / "data") == 200


def test_ptbxl_features_equal_the_command_byte_for_byte(cli, tmp_path):
    assert check_database(cli, tmp_path, shared("ptb-xl") / "records500") == 500


def test_mitdb_features_equal_the_command_byte_for_byte(cli, tmp_path):
    assert check_database(cli, tmp_path, shared("mitdb"), limit=4) == 4


@pytest.mark.parametrize("mode", ["guided", "independent", "consensus"])
def test_delineation_equals_the_command(cli, tmp_path, mode):
    records = [SAMPLES / "ludb" / "1", SAMPLES / "ptb-xl" / "00001_hr", SAMPLES / "ptb-xl" / "00017_hr"]
    out = tmp_path / "delineation.csv"
    run_cli(cli, "delineate", *map(str, records), "--global", f"--{mode}", "-o", str(out))
    expected = out.read_text().splitlines()
    frames = [ecglens.delineate(ecglens.read(r), mode=mode, include_global=True) for r in records]
    got = pd.concat(frames).to_csv(index=False, lineterminator="\n").splitlines()
    assert got == expected


def test_rpeaks_equal_the_command(cli, tmp_path):
    record = SAMPLES / "mitdb" / "100"
    for flags, kwargs in [([], {}), (["--lead", "V5", "--all-leads"], {"lead": "V5", "all_leads": True})]:
        out = tmp_path / "beats.csv"
        run_cli(cli, "beats", str(record), *flags, "-o", str(out))
        got = ecglens.rpeaks(record, **kwargs).to_csv(index=False, lineterminator="\n")
        assert got == out.read_text()
        # The same lead as a bare 1-D array gives the same samples.
        if not kwargs:
            r = ecglens.read(record)
            assert np.array_equal(ecglens.rpeaks(r.signals[:, 0], r.fs)["sample"], ecglens.rpeaks(r)["sample"])


def test_feature_catalogue_equals_the_command(cli):
    expected = run_cli(cli, "features", "--format", "csv").stdout
    frame = ecglens.features()
    assert list(frame["feature"]) == [line.split(",")[0] for line in expected.splitlines()[1:]]
    assert len(frame) == len(expected.splitlines()) - 1
