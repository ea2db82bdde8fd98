#!/usr/bin/env python3
"""Planning a MIMIC-IV-ECG-sized study: measured costs here, projected to 1, 8 and 64 machines.

    swift build -c release --product ecglens
    pip install snakemake pandas
    python3 Scripts/plan_scale.py [--data ../shared/data] [--ecgs 800000] [--targets 1076] [--variants 3]

Measures on this machine (release binary, one process at a time):
  extract   CPU seconds per record of `ecglens extract --jobs 1` over the 500 PTB-XL records
            (12 leads, 10 s, 500 Hz: the shape of a MIMIC-IV-ECG record) and the wall time at
            --jobs = all cores; `ecglens merge` of 8 shard parts (seconds per row)
  train     CPU seconds per target of `ecglens train --rfe --jobs 1` (ecg+demographics, the
            Chapman-Shaoxing GE MUSE measurements) on 25, 50 and 100 % of the 10,646 ECGs, fitted
            as a power of the row count; `ecglens study merge` of 4 train parts (seconds per target)
  engine    Snakemake's cost per job: the extract workflow on the bundled sample with 8 shards
            against 1 shard, --cores 1 (job start, ecglens start, reading the record list)
  evaluate  the patient bootstrap's cost per row and resample, from
            docs/validation/benchmark-bootstrap.txt (ecglens's line)

and projects the wall time of extraction, training and the merge steps for --ecgs ECGs and
--targets x --variants models on M machines with this machine's cores, and the machine-hours.
Training rows are 18 of 20 folds (validation and test are one fold each). The projection
assumes work spreads evenly (targets are many more than cores) and that one target's RFE grows
with rows as fitted here, far beyond the rows measured: read it as an order of magnitude.
"""
import argparse, math, os, resource, shutil, subprocess, sys, tempfile, time

import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ECGLENS = os.path.join(ROOT, ".build", "release", "ecglens")
CORES = os.cpu_count()


def run(cmd, cwd=None):
    """Runs cmd; returns (wall s, CPU s of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best(n, cmd):
    """The fastest of n runs (wall, CPU): the machine's other load only ever adds time."""
    return min((run(cmd) for _ in range(n)), key=lambda t: t[1])


def measure_extract(db, work):
    records = sum(1 for _, _, fs in os.walk(db) for f in fs if f.endswith(".hea"))
    out = os.path.join(work, "x.csv")
    _, cpu = best(2, [ECGLENS, "extract", db, "--out", out, "--jobs", "1", "--force"])
    wall, _ = best(2, [ECGLENS, "extract", db, "--out", out, "--jobs", str(CORES), "--force"])
    parts = []
    for i in range(1, 9):
        part = os.path.join(work, f"part{i}.csv")
        run([ECGLENS, "extract", db, "--out", part, "--jobs", str(CORES), "--shard", f"{i}/8", "--force"])
        parts.append(part)
    merge, _ = best(3, [ECGLENS, "merge", *parts, "--out", os.path.join(work, "merged.csv"), "--force"])
    return records, cpu / records, wall, merge / records


def measure_train(data, work):
    table, labels = os.path.join(work, "chapman.csv"), os.path.join(work, "chapman-labels.csv")
    run([ECGLENS, "ingest", "muse", os.path.join(data, "chapman-shaoxing", "Diagnostics.csv"), "--out", table])
    run([ECGLENS, "labels", table, "--id-column", "ecg_id", "--categorical", "rhythm", "--multi-valued", "beat",
         "--ignore", "NONE", "--min-count", "100", "--out", labels])
    x, y = pd.read_csv(table, dtype=str, keep_default_na=False), pd.read_csv(labels, dtype=str, keep_default_na=False)
    counts = y.drop(columns="ecg_id").apply(lambda c: (c == "1").sum()).sort_values(ascending=False, kind="stable")
    targets = list(counts.index[:20])
    sizes = []
    for fraction, picked in ((0.25, targets[:4]), (0.5, targets[:4]), (1.0, targets[:4])):
        rows = x.iloc[: int(len(x) * fraction)]
        t, l = os.path.join(work, f"t{fraction}.csv"), os.path.join(work, f"l{fraction}.csv")
        rows.to_csv(t, index=False)
        y[y.ecg_id.isin(rows.ecg_id)].to_csv(l, index=False)
        _, cpu = best(2, [ECGLENS, "train", "--table", t, "--labels", l, "--id-column", "ecg_id",
                          "--patient-column", "patient_id", "--targets", ",".join(picked), "--rfe",
                          "--min-positives", "5", "--jobs", "1", "--out", os.path.join(work, f"s{fraction}")])
        sizes.append((len(rows), cpu / len(picked)))
    # Power law through the smallest and largest: cost = a * rows^b.
    (r0, c0), (r1, c1) = sizes[0], sizes[-1]
    b = math.log(c1 / c0) / math.log(r1 / r0)
    a = c1 / r1 ** b
    base = [ECGLENS, "train", "--table", table, "--labels", labels, "--id-column", "ecg_id", "--patient-column",
            "patient_id", "--targets", ",".join(targets), "--rfe", "--min-positives", "5", "--jobs", str(CORES)]
    parts = []
    for i in range(1, 5):
        part = os.path.join(work, f"part{i}")
        run(base + ["--shard", f"{i}/4", "--out", part])
        parts.append(part)
    merge, _ = best(3, [ECGLENS, "study", "merge", *parts, "--out", os.path.join(work, "merged"), "--force"])
    return sizes, a, b, merge / len(targets), len(targets)


def measure_engine(work):
    if shutil.which("snakemake") is None:
        return None
    snakefile = os.path.join(ROOT, "workflows", "extract", "Snakefile")
    times = {}
    for shards in (1, 8):
        out = os.path.join(work, f"wf{shards}")
        cmd = ["snakemake", "-s", snakefile, "--cores", "1", "--quiet", "--config",
               f"inputs={os.path.join(ROOT, 'Samples', 'ptb-xl')}", f"shards={shards}", f"out={out}",
               f"ecglens={ECGLENS}", "--directory", work]
        times[shards] = min(run(cmd)[0] for _ in range(2))
    return (times[8] - times[1]) / 7


def bootstrap_cost():
    """Seconds per (row x resample x target) of the patient bootstrap, from its benchmark."""
    path = os.path.join(ROOT, "docs", "validation", "benchmark-bootstrap.txt")
    line = open(path).readline()  # "ecglens: 50 targets x 5000 rows, 1000 patient resamples each: 1.91 s ..."
    words = line.replace(",", "").replace(":", "").split()
    targets, rows, resamples = int(words[1]), int(words[4]), int(words[6])
    seconds = float(words[words.index("each") + 1])
    return seconds / (targets * rows * resamples), line.strip()


def hours(s):
    return f"{s / 3600:8.2f} h" if s >= 3600 else f"{s / 60:8.1f} min" if s >= 60 else f"{s:8.1f} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--ecgs", type=int, default=800_000)
    ap.add_argument("--targets", type=int, default=1076)
    ap.add_argument("--variants", type=int, default=3)
    ap.add_argument("--test-fraction", type=float, default=0.05, help="rows each model is evaluated on")
    ap.add_argument("--resamples", type=int, default=1000)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="ecglens-plan-")
    try:
        n, cpu_record, wall_batch, merge_row = measure_extract(os.path.join(a.data, "ptb-xl", "records500"), work)
        sizes, ca, cb, merge_target, measured_targets = measure_train(a.data, work)
        engine = measure_engine(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    boot, boot_line = bootstrap_cost()

    print(f"Measured on this machine ({CORES} cores), release build, fastest of repeated runs")
    print(f"  extract: {cpu_record * 1000:.2f} CPU ms per record ({n} PTB-XL records, --jobs 1); "
          f"{n / wall_batch:.0f} records/s wall at --jobs {CORES}")
    print(f"  extract merge: {merge_row * 1e6:.1f} us per row (8 parts of {n} rows)")
    for rows, cost in sizes:
        print(f"  train, one target with RFE (ecg+demographics), {rows:6d} rows: {cost:6.2f} CPU s")
    print(f"  fitted: CPU s per target = {ca:.3g} x rows^{cb:.2f}")
    print(f"  study merge: {merge_target * 1000:.1f} ms per target ({measured_targets} targets, 4 parts)")
    print(f"  engine: " + (f"{engine:.2f} s per Snakemake job (8 shards vs 1, --cores 1)" if engine is not None
                           else "snakemake absent: not measured"))
    print(f"  evaluate: {boot * 1e9:.1f} ns per row x resample x model, from benchmark-bootstrap.txt ({boot_line})")

    models = a.targets * a.variants
    train_rows = int(a.ecgs * 18 / 20)
    per_model = ca * train_rows ** cb
    extract_cpu = a.ecgs * cpu_record
    train_cpu = models * per_model
    evaluate = models * a.ecgs * a.test_fraction * a.resamples * boot
    print()
    print(f"Projection: {a.ecgs:,} ECGs, {a.targets:,} targets x {a.variants} variants = {models:,} models, "
          f"{train_rows:,} training rows; one target-variant RFE {per_model / 60:.1f} CPU min (extrapolated "
          f"{train_rows / sizes[-1][0]:.0f}x beyond the rows measured)")
    print(f"  CPU: extraction {hours(extract_cpu)}, training {hours(train_cpu)}, evaluation {hours(evaluate)}")
    print()
    print(f"{'machines':>8} {'extract':>12} {'merge rows':>12} {'train':>12} {'study merge':>12} "
          f"{'evaluate':>12} {'engine':>12} {'wall':>12} {'machine-h':>10}")
    for m in (1, 8, 64):
        cores = m * CORES
        ext = extract_cpu / cores
        mrows = a.ecgs * merge_row if m > 1 else 0
        trn = max(train_cpu / cores, per_model)
        smerge = models * merge_target if m > 1 else 0
        jobs = 2 * m if m > 1 else 0  # one extract and one train job per machine
        eng = (jobs * engine / cores) if (engine is not None and m > 1) else 0
        serial = mrows + smerge + evaluate
        wall = ext + mrows + trn + smerge + evaluate + eng
        busy = (ext + trn + eng) * m + serial
        print(f"{m:8d} {hours(ext):>12} {hours(mrows):>12} {hours(trn):>12} {hours(smerge):>12} "
              f"{hours(evaluate):>12} {hours(eng):>12} {hours(wall):>12} {busy / 3600:10.1f}")
    print()
    print("extract and train spread over all cores of all machines; merge rows, study merge and evaluation")
    print("(the patient bootstrap of every model, run when the study's parts are merged) run on one machine.")


if __name__ == "__main__":
    main()
