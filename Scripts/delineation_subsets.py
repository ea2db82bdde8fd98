#!/usr/bin/env python3
"""LUDB delineation with lead subsets and sampling rates: docs/validation/delineation-subsets.txt.

Runs `ecglens validate delineation --db LUDB --leads SUBSET --rate RATE` for II alone, II+V5,
V1+V5, I+II+V2 and all 12 leads at 250, 360, 500 and 1000 Hz: only those leads are delineated
(resampled as scipy's resample_poly does), and the record's global fiducials are scored against
every lead's annotation file. Then the two-lead 250 Hz set and the 12-lead 500 Hz set again on
the development half (records 1-100) and the scoring half (101-200), and the MIT-BIH P-presence
check by rhythm (`ecglens validate p-presence`).

Usage: python3 Scripts/delineation_subsets.py [--ecglens .build/release/ecglens]
       [--data ../shared/data] [--out docs/validation/delineation-subsets.txt]
"""
import argparse
import subprocess
import sys

SUBSETS = [("II", "ii"), ("II+V5", "ii,v5"), ("V1+V5", "v1,v5"), ("I+II+V2", "i,ii,v2"), ("all 12", "all")]
RATES = [250, 360, 500, 1000]
SHOWN = ["p_on", "p_off", "qrs_on", "qrs_off", "t_off"]


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {result.stderr}")
    return result.stdout


def parse(table):
    rows = {}
    for line in table.splitlines()[1:]:
        f = line.split()
        # fiducial reference TP FN FP Se PPV mean ± SD ...
        rows[f[0]] = dict(se=float(f[5]), ppv=float(f[6]), mean=float(f[7]), sd=float(f[9]))
    return rows


def line(label, rows):
    cells = [f"{label:<22}"]
    for name in SHOWN:
        r = rows[name]
        if name in ("p_on", "qrs_on", "t_off"):
            cells.append(f"{r['se']:6.2f}/{r['ppv']:6.2f} {r['mean']:+5.1f}±{r['sd']:4.1f}")
        else:
            cells.append(f"{r['mean']:+5.1f}±{r['sd']:4.1f}")
    return " | ".join(cells)


def header():
    return (f"{'leads, rate':<22} | {'P on Se/PPV %, ms':<25} | {'P off ms':<10} | {'QRS on Se/PPV %, ms':<25} | "
            f"{'QRS off ms':<10} | {'T off Se/PPV %, ms':<25}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ecglens", default=".build/release/ecglens")
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", default="docs/validation/delineation-subsets.txt")
    a = ap.parse_args()
    ludb = f"{a.data}/ludb/data"
    out = ["LUDB (200 records), global fiducials of the listed leads scored against every lead's annotation",
           "(one-to-one within 150 ms, inside each lead's annotated span); Se/PPV %, error mean ± SD ms.", ""]
    base = [a.ecglens, "validate", "delineation", "--db", ludb]
    out.append(header())
    for label, leads in SUBSETS:
        for rate in RATES:
            cmd = base + ["--leads", leads] + ([] if rate == 500 else ["--rate", str(rate)])
            out.append(line(f"{label} {rate} Hz", parse(run(cmd))))
            print(out[-1], flush=True)
    out += ["", "Development half (records 1-100) and scoring half (101-200):", header()]
    for label, leads, rate in [("II+V5", "ii,v5", 250), ("all 12", "all", 500)]:
        for records in ["1-100", "101-200"]:
            cmd = base + ["--leads", leads, "--records", records] + ([] if rate == 500 else ["--rate", str(rate)])
            out.append(line(f"{label} {rate} Hz {records}", parse(run(cmd))))
    out += ["", "Commands: " + " ".join(base) + " --leads LEADS [--rate HZ] [--records FIRST-LAST]", ""]
    cmd = [a.ecglens, "validate", "p-presence", "--db", f"{a.data}/mitdb"]
    out += ["MIT-BIH Arrhythmia Database, both leads at 360 Hz, 10 s windows: N, L and R beats with a global P wave,",
            "by the rhythm annotation in force (" + " ".join(cmd) + "):", run(cmd)]
    cmd += ["--rate", "250"]
    out += ["The same at 250 Hz (" + " ".join(cmd) + "):", run(cmd)]
    with open(a.out, "w") as f:
        f.write("\n".join(out))
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
