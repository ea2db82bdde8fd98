#!/usr/bin/env python3
"""Patient-clustered bootstrap of AUROC, ECGLens vs the numpy + scikit-learn loop, same machine.

    pip install scikit-learn numpy joblib
    swift build -c release
    python3 Scripts/benchmark_bootstrap.py [--targets 50 --rows 5000 --resamples 1000]

Both sides: 50 targets x 5,000 test rows from 2,500 patients (2 ECGs each), 1,000 resamples of
patients per target, single-class resamples skipped, both cores (Python: 2 joblib processes).
ECGLens also computes the BCa interval (a jackknife over patients); Python only the percentile.
"""
import argparse, os, subprocess, time
import numpy as np
from joblib import Parallel, delayed
from sklearn.metrics import roc_auc_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def one_target(seed, rows, resamples):
    rng = np.random.default_rng(seed)
    y = rng.uniform(size=rows) < 0.1
    s = y * 0.8 + rng.uniform(size=rows)
    patient = np.arange(rows) // 2
    members = [np.flatnonzero(patient == p) for p in range(patient.max() + 1)]
    values = []
    for _ in range(resamples):
        drawn = rng.integers(0, len(members), len(members))
        idx = np.concatenate([members[p] for p in drawn])
        if y[idx].all() or not y[idx].any():
            continue
        values.append(roc_auc_score(y[idx], s[idx]))
    return np.percentile(values, [2.5, 97.5])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--targets", type=int, default=50)
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--resamples", type=int, default=1000)
    a = ap.parse_args()
    out = subprocess.run([os.path.join(ROOT, ".build", "release", "ecglens"), "benchmark", "bootstrap",
                          "--targets", str(a.targets), "--rows", str(a.rows), "--resamples", str(a.resamples)],
                         capture_output=True, text=True, check=True).stdout.strip()
    print("ecglens:", out)
    t0 = time.perf_counter()
    Parallel(n_jobs=2)(delayed(one_target)(t, a.rows, a.resamples) for t in range(a.targets))
    print(f"python (numpy + sklearn roc_auc_score, 2 processes): {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
