"""What a signals argument can be (an array, a ``Recording``, a record path) resolved to one ECG."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ._arrays import SignalView, lead_names, sampling_rate, signal_view
from .records import Recording, read


@dataclass
class ECG:
    """One ECG ready for the ABI: its view, rate (Hz), lead names, name and header demographics."""

    view: SignalView
    fs: float
    leads: list[str]
    name: str
    age: float | None = None
    sex_male: int | None = None


def is_path(x) -> bool:
    """Whether ``x`` names a file (a ``str`` or ``os.PathLike``)."""
    return isinstance(x, (str, os.PathLike))


def resolve(signals, fs=None, leads=None, *, gain=None, baseline=0.0, name=None, default_name="signal") -> ECG:
    """One ECG from an array (samples x leads, or 1-D), a ``Recording`` or a record path.

    For a ``Recording`` or a path, the rate, lead names and header demographics come from the
    record; ``fs`` and ``leads``, if given, must agree with it (``leads`` may rename the columns).
    """
    if is_path(signals):
        signals = read(signals)
    if isinstance(signals, Recording):
        r = signals
        if fs is not None and float(fs) != r.fs:
            raise ValueError(f"ecglens: {r.path} is sampled at {r.fs} Hz, not fs={fs}")
        names = lead_names(leads, len(r.leads)) if leads is not None else list(r.leads)
        view = signal_view(r.signals, lead_count=len(names))
        return ECG(view, r.fs, names, name or r.name, r.age, r.sex_male)
    view = signal_view(signals, gain, baseline)
    return ECG(view, sampling_rate(fs), lead_names(leads, view.leads), name or default_name)


def select_column(ecg: ECG, lead) -> int:
    """The column of ``lead``: a name (case-insensitive, as the record spells it) or a 0-based index."""
    if lead is None:
        return 0
    if isinstance(lead, (int, np.integer)):
        if not 0 <= int(lead) < ecg.view.leads:
            raise ValueError(f"ecglens: lead index {lead} is outside 0...{ecg.view.leads - 1}")
        return int(lead)
    wanted = str(lead).lower()
    for i, n in enumerate(ecg.leads):
        if n.lower() == wanted:
            return i
    raise ValueError(f"ecglens: {ecg.name}: no lead named {lead} (signals: {', '.join(ecg.leads)})")
