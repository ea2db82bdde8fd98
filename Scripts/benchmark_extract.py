#!/usr/bin/env python3
"""Batch extraction speed: `ecglens extract` vs NeuroKit2 on the same PTB-XL records, same run.

    pip install neurokit2==0.2.13 wfdb==4.3.1
    swift build -c release
    python3 Scripts/benchmark_extract.py [--db ../shared/data/ptb-xl/records500] [--nk-records 100]

ECGLens: `ecglens extract` end to end (read, screen, filter, detect, delineate 12 leads,
measure, write CSV), wall clock and CPU seconds of the process, all cores (--jobs default).
NeuroKit2: per record, read with wfdb, then per lead ecg_clean + ecg_peaks + ecg_delineate
(method dwt), the pipeline NeuroKit2 documents; single process (NeuroKit2 has no batch
parallelism; on N cores a user would at best run N such processes, so its records/s on all
cores is reported as N x its single-core rate, an upper bound). It runs on the first
--nk-records records (at about 0.7 CPU s each, all 500 take minutes) and its per-record CPU
time is what is compared.
"""
import os
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
import argparse, glob, resource, subprocess, tempfile, time, warnings
import wfdb
import neurokit2 as nk

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ECGLENS = os.path.join(ROOT, ".build", "release", "ecglens")


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.path.join(ROOT, "..", "shared", "data", "ptb-xl", "records500"))
    ap.add_argument("--nk-records", type=int, default=100)
    a = ap.parse_args()
    records = sorted(p[:-4] for p in glob.glob(os.path.join(a.db, "**", "*.hea"), recursive=True))
    cores = os.cpu_count()
    print(f"{len(records)} records under {a.db}; {cores} cores")

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "features.csv")
        subprocess.run([ECGLENS, "extract", a.db, "--out", out], check=True, capture_output=True)  # warm the file cache
        c0, t0 = children_cpu(), time.perf_counter()
        subprocess.run([ECGLENS, "extract", a.db, "--out", out, "--force"], check=True, capture_output=True)
        wall, cpu = time.perf_counter() - t0, children_cpu() - c0
        with open(out) as f:
            rows = sum(1 for _ in f) - 1
    ecg = (len(records) / wall, cpu / len(records))
    print(f"ECGLens extract: {rows} rows, {wall:.2f} s wall, {cpu:.2f} s CPU -> {ecg[0]:.0f} records/s, {1000 * ecg[1]:.2f} ms CPU per record")

    subset = records[: a.nk_records]
    failures = 0
    c0, t0 = time.process_time(), time.perf_counter()
    for path in subset:
        rec = wfdb.rdrecord(path)
        for j in range(rec.n_sig):
            try:
                clean = nk.ecg_clean(rec.p_signal[:, j], sampling_rate=rec.fs)
                _, info = nk.ecg_peaks(clean, sampling_rate=rec.fs)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    nk.ecg_delineate(clean, info["ECG_R_Peaks"], sampling_rate=rec.fs, method="dwt")
            except Exception:
                failures += 1
    nk_wall, nk_cpu = time.perf_counter() - t0, time.process_time() - c0
    per = nk_cpu / len(subset)
    print(f"NeuroKit2 clean + R peaks + dwt delineation, 12 leads: {len(subset)} records, {nk_wall:.1f} s wall, "
          f"{nk_cpu:.1f} s CPU -> {per:.3f} s CPU per record, {1 / per:.2f} records/s per core, "
          f"at most {cores / per:.1f} records/s on {cores} cores; {failures} lead failures")
    print(f"ECGLens / NeuroKit2: {per / ecg[1]:.0f}x less CPU per record; "
          f"{ecg[0] / (cores / per):.0f}x the records/s of NeuroKit2 on all {cores} cores")


if __name__ == "__main__":
    main()
