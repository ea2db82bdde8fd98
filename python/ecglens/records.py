"""Reading records: ``ecglens.read(path)`` and the ``Recording`` it returns."""

from __future__ import annotations

import json
import os
import warnings
from ctypes import byref, c_double, c_int64, c_void_p
from dataclasses import dataclass, field

import numpy as np

from . import _native
from .errors import ECGLensWarning


@dataclass
class Recording:
    """One ECG in memory, as ECGLens reads it from a file.

    Attributes:
        signals: float64 array (samples x leads) in physical units (mV for ECG leads), NaN where the
            file marks a sample invalid; the values ECGLens analyses, bit for bit.
        fs: sampling rate in Hz.
        leads: lead names as the record spells them (``I``, ``II``, ``aVR``, ``V1`` ...).
        name: the record name (``ecg_id`` in ``extract``'s output).
        path: the path it was read from.
        metadata: everything else the file says: ``units``, ``gains`` (ADC units per mV),
            ``baselines``, ``adc_resolutions``, ``storage_formats``, ``comments``, ``age_years`` and
            ``sex_male`` from the header (None when absent), ``base_date``, ``base_time``,
            ``duration_seconds``, ``format`` (``"wfdb"``, ``"ge-muse"``, ...), ``derived_leads``, ``cart_measurements`` and read ``warnings`` (the WFDB header fields for WFDB records only).

    A ``Recording`` can be passed wherever signals are taken (``rpeaks``, ``delineate``,
    ``extract``): its rate, lead names and demographics come with it.
    """

    signals: np.ndarray
    fs: float
    leads: list[str]
    name: str
    path: str
    metadata: dict = field(default_factory=dict, repr=False)

    @property
    def age(self) -> float | None:
        """Age in years from the header, or None."""
        return self.metadata.get("age_years")

    @property
    def sex_male(self) -> int | None:
        """1 male, 0 female from the header, or None."""
        return self.metadata.get("sex_male")

    @property
    def duration(self) -> float:
        """Duration in seconds."""
        return self.signals.shape[0] / self.fs

    def to_dataframe(self):
        """The signals as a pandas DataFrame, one column per lead, indexed by time in seconds."""
        import pandas as pd

        time = pd.Index(np.arange(self.signals.shape[0]) / self.fs, name="time_s")
        return pd.DataFrame(self.signals, columns=self.leads, index=time)


def read(path: str | os.PathLike) -> Recording:
    """Reads an ECG record with ECGLens's reader, in every format ECGLens reads.

    Today that is WFDB (PhysioNet: MIT-BIH, LUDB, PTB-XL ...): pass the record path without
    extension, as wfdb-python takes it (``"ptb-xl/records500/00000/00001_hr"``), or with ``.hea``.
    Formats ECGLens learns later are read by the same call.

    Returns:
        a ``Recording``: ``signals`` (samples x leads, mV), ``fs`` (Hz), ``leads``, ``name``,
        ``metadata``.

    Raises:
        RecordReadError: the file is missing, truncated, oversized, or its header is malformed;
            the message names the file, the line and the problem. Read warnings (checksum
            mismatches) are issued as ``ECGLensWarning``.
    """
    library = _native.lib()
    handle, error = c_void_p(), c_void_p()
    _native.check(library.ecglens_read_record(os.fsencode(path), byref(handle), byref(error)), error)
    try:
        samples, leads, fs = c_int64(), c_int64(), c_double()
        error = c_void_p()
        status = library.ecglens_recording_shape(handle, byref(samples), byref(leads), byref(fs), byref(error))
        _native.check(status, error)
        signals = np.empty((samples.value, leads.value), dtype=np.float64)
        error = c_void_p()
        status = library.ecglens_recording_signals(
            handle, signals.ctypes.data, samples.value, leads.value, byref(error)
        )
        _native.check(status, error)
        text, error = c_void_p(), c_void_p()
        _native.check(library.ecglens_recording_metadata(handle, byref(text), byref(error)), error)
        metadata = json.loads(_native.take_text(text))
    finally:
        library.ecglens_recording_free(handle)
    for w in metadata.get("warnings", []):
        warnings.warn(w, ECGLensWarning, stacklevel=2)
    return Recording(
        signals=signals, fs=float(fs.value), leads=list(metadata["leads"]), name=metadata["name"], path=str(path),
        metadata=metadata,
    )
