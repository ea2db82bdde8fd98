#!/usr/bin/env python3
"""Sharded studies equal the single run, on real data: the Chapman-Shaoxing 20-target RFE study of
Scripts/benchmark_train.py (GE MUSE measurements + age + sex, the 20 most frequent rhythm and
condition labels, ecg+demographics, RFE, --min-positives 5).

  train   `ecglens train` once, then `train --shard I/N` N times (one after the other, as N
          machines would run them side by side) and `ecglens study merge`
  study   the same study as a config (`ecglens study`, evaluation and report included) once, then
          N `study --shard I/N` jobs and `study merge` run by workflows/study/Snakefile under
          Snakemake's local executor

For each: every file of the merged folder against the single run's (byte for byte), the targets
per shard and the wall times.

    swift build -c release --product ecglens
    python3 Scripts/validate_sharded_study.py [--data ../shared/data] [--shards 4] [--jobs 2]
"""
import argparse, filecmp, json, os, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchmark_train as bench  # noqa: E402  (the study's tables and its 20 targets)

ROOT = bench.ROOT
ECGLENS = bench.ECGLENS


def run(cmd, cwd=None):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return time.perf_counter() - t0


def compare(merged, single):
    """Files (hidden ones too) of both folders; the names that differ or are in one only."""
    def files(folder):
        return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs)
    a, b = files(merged), files(single)
    differ = sorted(set(a) ^ set(b)) + [f for f in b if f in a and not filecmp.cmp(os.path.join(merged, f), os.path.join(single, f), shallow=False)]
    return len(b), differ


def report(lines, name, merged, single):
    count, differ = compare(merged, single)
    lines.append(f"{name}: {count} files in the single run's folder; merged folder "
                 + ("byte-identical, every file" if not differ else f"DIFFERENT in {len(differ)}: {' '.join(differ[:10])}"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("ECGLENS_DATA", os.path.join(ROOT, "..", "shared", "data")))
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="ecglens-shards-")
    try:
        table, labels = os.path.join(work, "chapman.csv"), os.path.join(work, "chapman-labels.csv")
        targets, ecgs = bench.prepare(a.data, work)
        n, jobs = a.shards, str(a.jobs)
        lines = [f"Study: Chapman-Shaoxing, {ecgs} ECGs, {len(targets)} targets with RFE (ecg+demographics); "
                 f"{n} shards; --jobs {jobs}; {os.cpu_count()} cores"]

        # 1. ecglens train: single run, N shards one after the other, merge.
        train = [ECGLENS, "train", "--table", table, "--labels", labels, "--id-column", "ecg_id", "--patient-column",
                 "patient_id", "--targets", ",".join(targets), "--rfe", "--min-positives", "5", "--jobs", jobs]
        single_s = run(train + ["--out", os.path.join(work, "train-single")])
        shard_s = [run(train + ["--shard", f"{i}/{n}", "--out", os.path.join(work, "train-parts", f"part-{i}")])
                   for i in range(1, n + 1)]
        parts = [os.path.join(work, "train-parts", f"part-{i}") for i in range(1, n + 1)]
        merge_s = run([ECGLENS, "study", "merge", *parts, "--out", os.path.join(work, "train-merged")])
        lines.append("")
        lines.append("train: `ecglens train --rfe` vs `train --shard I/N` + `study merge`")
        for i, p in enumerate(parts, 1):
            with open(os.path.join(p, "study-shard.json")) as f:
                shard_targets = json.load(f)["targets"]
            lines.append(f"  shard {i}: {len(shard_targets):2d} targets, {shard_s[i - 1]:6.1f} s  ({' '.join(shard_targets)})")
        lines.append(f"  wall time: single run {single_s:.1f} s; shards {sum(shard_s):.1f} s in all, longest "
                     f"{max(shard_s):.1f} s; merge {merge_s:.1f} s")
        report(lines, "  train", os.path.join(work, "train-merged"), os.path.join(work, "train-single"))

        # 2. ecglens study (config, evaluation and report): single run vs Snakemake shards + merge,
        # both writing the same output folder (study.json records absolute paths).
        config = os.path.join(work, "study.json")
        with open(config, "w") as f:
            json.dump({"name": "Chapman-Shaoxing, 20 targets, sharded", "source": {"kind": "table", "file": table},
                       "labels": {"file": labels}, "id_column": "ecg_id", "patient_column": "patient_id",
                       "targets": targets, "rfe": True, "ablation": False, "min_positives": 5}, f)
        out = os.path.join(work, "study-out")
        study_s = run([ECGLENS, "study", config, "--out", out, "--jobs", jobs])
        os.rename(out, os.path.join(work, "study-single"))
        snake_s = run(["snakemake", "--snakefile", os.path.join(ROOT, "workflows", "study", "Snakefile"), "--cores", jobs,
                       "--quiet", "--config", f"config={config}", f"shards={n}", f"out={out}",
                       f"parts={os.path.join(work, 'study-parts')}", f"ecglens={ECGLENS}", f"jobs={jobs}"], cwd=work)
        lines.append("")
        lines.append("study: `ecglens study CONFIG` vs workflows/study/Snakefile (`study --shard I/N` + `study merge`)")
        lines.append(f"  wall time: single run {study_s:.1f} s; Snakemake, {n} shards + merge on {jobs} cores {snake_s:.1f} s")
        report(lines, "  study", out, os.path.join(work, "study-single"))
        print("\n".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
