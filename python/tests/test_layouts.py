"""Arrays in odd layouts give the values their samples call for, without copies where possible."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ecglens
from ecglens._arrays import signal_view
from conftest import SAMPLES

RECORD = SAMPLES / "ptb-xl" / "00001_hr"


@pytest.fixture(scope="module")
def ecg():
    return ecglens.read(RECORD)


def features(frame: pd.DataFrame) -> np.ndarray:
    assert (frame["status"] == "ok").all(), frame["error"].tolist()
    return frame[list(ecglens.features()["feature"])].to_numpy()


def same(a: np.ndarray, b: np.ndarray) -> bool:
    return np.array_equal(a, b, equal_nan=True)


def test_float64_layouts_are_passed_without_a_copy(ecg):
    x = ecg.signals
    wide = np.zeros((x.shape[0], 2 * x.shape[1]))
    wide[:, ::2] = x
    for array in (x, np.asfortranarray(x), x[::-1], wide[:, ::2], x[:, 1]):
        view = signal_view(array)
        assert np.shares_memory(view.array, array)


def test_fortran_order_gives_the_c_order_values(ecg):
    c = features(ecglens.extract(ecg.signals, fs=ecg.fs, leads=ecg.leads))
    f = features(ecglens.extract(np.asfortranarray(ecg.signals), fs=ecg.fs, leads=ecg.leads))
    assert same(c, f)
    fortran = ecglens.delineate(np.asfortranarray(ecg.signals), ecg.fs, ecg.leads)
    assert fortran.equals(ecglens.delineate(ecg.signals, ecg.fs, ecg.leads))


def test_strided_columns_equal_their_contiguous_copy(ecg):
    wide = np.zeros((ecg.signals.shape[0], 24))
    wide[:, 1::2] = ecg.signals
    strided = features(ecglens.extract(wide[:, 1::2], fs=ecg.fs, leads=ecg.leads))
    assert same(strided, features(ecglens.extract(ecg.signals, fs=ecg.fs, leads=ecg.leads)))
    reversed_time = ecg.signals[::-1]
    assert same(
        features(ecglens.extract(reversed_time, fs=ecg.fs, leads=ecg.leads)),
        features(ecglens.extract(np.ascontiguousarray(reversed_time), fs=ecg.fs, leads=ecg.leads)),
    )


def test_float32_is_converted_once_to_float64(ecg):
    x32 = ecg.signals.astype(np.float32)
    view = signal_view(x32)
    assert view.array.dtype == np.float64 and not np.shares_memory(view.array, x32)
    got = features(ecglens.extract(x32, fs=ecg.fs, leads=ecg.leads))
    assert same(got, features(ecglens.extract(x32.astype(np.float64), fs=ecg.fs, leads=ecg.leads)))
    big_endian = ecg.signals.astype(">f8")
    assert same(features(ecglens.extract(big_endian, fs=ecg.fs, leads=ecg.leads)),
                features(ecglens.extract(ecg.signals, fs=ecg.fs, leads=ecg.leads)))


def test_int16_with_the_header_gain_gives_the_record_values(ecg):
    gains = np.array(ecg.metadata["gains"])
    baselines = np.array(ecg.metadata["baselines"])
    adc = np.round(ecg.signals * gains + baselines).astype(np.int16)
    # The record's own values: ECGLens converts (digital - baseline) / gain, so must we.
    by_path = ecglens.extract(str(RECORD))
    by_adc = ecglens.extract(adc, fs=ecg.fs, leads=ecg.leads, gain=gains, baseline=baselines)
    assert same(features(by_path), features(by_adc))
    assert ecglens.rpeaks(adc[:, 1], ecg.fs, gain=gains[1]).equals(ecglens.rpeaks(ecg.signals[:, 1], ecg.fs))
    with pytest.raises(ValueError, match="gain="):
        ecglens.extract(adc, fs=ecg.fs)


def test_one_dimensional_and_list_inputs(ecg):
    lead = ecg.signals[:, 1]
    assert ecglens.rpeaks(lead, ecg.fs).equals(ecglens.rpeaks(list(lead), ecg.fs))
    one = ecglens.extract(lead, fs=ecg.fs, leads=["II"])
    assert one.loc[0, "status"] == "ok" and not np.isnan(one.loc[0, "ii_r_amp_mv"])


def test_a_three_dimensional_array_is_a_batch(ecg):
    batch = np.stack([ecg.signals, ecg.signals * 2])
    frame = ecglens.extract(batch, fs=ecg.fs, leads=ecg.leads, ids=["a", "b"])
    assert frame["ecg_id"].tolist() == ["a", "b"]
    assert frame.loc[1, "ii_r_amp_mv"] == pytest.approx(2 * frame.loc[0, "ii_r_amp_mv"], abs=2e-4)


def test_unnamed_twelve_columns_are_the_standard_leads(ecg):
    named = features(ecglens.extract(ecg.signals, fs=ecg.fs, leads=ecg.leads))
    assert same(features(ecglens.extract(ecg.signals, fs=ecg.fs)), named)


def test_header_demographics_come_with_a_recording():
    r = ecglens.read(SAMPLES / "ludb" / "1")
    assert r.age is not None and r.sex_male in (0, 1)
    frame = ecglens.extract(r)
    assert frame.loc[0, "age_years"] == r.age and frame.loc[0, "sex_male"] == r.sex_male
    bare = ecglens.extract(r.signals, fs=r.fs, leads=r.leads, age=r.age, sex="male" if r.sex_male else "female")
    assert same(features(bare), features(frame))
