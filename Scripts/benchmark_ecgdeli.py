#!/usr/bin/env python3
"""LUDB delineation by the Python port of ECGdeli, scored by ECGLens's scorer.

    pip install ecgdeli==1.0.0 wfdb==4.3.1
    swift build -c release
    python3 Scripts/benchmark_ecgdeli.py [--db ../shared/data/ludb/data]

ECGdeli runs as its documentation shows: annotate(filter_ecg(signal, fs), fs) on all 12 leads
at once. Its per-lead tables and its cross-lead consensus (written on every lead) are saved in
the `ecglens delineate` CSV format and scored by `ecglens validate delineation --detections`,
the same rules as ECGLens (and `--consensus`). CPU seconds cover filtering and annotation.
"""
import os
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
import argparse, glob, subprocess, tempfile, time, warnings
import wfdb
import ecgdeli

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ECGLENS = os.path.join(ROOT, ".build", "release", "ecglens")
FIELDS = ["p_on", "p_peak", "p_off", "qrs_on", "r_peak", "qrs_off", "t_peak", "t_off"]


def cells(fpt, k, n):
    out = []
    for f in FIELDS:
        v = int(getattr(fpt, f)[k])
        out.append(str(v) if 0 <= v < n else "")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.path.join(ROOT, "..", "shared", "data", "ludb", "data"))
    a = ap.parse_args()
    records = sorted((p[:-4] for p in glob.glob(os.path.join(a.db, "*.hea"))), key=lambda p: int(os.path.basename(p)))
    header = "record,lead," + ",".join(FIELDS)
    per_lead, consensus = [header], [header]
    cpu, failures = 0.0, 0
    for path in records:
        rec = wfdb.rdrecord(path)
        name, n = os.path.basename(path), rec.sig_len
        t0 = time.process_time()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ann = ecgdeli.annotate(ecgdeli.filter_ecg(rec.p_signal, rec.fs), rec.fs)
        except Exception as e:
            failures += 1
            print(f"  {name}: ECGdeli failed: {e}")
            continue
        finally:
            cpu += time.process_time() - t0
        for j, lead in enumerate(rec.sig_name):
            fpt = ann.leads[j]
            for k in range(fpt.n_beats):
                c = cells(fpt, k, n)
                if c[4]:
                    per_lead.append(f"{name},{lead.lower()}," + ",".join(c))
            for k in range(ann.consensus.n_beats):
                c = cells(ann.consensus, k, n)
                if c[4]:
                    consensus.append(f"{name},{lead.lower()}," + ",".join(c))
    print(f"ECGdeli {ecgdeli.__version__ if hasattr(ecgdeli, '__version__') else ''}: {len(records)} records, "
          f"{cpu:.1f} CPU s ({cpu / len(records):.3f} s per record), {failures} failures")
    with tempfile.TemporaryDirectory() as tmp:
        for label, rows in (("per lead", per_lead), ("multi-lead consensus, written on every lead", consensus)):
            path = os.path.join(tmp, "d.csv")
            with open(path, "w") as f:
                f.write("\n".join(rows) + "\n")
            print(f"\nECGdeli {label}:")
            print(subprocess.run([ECGLENS, "validate", "delineation", "--db", a.db, "--detections", path],
                                 check=True, capture_output=True, text=True).stdout)


if __name__ == "__main__":
    main()
