#!/usr/bin/env python3
"""ECGLens from Python (`import ecglens`) against NeuroKit2 on the same arrays, in the same run.

    pip install ./python neurokit2==0.2.13        # or PYTHONPATH=python after swift build
    python3 Scripts/benchmark_python.py [--db ../shared/data/ptb-xl/records500] [--records 500]
        [--nk-records 100] [--out docs/validation/benchmark-python.txt]

The records (12-lead, 10 s, 500 Hz PTB-XL) are read once with `ecglens.read` into float64 arrays;
both tools then work on those arrays, in this process, timed by the process's CPU clock
(`time.process_time`, every thread) and the wall clock:

- R peaks on lead II: `ecglens.rpeaks(x, fs)` vs NeuroKit2 `ecg_clean` + `ecg_peaks` (its default
  method), with their agreement: the share of each tool's peaks that the other finds within 75 ms;
- delineation of 12 leads: `ecglens.delineate(X, fs, leads)` (all leads together) vs NeuroKit2
  `ecg_clean` + `ecg_peaks` + `ecg_delineate(method="dwt")` per lead, the pipeline NeuroKit2
  documents (and benchmark_extract.py times);
- features: `ecglens.extract(arrays, jobs=1)` and `jobs=<cores>` (threads; each call releases the
  GIL), against `ecglens extract` (the command) on the same record files, to show the Python path
  costs what the command costs.

NeuroKit2 is slow (about 0.7 CPU s per record for delineation), so it runs on the first
--nk-records records; per-record CPU times are compared.
"""

import os

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
import argparse
import glob
import platform
import resource
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.join(ROOT, "python"))  # the installed package, else the source tree
import ecglens  # noqa: E402
import neurokit2 as nk  # noqa: E402

ECGLENS = os.path.join(ROOT, ".build", "release", "ecglens")


def timed(call):
    """(result, wall s, CPU s of this process) of ``call()``."""
    c0, t0 = time.process_time(), time.perf_counter()
    result = call()
    return result, time.perf_counter() - t0, time.process_time() - c0


def matched(a, b, tolerance):
    """Share of ``a``'s peaks with a peak of ``b`` within ``tolerance`` samples."""
    if len(a) == 0:
        return float("nan")
    if len(b) == 0:
        return 0.0
    b = np.sort(b)
    i = np.searchsorted(b, a)
    before, after = b[np.clip(i - 1, 0, len(b) - 1)], b[np.clip(i, 0, len(b) - 1)]
    return float(np.mean(np.minimum(np.abs(a - before), np.abs(a - after)) <= tolerance))


def nk_rpeaks(x, fs):
    _, info = nk.ecg_peaks(nk.ecg_clean(x, sampling_rate=fs), sampling_rate=fs)
    return np.asarray(info["ECG_R_Peaks"])


def nk_delineate(signals, fs):
    failures = 0
    for j in range(signals.shape[1]):
        try:
            clean = nk.ecg_clean(signals[:, j], sampling_rate=fs)
            _, info = nk.ecg_peaks(clean, sampling_rate=fs)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                nk.ecg_delineate(clean, info["ECG_R_Peaks"], sampling_rate=fs, method="dwt")
        except Exception:
            failures += 1
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.path.join(ROOT, "..", "shared", "data", "ptb-xl", "records500"))
    ap.add_argument("--records", type=int, default=500)
    ap.add_argument("--nk-records", type=int, default=100)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "validation", "benchmark-python.txt"))
    a = ap.parse_args()
    paths = sorted(p[:-4] for p in glob.glob(os.path.join(a.db, "**", "*.hea"), recursive=True))[: a.records]
    if not paths:
        sys.exit(f"no records under {a.db}")
    cores = os.cpu_count()
    lines = []

    def say(text=""):
        print(text, flush=True)
        lines.append(text)

    def timing(label, n, wall, cpu, extra=""):
        say(f"{label}: {n} records, {wall:.2f} s wall, {1000 * cpu / n:.2f} ms CPU per record, "
            f"{n / wall:.0f} records/s{extra}")

    say("$ python3 Scripts/benchmark_python.py " + " ".join(sys.argv[1:]))
    say(f"{len(paths)} PTB-XL records under {os.path.relpath(a.db, ROOT)}; NeuroKit2 on the first "
        f"{min(a.nk_records, len(paths))}; {cores} cores; Python {platform.python_version()}, numpy {np.__version__}, "
        f"neurokit2 {nk.__version__}, ecglens {ecglens.__version__}")
    records, wall, cpu = timed(lambda: [ecglens.read(p) for p in paths])
    timing("ecglens.read (not counted below)", len(records), wall, cpu)
    subset = records[: a.nk_records]
    ii = [r.leads.index("II") for r in records]

    say()
    say("## R peaks, lead II (1-D array)")
    ours, wall, cpu = timed(lambda: [ecglens.rpeaks(r.signals[:, k], r.fs)["sample"].to_numpy()
                                     for r, k in zip(records, ii)])
    timing("ecglens.rpeaks", len(records), wall, cpu, f", {sum(map(len, ours))} beats")
    theirs, nk_wall, nk_cpu = timed(lambda: [nk_rpeaks(r.signals[:, k], r.fs) for r, k in zip(subset, ii)])
    timing("NeuroKit2 ecg_clean + ecg_peaks", len(subset), nk_wall, nk_cpu, f", {sum(map(len, theirs))} beats")
    _, _, ours_cpu = timed(lambda: [ecglens.rpeaks(r.signals[:, k], r.fs) for r, k in zip(subset, ii)])
    tolerance = int(round(0.075 * records[0].fs))
    found_by_nk = np.nanmean([matched(o, t, tolerance) for o, t in zip(ours, theirs)])
    found_by_us = np.nanmean([matched(t, o, tolerance) for o, t in zip(ours, theirs)])
    say(f"same {len(subset)} records: NeuroKit2 / ECGLens CPU {nk_cpu / ours_cpu:.1f}x; peaks within 75 ms: "
        f"{100 * found_by_nk:.2f} % of ECGLens's found by NeuroKit2, "
        f"{100 * found_by_us:.2f} % of NeuroKit2's by ECGLens")

    say()
    say("## Delineation, 12 leads (2-D array)")
    _, wall, cpu = timed(lambda: [ecglens.delineate(r.signals, r.fs, r.leads) for r in records])
    per_ours = cpu / len(records)
    timing("ecglens.delineate (all leads together)", len(records), wall, cpu)
    failures, nk_wall, nk_cpu = timed(lambda: sum(nk_delineate(r.signals, r.fs) for r in subset))
    per_nk = nk_cpu / len(subset)
    timing("NeuroKit2 ecg_clean + ecg_peaks + ecg_delineate(dwt) per lead", len(subset), nk_wall, nk_cpu,
           f", {failures} of {12 * len(subset)} leads raised an error")
    say(f"NeuroKit2 / ECGLens CPU per record: {per_nk / per_ours:.0f}x")

    say()
    say("## Features, 12 leads (ecglens.extract on arrays and paths; the ecglens command on the same files)")
    frame, wall, cpu1 = timed(lambda: ecglens.extract(records, jobs=1))
    timing("ecglens.extract(arrays, jobs=1)", len(records), wall, cpu1, f", {(frame['status'] == 'ok').sum()} ok")
    _, wall, cpu = timed(lambda: ecglens.extract(records, jobs=cores))
    timing(f"ecglens.extract(arrays, jobs={cores})", len(records), wall, cpu)
    _, wall, cpu = timed(lambda: ecglens.extract(paths, jobs=cores))
    timing(f"ecglens.extract(paths, jobs={cores}), reading the files", len(records), wall, cpu)
    if os.path.isfile(ECGLENS):
        with tempfile.TemporaryDirectory() as tmp:
            listing = os.path.join(tmp, "RECORDS")
            with open(listing, "w") as f:
                f.write("\n".join(paths) + "\n")
            command = [ECGLENS, "extract", listing, "-o", os.path.join(tmp, "f.csv")]
            before, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            wall, after = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        timing(f"ecglens extract, the command ({cores} jobs), same files", len(records), wall, cpu)
    ratio = per_nk / (cpu1 / len(records))
    say(f"NeuroKit2 delineation pipeline / ecglens.extract(arrays) CPU per record: {ratio:.0f}x")
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"-> {a.out}")


if __name__ == "__main__":
    main()
