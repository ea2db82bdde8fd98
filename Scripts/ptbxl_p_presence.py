#!/usr/bin/env python3
"""P-wave presence on PTB-XL by the cardiologists' rhythm statements: a check on data the P rules
were not developed on (they were tuned on LUDB).

    swift build -c release
    python3 Scripts/ptbxl_p_presence.py [--db ../shared/data/ptb-xl] [--features FEATURES.csv]

Runs `ecglens extract` on the PTB-XL records (or reads a table it wrote) and, for each SCP rhythm
statement, counts the records whose global P wave is found in at least half of the beats
(`p_wave_fraction` >= 0.5) and those with no P wave at all. Sinus rhythms should have P waves;
atrial fibrillation and flutter should not. Paced records are listed apart: P waves there may be
dissociated, atrially paced or absent. No Python package beyond the standard library is needed.
"""
import argparse, ast, csv, math, os, subprocess, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ECGLENS = os.path.join(ROOT, ".build", "release", "ecglens")
RHYTHMS = ["SR", "SARRH", "SBRAD", "STACH", "AFIB", "AFLT", "PACE", "SVTAC", "PSVT", "SVARR", "BIGU", "TRIGU"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=os.path.join(ROOT, "..", "shared", "data", "ptb-xl"))
    ap.add_argument("--features", help="a table `ecglens extract` wrote (default: run it)")
    args = ap.parse_args()
    path = args.features
    if path is None:
        path = os.path.join(tempfile.mkdtemp(), "ptbxl.csv")
        subprocess.run([ECGLENS, "extract", os.path.join(args.db, "records500"), "--out", path], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    features = {r["ecg_id"]: r for r in csv.DictReader(open(path))}
    fractions = {code: [] for code in RHYTHMS}
    for row in csv.DictReader(open(os.path.join(args.db, "ptbxl_database.csv"))):
        key = "%05d_hr" % int(row["ecg_id"])
        if key not in features:
            continue
        value = features[key]["p_wave_fraction"]
        fraction = float(value) if value not in ("", "nan") else math.nan
        codes = ast.literal_eval(row["scp_codes"])
        for code in RHYTHMS:
            if code in codes:
                fractions[code].append(fraction)
    print("%d records measured; P found = global P wave in at least half of the beats" % len(features))
    print("statement  records  P found       no P at all  not measured")
    for code in RHYTHMS:
        v = fractions[code]
        if not v:
            continue
        measured = [x for x in v if not math.isnan(x)]
        found = sum(x >= 0.5 for x in measured)
        print("%-9s  %7d  %4d (%5.1f %%)  %11d  %12d" % (code, len(v), found, 100 * found / len(v),
                                                        sum(x == 0 for x in measured), len(v) - len(measured)))


if __name__ == "__main__":
    main()
