#!/usr/bin/env python3
"""LUDB delineation: ECGLens vs NeuroKit2, same records, same scorer, same machine.

    pip install neurokit2==0.2.13 wfdb==4.3.1
    swift build -c release
    python3 Scripts/benchmark_delineation.py [--db ../shared/data/ludb] [--methods dwt,prominence]

NeuroKit2 runs per lead as its documentation shows: ecg_clean, ecg_peaks, then
ecg_delineate(method=...). Its fiducials are written in the `ecglens delineate` CSV format and
scored by `ecglens validate delineation --detections`, the same rules ECGLens is scored by.
Wall-clock seconds cover delineation only (records are loaded first).
"""
import os
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
import argparse, math, subprocess, tempfile, time, warnings
import numpy as np
import wfdb
import neurokit2 as nk

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ECGLENS = os.path.join(ROOT, ".build", "release", "ecglens")
KEYS = ["ECG_P_Onsets", "ECG_P_Peaks", "ECG_P_Offsets", "ECG_R_Onsets", None, "ECG_R_Offsets", "ECG_T_Peaks", "ECG_T_Offsets"]


def cell(v):
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(int(v))


def run_nk(records, method):
    rows = ["record,lead,p_on,p_peak,p_off,qrs_on,r_peak,qrs_off,t_peak,t_off"]
    t0 = time.perf_counter()
    for name, rec in records:
        fs = rec.fs
        for j, lead in enumerate(rec.sig_name):
            x = rec.p_signal[:, j]
            try:
                clean = nk.ecg_clean(x, sampling_rate=fs)
                _, info = nk.ecg_peaks(clean, sampling_rate=fs)
                r = info["ECG_R_Peaks"]
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    _, waves = nk.ecg_delineate(clean, r, sampling_rate=fs, method=method)
            except Exception as e:  # NeuroKit2 fails on some leads; those score as misses
                print(f"  {name} {lead}: {method} failed: {e}")
                continue
            for k, rp in enumerate(r):
                vals = []
                for key in KEYS:
                    series = waves.get(key) if key else None
                    vals.append(rp if key is None else (series[k] if series is not None and k < len(series) else None))
                rows.append(f"{name},{lead.lower()}," + ",".join(cell(v) for v in vals))
    return "\n".join(rows) + "\n", time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.path.join(ROOT, "..", "shared", "data", "ludb"))
    ap.add_argument("--methods", default="dwt,prominence")
    a = ap.parse_args()
    names = [l.strip() for l in open(os.path.join(a.db, "RECORDS")) if l.strip()]
    records = [(os.path.basename(n), wfdb.rdrecord(os.path.join(a.db, n))) for n in names]
    work = tempfile.mkdtemp()
    for flag, label in (("--guided", "per lead, guided by the global beats (default)"), ("--independent", "each lead on its own"),
                        ("--consensus", "multi-lead consensus")):
        out = os.path.join(work, f"ecglens{flag}.csv")
        t0 = time.perf_counter()
        subprocess.run([ECGLENS, "delineate", flag] + [os.path.join(a.db, n) for n in names] + ["--out", out], check=True)
        print(f"== ECGLens {label} ({time.perf_counter() - t0:.1f} s wall, including reading)")
        print(subprocess.run([ECGLENS, "validate", "delineation", "--db", a.db, "--detections", out],
                             capture_output=True, text=True).stdout)
    for method in a.methods.split(","):
        text, seconds = run_nk(records, method)
        path = os.path.join(work, f"nk-{method}.csv")
        open(path, "w").write(text)
        print(f"== NeuroKit2 {nk.__version__} ecg_delineate(method={method!r}) ({seconds:.1f} s wall)")
        print(subprocess.run([ECGLENS, "validate", "delineation", "--db", a.db, "--detections", path],
                             capture_output=True, text=True).stdout)


if __name__ == "__main__":
    main()
