#!/usr/bin/env python3
"""Where `ecglens train` spends its time on benchmark_train.py's study, and what bounds it against Python.

    pip install xgboost==1.7.6 scikit-learn pandas joblib
    swift build -c release --product ecglens
    python3 Scripts/profile_train.py [--data ../shared/data] [--repeats 2]

The study is benchmark_train.py's (Chapman-Shaoxing, 20 targets, RFE, ecg+demographics).
1. Scaling: the release `ecglens train` with --jobs 2 and --jobs 1, wall and CPU (user + system).
2. Work done: RFE steps, fits (steps that only drop unused features reuse the previous fit) and
   boosting rounds trained (best round + 1 + the 10 early-stopping rounds), read from the study.
3. Profile: `perf record --call-graph dwarf` of a --jobs 1 run (XGBoost's library has no frame
   pointers, DWARF unwinding attributes its time to the C API call and to ECGLens's caller).
   Inclusive share of each stage, in CPU seconds scaled to the unprofiled run; self time by library.
4. Load balance of --jobs 2: idle core-seconds (2 x wall - CPU), of which the serial stages.
5. Python one-path (benchmark_train.py's, on ECGLens's split): CPU (perf stat, its worker
   processes included) and the share inside libxgboost, the same C++ code ECGLens calls.
6. The training matrix as a DMatrix (ECGLens) or a QuantileDMatrix (XGBoost's scikit-learn
   wrapper): CPU of the same fits and whether the models are identical.
"""
import argparse, csv, glob, os, re, resource, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchmark_train as bench  # noqa: E402  (the study's data, targets and the Python pipeline)

ROOT = bench.ROOT
ECGLENS = bench.ECGLENS

# (depth, label, pattern): the function that does each stage as `perf report` names it after
# `swift demangle --simplified` (a prefix), time inclusive of what it calls. None: by difference.
STAGES = [
    (0, "whole run (ecglens train)", "Train.run()"),
    (1, "reading the CSV tables", "readCSV(at:options:)"),
    (1, "assembling the study and the patient split", "assembleStudy("),
    (1, "training jobs (trainTarget, 20 targets)", "trainTarget("),
    (2, "feature matrices (copy to Float, XGDMatrixCreateFromMat)", "specialized matrix #1 (_:_:) in trainTarget"),
    (2, "boosting rounds (XGBoosterUpdateOneIter)", "XGBoosterUpdateOneIter"),
    (3, "gradient index per fit: quantile sketch + bin index (GHistIndexMatrix)", "xgboost::GHistIndexMatrix::GHistIndexMatrix"),
    (3, "tree growth: split search (EvaluateSplits)", "xgboost::tree::HistEvaluator<xgboost::tree::CPUExpandEntry>::EvaluateSplits"),
    (3, "tree growth: histograms (BuildHist)", "xgboost::tree::HistogramBuilder<xgboost::tree::CPUExpandEntry>::BuildHist"),
    (3, "tree growth: row partitioning (UpdatePosition)", "xgboost::tree::CommonRowPartitioner::UpdatePosition<unsigned char, true, false>"),
    (3, "gradients of the log loss (GetGradient)", "xgboost::obj::RegLossObj<xgboost::obj::LogisticClassification>::GetGradient"),
    (3, "rest of the round (by difference)", None),
    (2, "per-round validation log loss for early stopping (XGBoosterEvalOneIter)", "XGBoosterEvalOneIter"),
    (2, "slicing the booster to its best round (XGBoosterSlice)", "XGBoosterSlice"),
    (2, "predictions (validation AUROC, saved probabilities)", None),
    (2, "mean |SHAP| of the final model on test (TreeSHAP)", "xgboost::predictor::CPUPredictor::PredictContribution"),
    (2, "gain importance for RFE (XGBoosterFeatureScore)", "XGBoosterFeatureScore"),
    (2, "saving the model JSON (XGBoosterSaveModelToBuffer)", "XGBoosterSaveModelToBuffer"),
    (2, "freeing boosters and matrices", None),
    (1, "writing the study folder (writeStudy)", "writeStudy("),
]


def train(work, targets, jobs, out, perf=None):
    cmd = [ECGLENS, "train", "--table", os.path.join(work, "chapman.csv"), "--labels",
           os.path.join(work, "chapman-labels.csv"), "--id-column", "ecg_id", "--patient-column", "patient_id",
           "--targets", ",".join(targets), "--rfe", "--min-positives", "5", "--jobs", str(jobs), "--out", out, "--force"]
    if perf:
        cmd = ["perf", "record", "-q", "--call-graph", "dwarf,16384", "-F", "250", "-o", perf, "--"] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    bench.run(cmd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def perf_report(data, *args):
    text = subprocess.run(["perf", "report", "-i", data, "--stdio", "-q", "-g", "none", *args],
                          capture_output=True, text=True, check=True).stdout
    rows = []
    for line in text.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(?:([\d.]+)%\s+)?(?:\[.\]\s+)?(.*)$", line)
        if m:
            rows.append((float(m.group(1)), m.group(3).strip()))
    return rows


def demangled(rows):
    names = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(r[1] for r in rows),
                           capture_output=True, text=True).stdout.splitlines()
    return [(r[0], n) for r, n in zip(rows, names)] if len(names) == len(rows) else rows


def work_done(study):
    steps = fits = rounds = 0
    for f in glob.glob(os.path.join(study, "models", "*", "*", "elimination.csv")):
        previous = None
        for r in csv.DictReader(open(f)):
            steps += 1
            key = (r["validation_auroc"], r["best_iteration"])
            if key != previous:  # a reused fit repeats the previous step's AUROC and best round
                fits += 1
                rounds += int(r["best_iteration"]) + 1 + 10
            previous = key
    return steps, fits, rounds


def matrix_kinds(work, study, targets):
    """XGBoost (Python, 1.7) fits with the training matrix as a DMatrix (what ECGLens builds) and as a
    QuantileDMatrix from the dense array (what the scikit-learn wrapper builds): CPU seconds of each
    kind (two alternating passes over the same fits) and whether the saved models are identical."""
    import json
    import numpy as np
    import pandas as pd
    import xgboost as xgb
    x = pd.read_csv(os.path.join(work, "chapman.csv"), float_precision="round_trip")
    y = pd.read_csv(os.path.join(work, "chapman-labels.csv")).set_index("ecg_id").loc[x["ecg_id"]]
    part = pd.read_csv(os.path.join(study, "split.csv"))["partition"].values
    opts = json.load(open(os.path.join(study, "study.json")))["configuration"]["options"]
    cols = [c for c in opts["ecgFeatures"] + opts["demographicFeatures"] if x.loc[part == "train", c].notna().any()]
    params = dict(eta=0.3, max_depth=6, objective="binary:logistic", eval_metric="logloss", tree_method="hist",
                  nthread=1, seed=0, max_bin=256)
    xt = x.loc[part == "train", cols].to_numpy(np.float32)
    xv = x.loc[part == "validation", cols].to_numpy(np.float32)
    seconds, models = {"DMatrix": 0.0, "QuantileDMatrix": 0.0}, {"DMatrix": [], "QuantileDMatrix": []}
    for _ in range(2):
        for kind in seconds:
            start = time.process_time()
            for t in targets:
                yt, yv = y.loc[part == "train", t].values, y.loc[part == "validation", t].values
                train = (xgb.DMatrix(xt, yt, feature_names=cols) if kind == "DMatrix" else
                         xgb.QuantileDMatrix(xt, yt, feature_names=cols, max_bin=256, nthread=1))
                b = xgb.train(params, train, 1000, evals=[(xgb.DMatrix(xv, yv, feature_names=cols), "validation")],
                              early_stopping_rounds=10, verbose_eval=False)
                models[kind].append(bytes(b[: b.best_iteration + 1].save_raw("json")))
            seconds[kind] += time.process_time() - start
    return seconds, models["DMatrix"] == models["QuantileDMatrix"], 2 * len(targets)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--repeats", type=int, default=2)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="ecglens-profile-train-")
    try:
        targets, rows = bench.prepare(a.data, work)
        print(f"Study: benchmark_train.py's (Chapman-Shaoxing, {rows} ECGs, {len(targets)} targets, RFE, "
              f"ecg+demographics); {os.cpu_count()} cores; release build")
        print("load average before (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))

        print("\n## Scaling (whole process: read, split, train, write)")
        print("jobs | run | wall s | CPU s | CPU / wall")
        best = {}
        for jobs in (2, 1):
            for i in range(a.repeats):
                wall, cpu = train(work, targets, jobs, os.path.join(work, f"study{jobs}"))
                best[jobs] = min(best.get(jobs, (1e9, 0)), (wall, cpu))
                print(f"{jobs} | {i + 1} | {wall:.2f} | {cpu:.2f} | {cpu / wall:.2f}")
        same = subprocess.run(["diff", "-r", os.path.join(work, "study1"), os.path.join(work, "study2")],
                              capture_output=True).returncode == 0
        print(f"--jobs 2 vs --jobs 1 (fastest runs): {best[1][0] / best[2][0]:.2f}x wall; "
              f"study folders identical: {'yes' if same else 'NO'}")

        steps, fits, rounds = work_done(os.path.join(work, "study1"))
        print(f"\n## Work done: {steps} RFE steps, {fits} XGBoost fits ({steps - fits} steps only dropped "
              f"features no split used and reused the previous fit), {rounds} boosting rounds trained")
        cpu1 = best[1][1]
        print(f"CPU per fit {1000 * cpu1 / fits:.1f} ms, per round {1000 * cpu1 / rounds:.2f} ms (--jobs 1)")

        if shutil.which("perf") is None:
            print("\nperf is absent: no profile")
            return
        data = os.path.join(work, "perf.data")
        wall, cpu = train(work, targets, 1, os.path.join(work, "perf-study"), perf=data)
        print(f"\n## Where the time goes (perf record --call-graph dwarf -F 250 of a --jobs 1 run; under perf: "
              f"wall {wall:.2f} s, CPU {cpu:.2f} s)")
        print(f"Inclusive share of all samples; seconds scaled to the unprofiled --jobs 1 CPU {cpu1:.2f} s.")
        inclusive = demangled(perf_report(data, "--children", "--sort", "sym", "--percent-limit", "0.01"))

        def share(prefix):
            return max((p for p, n in inclusive if n.startswith(prefix) or n.startswith("specialized " + prefix)),
                       default=0.0)

        shares = {label: share(prefix) for _, label, prefix in STAGES if prefix}
        predict = share("XGBoosterPredictFromDMatrix") - shares[STAGES[15][1]]
        frees = share("XGBoosterFree") + share("XGDMatrixFree")
        print("stage | % of CPU | CPU s")
        for depth, label, prefix in STAGES:
            if prefix:
                pct = shares[label]
            elif label.startswith("rest of the round"):
                pct = shares[STAGES[5][1]] - sum(shares[STAGES[i][1]] for i in range(6, 11))
            elif label.startswith("predictions"):
                pct = predict
            else:
                pct = frees
            print(f"{'  ' * depth}{label} | {pct:.1f} | {pct / 100 * cpu1:.2f}")
        serial = sum(shares[STAGES[i][1]] for i in (1, 2, 19)) / 100 * cpu1

        print("\nSelf time by library (% of CPU | CPU s)")
        libraries = perf_report(data, "--no-children", "--sort", "dso")
        for pct, name in libraries[:8]:
            print(f"{name} | {pct:.1f} | {pct / 100 * cpu1:.2f}")
        xgb_ecglens = sum(p for p, n in libraries if n.startswith("libxgboost") or n.startswith("libgomp")) / 100 * cpu1
        # ECGLens's own code: its binary, the Swift runtime and Foundation (the rest is XGBoost and
        # the C/C++ runtime and kernel it calls: memset, malloc, expf).
        own = sum(p for p, n in libraries if n == "ecglens" or n.startswith("libswift") or n.startswith("libFoundation")
                  or n.startswith("libdispatch")) / 100 * cpu1
        print(f"ECGLens's own code (ecglens, Swift runtime, Foundation): {own:.2f} s; XGBoost and the runtime it "
              f"calls: {cpu1 - own:.2f} s")

        wall2, cpu2 = best[2]
        idle = 2 * wall2 - cpu2
        print(f"\n## Load balance of --jobs 2 (fastest run): wall {wall2:.2f} s, CPU {cpu2:.2f} s, "
              f"idle {idle:.2f} core-s ({100 * idle / (2 * wall2):.0f} % of 2 x wall)")
        print(f"serial stages (reading, split, writing) {serial:.2f} s leave one core idle; "
              f"the other {max(0.0, idle - serial):.2f} core-s: the last jobs running alone, process start, "
              f"and other processes on the machine")

        print("\n## Python one-path (benchmark_train.py's pipeline, 2 joblib processes, one thread per booster)")
        study = os.path.join(work, "study2")
        script = ("import sys; sys.path.insert(0, %r); import benchmark_train as b; "
                  "b.python_study('python-one-path', %r, %r, %r.split(','), %r)"
                  % (os.path.dirname(os.path.abspath(__file__)), work, study, ",".join(targets),
                     os.path.join(work, "one-path.json")))
        stat = os.path.join(work, "stat.txt")
        start = time.perf_counter()
        bench.run(["perf", "stat", "-x,", "-e", "task-clock", "-o", stat, sys.executable, "-c", script])
        pwall = time.perf_counter() - start
        pcpu = float([l for l in open(stat) if "task-clock" in l][0].split(",")[0]) / 1000
        pdata = os.path.join(work, "perf-python.data")
        bench.run(["perf", "record", "-q", "-F", "499", "-o", pdata, "--", sys.executable, "-c", script])
        plibs = perf_report(pdata, "--no-children", "--sort", "dso")
        xgb_python = sum(p for p, n in plibs if n.startswith("libxgboost") or n.startswith("libgomp")) / 100 * pcpu
        interpreter = sum(p for p, n in plibs if n.startswith("libpython")) / 100 * pcpu
        print(f"wall {pwall:.2f} s, CPU {pcpu:.2f} s (all processes), {steps} fits (every RFE step is fitted)")
        print(f"inside libxgboost (+ libgomp): {xgb_python:.2f} s; Python interpreter: {interpreter:.2f} s; "
              f"the rest (numpy, pandas, libc, kernel): {pcpu - xgb_python - interpreter:.2f} s")
        print(f"ECGLens --jobs 1: inside libxgboost (+ libgomp) {xgb_ecglens:.2f} s of {cpu1:.2f} s CPU, "
              f"{fits} fits plus TreeSHAP")
        print(f"\nCPU ratio Python / ECGLens: {pcpu / cpu1:.2f}x; were ECGLens's own code free it would be "
              f"{pcpu / (cpu1 - own):.2f}x, and {pcpu / xgb_ecglens:.2f}x with nothing but libxgboost: "
              f"XGBoost's tree building bounds the ratio")
        seconds, same, n = matrix_kinds(work, study, targets[:6])
        print(f"\n## Training matrix kind (Python xgboost, {n} fits on all features, 6 targets, twice each kind): "
              f"DMatrix {seconds['DMatrix']:.2f} CPU s, QuantileDMatrix {seconds['QuantileDMatrix']:.2f} CPU s; "
              f"models identical: {'yes' if same else 'NO'}")
        print("\nload average after (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
