#!/usr/bin/env python3
"""R-peak detection, ECGLens vs NeuroKit2, side by side on the same machine and records.

    pip install neurokit2==0.2.13 wfdb==4.3.1
    swift build -c release
    python3 Scripts/benchmark_rpeaks.py [--db ../shared/data/mitdb] [--lead 0]

For each tool: CPU seconds per hour of single-lead signal (process CPU clock, detection only:
records are loaded first; best of --repeat runs) and accuracy scored by one scorer,
`ecglens validate rpeaks` (AAMI EC57 style: beat-type annotations, 150 ms, one-to-one), which
reads NeuroKit2's peaks through --detections. NeuroKit2 runs its default pipeline,
`ecg_peaks(ecg_clean(x, fs), fs)` (method "neurokit"), as its documentation shows.
"""
import os
# One thread for numpy's BLAS too: ECGLens detection is single-threaded, and idle BLAS threads
# spinning after NeuroKit2's calls would both inflate its CPU time and slow the other process.
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
import argparse, json, subprocess, sys, tempfile, time
import numpy as np
import wfdb
import neurokit2 as nk

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ECGLENS = os.path.join(ROOT, ".build", "release", "ecglens")


def gross(stdout):
    line = [l for l in stdout.splitlines() if l.strip().startswith("gross")][0].split()
    return {"se": float(line[5]), "ppv": float(line[6]), "fn": int(line[3]), "fp": int(line[4])}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.path.join(ROOT, "..", "shared", "data", "mitdb"))
    ap.add_argument("--lead", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if not os.path.exists(ECGLENS):
        sys.exit("build first: swift build -c release")
    names = [l.strip() for l in open(os.path.join(args.db, "RECORDS")) if l.strip()]
    signals = []
    for n in names:
        r = wfdb.rdrecord(os.path.join(args.db, n), channels=[args.lead])
        signals.append((r.record_name, r.p_signal[:, 0], r.fs))
    hours = sum(len(x) / fs for _, x, fs in signals) / 3600

    best, peaks = float("inf"), {}
    for _ in range(args.repeat):
        start = time.process_time()
        for name, x, fs in signals:
            _, info = nk.ecg_peaks(nk.ecg_clean(x, sampling_rate=fs), sampling_rate=fs)
            peaks[name] = info["ECG_R_Peaks"]
        best = min(best, time.process_time() - start)
    nk_cpu = best / hours

    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, "nk.csv")
        with open(csv, "w") as f:
            f.write("record,sample\n")
            for name, p in peaks.items():
                f.writelines(f"{name},{int(s)}\n" for s in p)
        lead = ["--lead", str(args.lead)]
        nk_acc = gross(subprocess.run([ECGLENS, "validate", "rpeaks", "--db", args.db, "--detections", csv] + lead,
                                      capture_output=True, text=True, check=True).stdout)
    ours_acc = gross(subprocess.run([ECGLENS, "validate", "rpeaks", "--db", args.db] + lead,
                                    capture_output=True, text=True, check=True).stdout)
    ours = json.loads(subprocess.run([ECGLENS, "benchmark", "rpeaks", "--db", args.db, "--format", "json",
                                      "--repeat", str(args.repeat)] + lead,
                                     capture_output=True, text=True, check=True).stdout)
    print(f"{len(signals)} records, {hours:.2f} h of signal, lead {args.lead}, "
          f"neurokit2 {nk.__version__}, {os.cpu_count()} cores")
    print("| detector | Se % | +P % | FN | FP | CPU s per hour of signal |")
    print("|---|---|---|---|---|---|")
    print(f"| ECGLens | {ours_acc['se']:.2f} | {ours_acc['ppv']:.2f} | {ours_acc['fn']} | {ours_acc['fp']} "
          f"| {ours['cpu_seconds_per_hour']:.4f} |")
    print(f"| NeuroKit2 default (ecg_clean + ecg_peaks) | {nk_acc['se']:.2f} | {nk_acc['ppv']:.2f} "
          f"| {nk_acc['fn']} | {nk_acc['fp']} | {nk_cpu:.4f} |")
    print(f"ECGLens is {nk_cpu / ours['cpu_seconds_per_hour']:.1f}x faster")


if __name__ == "__main__":
    main()
