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
            as a line in the row count; `ecglens study merge` of 4 train parts (seconds per target)
  engine    Snakemake's cost per job: the extract workflow on the bundled sample with 8 shards
            against 1 shard, --cores 1 (job start, ecglens start, reading the record list)
  merge     `ecglens merge` of 8 parts at 100 and 500 records: a fixed cost plus one per row
  evaluate  the patient bootstrap's cost per row and resample, from
            docs/validation/benchmark-bootstrap.txt (ecglens's line)

and projects the wall time of extraction, training and the merge steps for --ecgs ECGs and
--targets x --variants models on M machines with this machine's cores, and the machine-hours.
Training rows are 18 of 20 folds (validation and test are one fold each). The projection
assumes work spreads evenly (targets are many more than cores) and that one target's RFE grows
in proportion to rows as fitted here, far beyond the rows measured (early stopping may run more
rounds on more rows): read it as an order of magnitude.
"""
import argparse, os, resource, shutil, subprocess, sys, tempfile, time

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchmark_train as bench  # noqa: E402  (the Chapman study's tables and its 20 targets)

ROOT = bench.ROOT
ECGLENS = bench.ECGLENS
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


def line_fit(points):
    """Least-squares line through (x, y) points: (intercept, slope)."""
    n = len(points)
    mx, my = sum(x for x, _ in points) / n, sum(y for _, y in points) / n
    slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    return my - slope * mx, slope


def measure_extract(db, work):
    headers = sorted(os.path.abspath(os.path.join(r, f[:-4])) for r, _, fs in os.walk(db) for f in fs if f.endswith(".hea"))
    out = os.path.join(work, "x.csv")
    _, cpu = best(2, [ECGLENS, "extract", db, "--out", out, "--jobs", "1", "--force"])
    wall, _ = best(2, [ECGLENS, "extract", db, "--out", out, "--jobs", str(CORES), "--force"])
    # Merge of 8 parts at two batch sizes: a fixed cost (start, manifests, checks) and one per row.
    merges = []
    for count in (len(headers) // 5, len(headers)):
        listing = os.path.join(work, f"records{count}.txt")
        with open(listing, "w") as f:
            f.write("\n".join(headers[:count]) + "\n")
        parts = []
        for i in range(1, 9):
            part = os.path.join(work, f"part{count}-{i}.csv")
            run([ECGLENS, "extract", listing, "--out", part, "--jobs", str(CORES), "--shard", f"{i}/8", "--force"])
            parts.append(part)
        merge, _ = best(3, [ECGLENS, "merge", *parts, "--out", os.path.join(work, "merged.csv"), "--force"])
        merges.append((count, merge))
    return len(headers), cpu / len(headers), wall, merges


def measure_train(data, work):
    table, labels = os.path.join(work, "chapman.csv"), os.path.join(work, "chapman-labels.csv")
    targets, _ = bench.prepare(data, work)
    x, y = pd.read_csv(table, dtype=str, keep_default_na=False), pd.read_csv(labels, dtype=str, keep_default_na=False)
    sizes = []
    for fraction, picked in ((0.25, targets[:4]), (0.5, targets[:4]), (1.0, targets[:4])):
        rows = x.iloc[: int(len(x) * fraction)]
        t, l = os.path.join(work, f"t{fraction}.csv"), os.path.join(work, f"l{fraction}.csv")
        rows.to_csv(t, index=False)
        y[y.ecg_id.isin(rows.ecg_id)].to_csv(l, index=False)
        _, cpu = best(2, [ECGLENS, "train", "--table", t, "--labels", l, "--id-column", "ecg_id",
                          "--patient-column", "patient_id", "--targets", ",".join(picked), "--rfe",
                          "--min-positives", "5", "--jobs", "1", "--out", os.path.join(work, f"s{fraction}"), "--force"])
        sizes.append((len(rows), cpu / len(picked)))
    # XGBoost's hist method does work in proportion to rows (per round); a line through the
    # three sizes: a fixed cost (process, tables) and one per row.
    a, b = line_fit(sizes)
    base = [ECGLENS, "train", "--table", table, "--labels", labels, "--id-column", "ecg_id", "--patient-column",
            "patient_id", "--targets", ",".join(targets), "--rfe", "--min-positives", "5", "--jobs", str(CORES)]
    parts = []
    for i in range(1, 5):
        part = os.path.join(work, f"part{i}")
        run(base + ["--shard", f"{i}/4", "--out", part, "--force"])
        parts.append(part)
    merge, _ = best(3, [ECGLENS, "study", "merge", *parts, "--out", os.path.join(work, "merged"), "--force"])
    return sizes, a, b, merge / len(targets), len(targets)


def measure_engine(work):
    if shutil.which("snakemake") is None:
        return None
    snakefile = os.path.join(ROOT, "workflows", "extract", "Snakefile")
    times = {}
    for shards in (1, 8):
        walls = []
        for repeat in range(2):  # a fresh results folder each time: Snakemake skips finished jobs
            out = os.path.join(work, f"wf{shards}-{repeat}")
            cmd = ["snakemake", "-s", snakefile, "--cores", "1", "--quiet", "--config",
                   f"inputs={os.path.join(ROOT, 'Samples', 'ptb-xl')}", f"shards={shards}", f"out={out}",
                   f"ecglens={ECGLENS}", "--directory", work]
            walls.append(run(cmd)[0])
        times[shards] = min(walls)
    return times[1], times[8]


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
        n, cpu_record, wall_batch, merges = measure_extract(os.path.join(a.data, "ptb-xl", "records500"), work)
        sizes, ca, cb, merge_target, measured_targets = measure_train(a.data, work)
        engine = measure_engine(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    boot, boot_line = bootstrap_cost()

    print(f"Measured on this machine ({CORES} cores), release build, fastest of repeated runs")
    print(f"  extract: {cpu_record * 1000:.2f} CPU ms per record ({n} PTB-XL records, --jobs 1); "
          f"{n / wall_batch:.0f} records/s wall at --jobs {CORES}")
    for count, seconds in merges:
        print(f"  extract merge, 8 parts of {count} rows in all: {seconds:.3f} s")
    merge_fixed, merge_row = line_fit(merges)
    print(f"  fitted: merge s = {merge_fixed:.3f} + {merge_row * 1e6:.1f} us x rows")
    for rows, cost in sizes:
        print(f"  train, one target with RFE (ecg+demographics), {rows:6d} rows: {cost:6.2f} CPU s")
    print(f"  fitted: CPU s per target = {ca:.3f} + {cb * 1e6:.1f} us x rows")
    print(f"  study merge: {merge_target * 1000:.1f} ms per target ({measured_targets} targets, 4 parts)")
    if engine is None:
        print("  engine: snakemake absent: not measured")
    else:
        print(f"  engine: the extract workflow on Samples/ptb-xl, --cores 1: 1 shard {engine[0]:.2f} s, "
              f"8 shards {engine[1]:.2f} s: {(engine[1] - engine[0]) / 7:.2f} s per extra job")
        engine = max(0.0, (engine[1] - engine[0]) / 7)
    print(f"  evaluate: {boot * 1e9:.1f} ns per row x resample x model, from benchmark-bootstrap.txt ({boot_line})")

    models = a.targets * a.variants
    train_rows = int(a.ecgs * 18 / 20)
    per_model = ca + cb * train_rows
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
          f"{'evaluate':>12} {'engine':>12} {'wall':>12} {'machine-h':>10} {'on one':>9}")
    for m in (1, 8, 64):
        cores = m * CORES
        ext = extract_cpu / cores
        mrows = merge_fixed + a.ecgs * merge_row if m > 1 else 0
        trn = max(train_cpu / cores, per_model)
        smerge = models * merge_target if m > 1 else 0
        # One extract and one train job per machine, side by side: each machine pays its two.
        eng = 2 * engine if (engine is not None and m > 1) else 0
        serial = mrows + smerge + evaluate
        wall = ext + mrows + trn + smerge + evaluate + eng
        busy = (ext + trn + eng) * m + serial
        print(f"{m:8d} {hours(ext):>12} {hours(mrows):>12} {hours(trn):>12} {hours(smerge):>12} "
              f"{hours(evaluate):>12} {hours(eng):>12} {hours(wall):>12} {busy / 3600:10.1f} {100 * serial / wall:7.0f} %")
    print()
    print("extract and train spread over all cores of all machines; merge rows, study merge and evaluation")
    print("(the patient bootstrap of every model, run when the study's parts are merged) run on one machine;")
    print("'on one' is their share of the wall time: past it, more machines shorten little.")


if __name__ == "__main__":
    main()
