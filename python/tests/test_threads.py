"""Concurrent calls give the serial results, and a long call lets other Python threads run."""

from __future__ import annotations

import ctypes
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from ctypes import byref, c_int64, c_void_p

import numpy as np
import pytest

import ecglens
from ecglens import _native
from ecglens._arrays import signal_view
from conftest import SAMPLES, shared

RECORDS = [str(p)[:-4] for folder in ("ptb-xl", "ludb") for p in sorted((SAMPLES / folder).glob("*.hea"))]


def test_concurrent_calls_equal_serial_calls():
    signals = [ecglens.read(r) for r in RECORDS]
    serial_features = ecglens.extract(RECORDS, jobs=1)
    serial_waves = [ecglens.delineate(s) for s in signals]
    serial_peaks = [ecglens.rpeaks(s, all_leads=True) for s in signals]

    def everything(k: int):
        i = k % len(RECORDS)
        return i, ecglens.extract(signals[i]), ecglens.delineate(signals[i]), ecglens.rpeaks(signals[i], all_leads=True)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(everything, range(4 * len(RECORDS))))
    names = list(ecglens.features()["feature"])
    expected = serial_features[names].to_numpy()
    for i, features, waves, peaks in results:
        assert np.array_equal(features[names].to_numpy()[0], expected[i], equal_nan=True)
        assert waves.equals(serial_waves[i]) and peaks.equals(serial_peaks[i])
    parallel = ecglens.extract(RECORDS, jobs=4)
    assert np.array_equal(parallel[names].to_numpy(), expected, equal_nan=True)
    assert parallel["ecg_id"].tolist() == serial_features["ecg_id"].tolist()


def test_one_recording_read_from_many_threads():
    def read(_):
        return ecglens.read(RECORDS[0]).signals

    with ThreadPoolExecutor(max_workers=8) as pool:
        arrays = list(pool.map(read, range(32)))
    assert all(np.array_equal(a, arrays[0]) for a in arrays)


def spin_while(call) -> tuple[float, int, int]:
    """Seconds ``call`` took, the loops a second thread made meanwhile, and the loops it makes in
    the same time while the main thread only sleeps (its speed with the GIL free)."""
    count, stop = [0], threading.Event()

    def spin():
        while not stop.is_set():
            count[0] += 1

    worker = threading.Thread(target=spin)
    worker.start()
    start = time.perf_counter()
    call()
    elapsed = time.perf_counter() - start
    stop.set()
    worker.join()
    during = count[0]
    count[0], stop = 0, threading.Event()
    worker = threading.Thread(target=spin)
    worker.start()
    time.sleep(elapsed)
    stop.set()
    worker.join()
    return elapsed, during, count[0]


def rpeaks_call(library, view, fs):
    """One ``ecglens_rpeaks`` call through ``library`` (its result released)."""
    peaks, count, error = c_void_p(), c_int64(), c_void_p()
    status = library.ecglens_rpeaks(view.pointer, view.samples, view.leads, view.sample_stride, view.lead_stride, fs,
                                     None, byref(peaks), byref(count), byref(error))
    assert status == 0
    library.ecglens_free(peaks)


def test_a_long_extraction_releases_the_gil():
    record = ecglens.read(shared("mitdb") / "100")  # 30 min, 2 leads, 360 Hz
    elapsed, during, free = spin_while(lambda: ecglens.extract(record, errors="raise"))
    assert elapsed > 0.1, "the call should be long enough to measure"
    # Released, the spinning thread runs at close to its free speed.
    assert during > 0.5 * free, f"second thread made {during} loops during {elapsed:.2f} s, {free} when free"
    # The contrast: the same library loaded as ctypes.PyDLL keeps the GIL during foreign calls,
    # and then the second thread stands still; through ecglens (ctypes.CDLL) it runs.
    view = signal_view(np.tile(record.signals, (4, 1)))
    held_library = _native.declare(ctypes.PyDLL(str(_native.library_path())))
    _, held, _ = spin_while(lambda: rpeaks_call(held_library, view, record.fs))
    seconds, released, _ = spin_while(lambda: rpeaks_call(_native.lib(), view, record.fs))
    assert released > 20 * max(held, 1), f"{released} loops with the GIL released, {held} held ({seconds:.2f} s)"


def test_the_gil_is_released_on_bundled_records_too():
    records = [ecglens.read(r) for r in RECORDS]
    elapsed, during, free = spin_while(lambda: [ecglens.extract(r) for r in records for _ in range(5)])
    if elapsed < 0.05:
        pytest.skip(f"the calls took {elapsed:.3f} s, too short to measure")
    # Between calls the GIL is held by Python code, so the bound is looser than for one long call.
    assert during > 0.3 * free, f"second thread made {during} loops during {elapsed:.2f} s, {free} when free"
