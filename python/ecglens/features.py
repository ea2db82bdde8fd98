"""Feature rows: ``ecglens.extract`` and the catalogue, ``ecglens.features``."""

from __future__ import annotations

import functools
import io
import json
import os
from concurrent.futures import ThreadPoolExecutor
from ctypes import byref, c_void_p

import numpy as np
import pandas as pd

from . import _native
from ._inputs import is_path, resolve
from .errors import ECGLensError, raise_for_status
from .records import Recording

#: Columns ``extract`` adds after the catalogue's: the records report of ``ecglens extract``.
STATUS_COLUMNS = ["status", "error", "path", "sampling_rate_hz", "duration_s", "beats", "usable_leads", "lead_problems"]


def features() -> pd.DataFrame:
    """The feature catalogue: every column ``extract`` returns after ``ecg_id``, in order.

    Returns:
        DataFrame ``feature, unit, lead, wave, definition, normal_low, normal_high, borderline_low,
        borderline_high, source`` (``ecglens features --format csv``): units ms, mV, deg, bpm,
        years, ratio, 0/1; adult reference ranges with their published source where one exists.
    """
    text, error = c_void_p(), c_void_p()
    _native.check(_native.lib().ecglens_feature_catalogue(byref(text), byref(error)), error)
    return pd.read_csv(io.StringIO(_native.take_text(text)), keep_default_na=False, na_values={
        c: [""] for c in ("normal_low", "normal_high", "borderline_low", "borderline_high")})


@functools.cache
def feature_names() -> tuple[str, ...]:
    """The catalogue's column names, in ``extract`` order."""
    return tuple(features()["feature"])


def extract(signals_or_paths, fs=None, leads=None, jobs=None, *, ids=None, age=None, sex=None, id="name",
            gain=None, baseline=0.0, errors="status") -> pd.DataFrame:
    """Measures ECGs: one row per ECG with the feature catalogue's columns, as ``ecglens extract``.

    Args:
        signals_or_paths: one ECG or many. A record path (or a folder, searched recursively, or a
            record list, as the command takes them); a ``Recording``; an array (samples x leads, or
            1-D for one lead); a 3-D array (ECGs x samples x leads); or a list of any of these.
        fs: sampling rate of arrays in Hz (100-1000); records carry their own.
        leads: the lead names of an array's columns as a record spells them; default the twelve
            standard leads (I, II, III, aVR, aVL, aVF, V1-V6) for twelve columns, else the column
            indices (global features only).
        jobs: ECGs measured in parallel threads (default: every core). Each call releases the GIL.
        ids: ``ecg_id`` of array inputs, in order (default: their 0-based position).
        age, sex: demographics of array inputs (years; ``"male"``/``"female"`` or 1/0), used where a
            record's header has none.
        id: ``ecg_id`` of records: ``"name"`` (the header's record name) or ``"path"``.
        gain, baseline: for integer ADC arrays, mV = (value - baseline) / gain (scalars or per lead).
        errors: ``"status"`` (default): an ECG that cannot be measured gets ``status == "error"``
            and its message in ``error``, the others go on, as the command skips records;
            ``"raise"``: the first such ECG raises its ``ECGLensError``.

    Returns:
        DataFrame: ``ecg_id``, the catalogue's columns (``features()``; values rounded to 4 decimals
        exactly as the command's CSV, NaN where its cell is empty), then ``status, error, path,
        sampling_rate_hz, duration_s, beats, usable_leads, lead_problems`` (its records report).
        For the same record, the values equal the command's, bit for bit.
    """
    if errors not in ("status", "raise"):
        raise ValueError(f"ecglens: errors={errors!r} is not 'status' or 'raise'")
    if id not in ("name", "path"):
        raise ValueError(f"ecglens: id={id!r} is not 'name' or 'path'")
    items = _expand(signals_or_paths, errors)
    ids = list(ids) if ids is not None else None
    arrays = [k for k, (kind, _) in enumerate(items) if kind == "array"]
    if ids is not None and len(ids) != len(arrays):
        raise ValueError(f"ecglens: {len(ids)} ids for {len(arrays)} arrays")
    names = {k: (str(ids[i]) if ids is not None else str(i)) for i, k in enumerate(arrays)}
    sex_male = _sex(sex)

    def one(k: int) -> dict:
        kind, value = items[k]
        if kind == "path":
            return _extract_path(value, id == "path")
        if kind == "error":
            return _error_row(value[0], value[0], value[1], value[2])
        return _extract_ecg(value, fs, leads, names.get(k), age, sex_male, gain, baseline)

    workers = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    if workers == 1 or len(items) <= 1:
        rows = [one(k) for k in range(len(items))]
    else:
        with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
            rows = list(pool.map(one, range(len(items))))
    if errors == "raise":
        for row in rows:
            if row["status"] == "error":
                raise_for_status(row.pop("_code"), row["error"])
    return _frame(rows)


def _expand(x, errors) -> list[tuple[str, object]]:
    """Inputs as (kind, value): ``path``, ``recording``, ``array``, or ``error`` (argument, message)."""
    if is_path(x):
        return _discover(os.fspath(x), errors)
    if isinstance(x, Recording):
        return [("recording", x)]
    if isinstance(x, np.ndarray):
        return [("array", e) for e in x] if x.ndim == 3 else [("array", x)]
    if isinstance(x, (list, tuple)):
        if x and all(np.isscalar(v) and not isinstance(v, str) for v in x):
            return [("array", np.asarray(x))]
        return [item for v in x for item in _expand(v, errors)]
    raise TypeError(f"ecglens: cannot measure a {type(x).__name__}: pass paths, Recordings or arrays")


def _discover(argument: str, errors) -> list[tuple[str, object]]:
    names = _native.c_strings([argument])
    text, error = c_void_p(), c_void_p()
    status = _native.lib().ecglens_discover_records(names, 1, byref(text), byref(error))
    if status != 0:
        message = _native.take_text(error)
        if errors == "raise":
            raise_for_status(status, message)
        return [("error", (argument, message, status))]
    return [("path", p) for p in json.loads(_native.take_text(text))]


def _sex(sex) -> int:
    if sex is None:
        return -1
    if isinstance(sex, str):
        s = sex.strip().lower()
        if s in ("m", "male"):
            return 1
        if s in ("f", "female"):
            return 0
        raise ValueError(f"ecglens: sex={sex!r} is not 'male' or 'female'")
    if sex in (0, 1):
        return int(sex)
    raise ValueError(f"ecglens: sex={sex!r} is not 1 (male), 0 (female), 'male' or 'female'")


def _extract_path(path: str, id_from_path: bool) -> dict:
    n = _native.feature_count()
    values, summary = np.full(n, np.nan), np.full(4, np.nan)
    ecg_id, problems, error = c_void_p(), c_void_p(), c_void_p()
    status = _native.lib().ecglens_extract_record(
        os.fsencode(path), 1 if id_from_path else 0, values.ctypes.data, n, summary.ctypes.data, byref(ecg_id),
        byref(problems), byref(error),
    )
    row = {"ecg_id": _native.take_text(ecg_id), "_values": values, "path": path, "sampling_rate_hz": summary[0],
           "duration_s": summary[1], "lead_problems": _native.take_text(problems)}
    if status != 0:
        row.update(status="error", error=_native.take_text(error), _code=status, _values=np.full(n, np.nan))
    else:
        row.update(status="ok", error="", beats=int(summary[2]), usable_leads=int(summary[3]))
    return row


def _extract_ecg(value, fs, leads, name, age, sex_male, gain, baseline) -> dict:
    n = _native.feature_count()
    values, summary = np.full(n, np.nan), np.full(2, np.nan)
    try:
        ecg = resolve(value, fs, leads, gain=gain, baseline=baseline, name=name)
    except ECGLensError as e:
        return _error_row(name or "", getattr(value, "path", ""), str(e), e.code)
    a = ecg.age if ecg.age is not None else (np.nan if age is None else float(age))
    s = ecg.sex_male if ecg.sex_male is not None else sex_male
    view, names = ecg.view, _native.c_strings(ecg.leads)
    problems, error = c_void_p(), c_void_p()
    status = _native.lib().ecglens_extract_signals(
        view.pointer, view.samples, view.leads, view.sample_stride, view.lead_stride, ecg.fs, names, a, s,
        values.ctypes.data, n, summary.ctypes.data, byref(problems), byref(error),
    )
    path = value.path if isinstance(value, Recording) else ""
    row = {"ecg_id": ecg.name, "path": path, "sampling_rate_hz": ecg.fs, "duration_s": view.samples / ecg.fs}
    if status != 0:
        message = f"{path or 'ECG ' + ecg.name}: {_native.take_text(error)}"
        row.update(status="error", error=message, _code=status, _values=np.full(n, np.nan))
    else:
        row.update(status="ok", error="", _values=values, beats=int(summary[0]), usable_leads=int(summary[1]),
                   lead_problems=_native.take_text(problems))
    return row


def _error_row(ecg_id: str, path: str, message: str, code: int = 2) -> dict:
    return {"ecg_id": ecg_id, "path": path, "status": "error", "error": message, "_code": code,
            "_values": np.full(_native.feature_count(), np.nan)}


def _frame(rows: list[dict]) -> pd.DataFrame:
    columns = list(feature_names())
    values = np.vstack([r["_values"] for r in rows]) if rows else np.empty((0, len(columns)))
    frame = pd.DataFrame(values, columns=columns)
    frame.insert(0, "ecg_id", pd.Series([r["ecg_id"] for r in rows], dtype=object))
    for c in STATUS_COLUMNS:
        default = "" if c in ("status", "error", "path", "lead_problems") else np.nan
        frame[c] = [r.get(c, default) for r in rows]
    frame["beats"] = frame["beats"].astype("Int64")
    frame["usable_leads"] = frame["usable_leads"].astype("Int64")
    return frame
