"""Arrays to the strided float64 views the C ABI takes, without copying where the layout allows.

A float64 array in native byte order whose strides are whole, aligned elements is passed as it is,
whatever its order: C (samples x leads), Fortran, a column slice, a reversed view. Anything else
is converted once: other float types (float32, float16, big-endian) to float64; integer ADC values
to millivolts as ``(value - baseline) / gain``, the formula ECGLens applies to a record's samples,
so int16 samples with their header's gain give exactly the signals the record gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

_ITEM = np.dtype(np.float64).itemsize


@dataclass
class SignalView:
    """A (samples x leads) float64 array and its strides in elements, ready for the ABI."""

    array: np.ndarray  # kept alive for the duration of the call
    samples: int
    leads: int
    sample_stride: int
    lead_stride: int

    @property
    def pointer(self) -> int:
        """Address of sample 0 of lead 0."""
        return self.array.__array_interface__["data"][0]


def as_millivolts(signals, gain=None, baseline=0.0) -> np.ndarray:
    """``signals`` as a float array in mV: floats as they are (when ``gain`` is None), integer ADC
    values (or floats with a ``gain``) as ``(value - baseline) / gain``. ``gain`` (ADC units per mV)
    and ``baseline`` (ADC units) are scalars or one value per lead (column)."""
    a = np.asarray(signals)
    if a.dtype.kind not in "fiu":
        raise TypeError(f"ecglens: signals must be numbers (float or integer ADC units), not {a.dtype}")
    if gain is None:
        if a.dtype.kind in "iu":
            raise ValueError(
                f"ecglens: {a.dtype} samples are ADC units: pass gain= (ADC units per mV, the header's gain) "
                "and baseline= (ADC units), or convert to mV first"
            )
        return a
    g = np.asarray(gain, dtype=np.float64)
    b = np.asarray(baseline, dtype=np.float64)
    if np.any(~np.isfinite(g)) or np.any(g == 0):
        raise ValueError(f"ecglens: gain {gain!r} must be finite and non-zero")
    return (a.astype(np.float64) - b) / g


def signal_view(signals, gain=None, baseline=0.0, *, lead_count: int | None = None) -> SignalView:
    """A view of ``signals`` (samples x leads, or one lead as a 1-D array) for the ABI.

    float64 arrays with element-aligned strides are not copied (``np.shares_memory(view.array,
    signals)``); other layouts and dtypes are converted once. ``lead_count`` checks the columns.
    """
    a = as_millivolts(signals, gain, baseline)
    if a.ndim == 1:
        a = a[:, np.newaxis]
    if a.ndim != 2:
        raise ValueError(f"ecglens: signals must be 1-D (one lead) or 2-D (samples x leads), not {a.ndim}-D {a.shape}")
    if a.dtype != np.float64 or not a.dtype.isnative or not _element_strided(a):
        a = np.ascontiguousarray(a, dtype=np.float64)
    samples, leads = a.shape
    if samples == 0 or leads == 0:
        raise ValueError(f"ecglens: signals are empty (shape {a.shape}); samples x leads with at least one of each")
    if lead_count is not None and leads != lead_count:
        raise ValueError(f"ecglens: {leads} signal columns but {lead_count} lead names")
    sample_stride, lead_stride = (s // _ITEM for s in a.strides)
    return SignalView(a, samples, leads, sample_stride, lead_stride)


def _element_strided(a: np.ndarray) -> bool:
    address = a.__array_interface__["data"][0]
    return address % _ITEM == 0 and all(s % _ITEM == 0 for s in a.strides)


def default_lead_names(leads: int) -> list[str]:
    """Names for unnamed columns: the twelve standard leads in the order carts and PhysioNet
    databases store them (I, II, III, aVR, aVL, aVF, V1-V6) for twelve columns; else the 0-based
    column indices, which give the global features but no per-lead ones."""
    if leads == 12:
        return ["i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6"]
    return [str(i) for i in range(leads)]


def lead_names(names: Sequence[str] | None, leads: int) -> list[str]:
    """Checked lead names for ``leads`` columns (``default_lead_names`` when None)."""
    if names is None:
        return default_lead_names(leads)
    if isinstance(names, str):
        names = [names]
    names = [str(n) for n in names]
    if len(names) != leads:
        raise ValueError(f"ecglens: {leads} signal columns but {len(names)} lead names ({', '.join(names)})")
    return names


def sampling_rate(fs) -> float:
    """``fs`` as a float in Hz, or a ValueError when it is missing or not a positive number."""
    if fs is None:
        raise ValueError("ecglens: signals need their sampling rate: pass fs= (Hz)")
    rate = float(fs)
    if not np.isfinite(rate) or rate <= 0:
        raise ValueError(f"ecglens: fs={fs!r} is not a positive sampling rate in Hz")
    return rate
