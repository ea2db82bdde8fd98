"""R peaks and P/QRS/T delineation: ``ecglens.rpeaks`` and ``ecglens.delineate``."""

from __future__ import annotations

import ctypes
import warnings
from ctypes import byref, c_int64, c_void_p

import numpy as np
import pandas as pd

from . import _native
from ._inputs import resolve, select_column
from ._arrays import signal_view
from .errors import ECGLensWarning

#: Columns of a delineation table, as ``ecglens delineate`` writes them.
DELINEATION_COLUMNS = ["record", "lead", "p_on", "p_peak", "p_off", "qrs_on", "r_peak", "qrs_off", "t_peak", "t_off"]
_MODES = {"guided": 0, "independent": 1, "consensus": 2}


def _int64s(pointer: c_void_p, count: int) -> np.ndarray:
    """A copy of ``count`` int64 values the library allocated (the caller then frees them)."""
    if count == 0:
        return np.empty(0, dtype=np.int64)
    return np.ctypeslib.as_array(ctypes.cast(pointer, ctypes.POINTER(c_int64)), shape=(count,)).copy()


def rpeaks(
    signal, fs=None, *, lead=None, all_leads=False, leads=None, record=None, gain=None, baseline=0.0
) -> pd.DataFrame:
    """R peaks of one ECG, as ``ecglens beats`` finds them.

    Args:
        signal: a 1-D array (one lead), a 2-D array (samples x leads), a ``Recording`` or a record path.
            Arrays are in mV (NaN = missing sample) unless ``gain`` is given.
        fs: sampling rate in Hz (100-1000); taken from the record for a ``Recording`` or path.
        lead: the lead to detect on (a name or 0-based column), default the first.
        all_leads: fuse every lead for detection, with the R peaks placed on ``lead``
            (``ecglens beats --all-leads``; ``Delineation.detectBeats(inLeads:)``).
        leads: lead names of an array's columns (to select ``lead`` by name).
        record: the ``record`` column's value (default: the record name, or ``"signal"``).
        gain, baseline: for integer ADC samples, mV = (value - baseline) / gain (scalars or per lead).

    Returns:
        DataFrame ``record, sample`` (0-based samples at ``fs``), the CLI's beat-table contract.
        ``df["sample"].to_numpy()`` gives the indices as NeuroKit2's ``ecg_peaks`` does.

    Raises:
        AnalysisError: a rate outside 100-1000 Hz, under 1 s of signal, a flat or all-NaN lead.
        InvalidArgumentError: an infinite sample.
    """
    ecg = resolve(signal, fs, leads, gain=gain, baseline=baseline, name=record)
    first = select_column(ecg, lead)
    columns = [first] + ([i for i in range(ecg.view.leads) if i != first] if all_leads else [])
    array = ecg.view.array[:, columns] if columns != list(range(ecg.view.leads)) else ecg.view.array
    view = signal_view(array) if array is not ecg.view.array else ecg.view
    names = _native.c_strings([ecg.leads[i] for i in columns])
    peaks, count, error = c_void_p(), c_int64(), c_void_p()
    status = _native.lib().ecglens_rpeaks(
        view.pointer, view.samples, view.leads, view.sample_stride, view.lead_stride, ecg.fs, names, byref(peaks),
        byref(count), byref(error),
    )
    _native.check(status, error)
    try:
        samples = _int64s(peaks, count.value)
    finally:
        _native.lib().ecglens_free(peaks)
    return pd.DataFrame({"record": pd.Series([ecg.name] * len(samples), dtype=object), "sample": samples})


def delineate(
    signals, fs=None, leads=None, *, mode="guided", include_global=False, record=None, gain=None, baseline=0.0
) -> pd.DataFrame:
    """P, QRS and T fiducials per beat and lead, as ``ecglens delineate`` writes them.

    Every lead is delineated together (``Measurements.delineateECG``, as ``extract`` does).

    Args:
        signals: a 2-D array (samples x leads; 1-D for one lead), a ``Recording`` or a record path,
            in mV (NaN = missing) unless ``gain`` is given.
        fs: sampling rate in Hz (100-1000); from the record for a ``Recording`` or path.
        leads: the columns' lead names as a record spells them (``I``, ``aVR``, ``V1`` ...); default
            the twelve standard leads for twelve columns, else the column indices.
        mode: ``"guided"`` (each lead's own fiducials kept in line with the global beats; the
            command's default), ``"independent"`` (each lead on its own) or ``"consensus"``
            (the global fiducials on every lead).
        include_global: also return the record's global beats (``lead == "global"``; ``--global``).
        record: the ``record`` column's value (default: the record name, or ``"signal"``).
        gain, baseline: for integer ADC samples, mV = (value - baseline) / gain.

    Returns:
        DataFrame with the CLI's columns ``record, lead, p_on, p_peak, p_off, qrs_on, r_peak,
        qrs_off, t_peak, t_off``: one row per beat and lead, leads lower case, 0-based samples at
        ``fs`` (nullable Int64; <NA> where the wave is absent). A lead that is missing, flat or
        saturated has R peaks only: it is listed in ``df.attrs["lead_problems"]`` and warned about
        (``ECGLensWarning``), as the command warns.

    Raises:
        AnalysisError: no usable lead, an unsupported rate, a signal under 1 s.
    """
    if mode not in _MODES:
        raise ValueError(f"ecglens: mode={mode!r} is not one of {', '.join(_MODES)}")
    ecg = resolve(signals, fs, leads, gain=gain, baseline=baseline, name=record)
    view = ecg.view
    names = _native.c_strings(ecg.leads)
    rows, count, problems, error = c_void_p(), c_int64(), c_void_p(), c_void_p()
    status = _native.lib().ecglens_delineate(
        view.pointer, view.samples, view.leads, view.sample_stride, view.lead_stride, ecg.fs, names, _MODES[mode],
        1 if include_global else 0, byref(rows), byref(count), byref(problems), byref(error),
    )
    _native.check(status, error)
    try:
        n = count.value
        table = _int64s(rows, n * 9).reshape(n, 9)
    finally:
        _native.lib().ecglens_free(rows)
    lead_problems = [p for p in _native.take_text(problems).split("\n") if p]
    lower = [n.lower() for n in ecg.leads]
    frame = pd.DataFrame(
        {
            "record": pd.Series([ecg.name] * n, dtype=object),
            "lead": pd.Series([lower[i] if i >= 0 else "global" for i in table[:, 0]], dtype=object),
        }
    )
    for k, column in enumerate(DELINEATION_COLUMNS[2:], start=1):
        values = np.ascontiguousarray(table[:, k])
        frame[column] = pd.arrays.IntegerArray(np.where(values < 0, 0, values), mask=values < 0)
    frame.attrs["lead_problems"] = lead_problems
    for p in lead_problems:
        name, _, problem = p.partition(": ")
        warnings.warn(f"{ecg.name}: lead {name} is {problem}: R peaks only", ECGLensWarning, stacklevel=2)
    return frame
