#!/usr/bin/env python3
"""Holter-length test records built from real MIT-BIH signal (for the length benchmark; not committed).

    pip install wfdb==4.3.1 scipy
    python3 Scripts/make_holter_record.py --out /tmp/holter [--hours 1 3 6 12 24] [--leads 1 3]

Writes OUT/holter_{H}h_{L}lead.{hea,dat}: WFDB format 16, 250 Hz, gain 200 adu/mV, baseline 0.

How the signal is made, so that every hour is real ECG:
- the 48 MIT-BIH Arrhythmia records are taken in RECORDS order (30 min 5.6 s each at 360 Hz;
  48 of them make 24.07 h) and concatenated, repeated from the first when more is needed;
- each record is resampled 360 -> 250 Hz with scipy.signal.resample_poly(x, 25, 36), the same
  polyphase Kaiser-window filter as ECGLens's DSP.resample (Sources/DSP/Resample.swift);
- lead 1 is each record's signal 0 (MLII in 45 records, V5 in 3), lead 2 its signal 1 (V1 in 40,
  V2, V4, V5 or MLII in the others; simultaneous with lead 1); lead 3 is NOT simultaneous: it is signal 0 of the record 24 places
  further on in the list (100 pairs with 201, ...), so it has another heart's beats. It is there
  to make a 3-lead record of Holter size, not a physiological one: beat detection fuses it with
  the other two, which is harder than a real 3-lead Holter, never easier;
- an H-hour record is the first H * 3600 * 250 samples of that stream, so shorter records are
  prefixes of longer ones. Record boundaries inside it are not smoothed (a step of a few
  hundred microvolts every 30 min, as an electrode change would make).
"""
import argparse
import os

import numpy as np
import wfdb
from scipy.signal import resample_poly

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RATE = 250
GAIN = 200.0


def record_names(db):
    with open(os.path.join(db, "RECORDS")) as f:
        return [line.strip() for line in f if line.strip()]


def resampled(db, name, channel):
    r = wfdb.rdrecord(os.path.join(db, name), channels=[channel])
    x = r.p_signal[:, 0]
    assert r.fs == 360, f"{name}: {r.fs} Hz"
    return resample_poly(x, 25, 36)


def stream(db, names, channel, offset, samples):
    """Concatenated resampled signal `channel` of the records from `offset` on (cyclic), `samples` long."""
    parts, total, k = [], 0, 0
    while total < samples:
        name = names[(offset + k) % len(names)]
        x = resampled(db, name, channel)
        parts.append(x)
        total += len(x)
        k += 1
    return np.concatenate(parts)[:samples]


def digital(x):
    d = np.round(x * GAIN)
    d[np.isnan(d)] = -32768
    return np.clip(d, -32767, 32767).astype(np.int16)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.path.join(ROOT, "..", "shared", "data", "mitdb"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--hours", type=float, nargs="+", default=[1, 3, 6, 12, 24])
    ap.add_argument("--leads", type=int, nargs="+", default=[1, 3], choices=[1, 2, 3])
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    names = record_names(a.db)
    longest = int(round(max(a.hours) * 3600 * RATE))
    lead_sources = [(0, 0), (1, 0), (0, len(names) // 2)]  # (channel, record offset)
    streams = [digital(stream(a.db, names, ch, off, longest)) for ch, off in lead_sources[: max(a.leads)]]
    labels = ["MLII", "V1", "MLII of other records"]
    for hours in a.hours:
        n = int(round(hours * 3600 * RATE))
        for leads in a.leads:
            name = f"holter_{hours:g}h_{leads}lead"
            d = np.stack([s[:n] for s in streams[:leads]], axis=1)
            wfdb.wrsamp(
                name, fs=RATE, units=["mV"] * leads, sig_name=labels[:leads], d_signal=d, fmt=["16"] * leads,
                adc_gain=[GAIN] * leads, baseline=[0] * leads,
                comments=["MIT-BIH Arrhythmia records concatenated, resampled to 250 Hz (Scripts/make_holter_record.py)"],
                write_dir=a.out)
            print(f"{os.path.join(a.out, name)}: {n} samples x {leads} leads ({hours:g} h)")


if __name__ == "__main__":
    main()
