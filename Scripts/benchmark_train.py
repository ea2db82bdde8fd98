#!/usr/bin/env python3
"""Study training with RFE, ECGLens vs the Python pipelines people use, same data, same machine.

    pip install xgboost==1.7.6 scikit-learn pandas joblib
    swift build -c release
    python3 Scripts/benchmark_train.py [--data ../shared/data] [--out docs/validation/benchmark-train.txt]

The study: Chapman-Shaoxing GE MUSE measurements + age + sex, the 20 most frequent rhythm and
condition labels as targets, ecg+demographics variant, RFE down to 4 ECG features, XGBoost
defaults with tree_method hist, early stopping after 10 rounds on validation logloss. Every side
reads the same CSV files and uses the split ECGLens computed (its split.csv), so all train the
same rows. Wall-clock time end to end (reading CSVs to writing predictions), both cores used:

  ecglens            `ecglens train ... --rfe` (targets in parallel, one thread per booster)
  python-one-path    the same algorithm written with xgboost's sklearn API: one elimination path
                     per target (fit with early stopping, validation AUROC, drop the feature with
                     the lowest gain in the model sliced to its best round),
                     targets in parallel over 2 joblib processes, one thread per booster
  python-sklearn-rfe the pattern of the reference studies' published code: for every subset
                     size n, sklearn.feature_selection.RFE(XGBClassifier(), n_features_to_select=n)
                     on train, then a refit with early stopping on validation to score the subset;
                     targets in parallel over 2 joblib processes

python-one-path also checks correctness: its selected features and AUROCs must equal ECGLens's.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
import numpy as np
import pandas as pd
import xgboost as xgb
from joblib import Parallel, delayed
from sklearn.feature_selection import RFE
from sklearn.metrics import roc_auc_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ECGLENS = os.path.join(ROOT, ".build", "release", "ecglens")
PARAMS = dict(learning_rate=0.3, max_depth=6, min_child_weight=1, reg_lambda=1, gamma=0, subsample=1,
              colsample_bytree=1, max_bin=256, tree_method="hist", n_jobs=1, random_state=0,
              eval_metric="logloss", verbosity=1)
DEMOGRAPHICS = ["age_years", "sex_male"]
MIN_ECG = 4


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stderr}")
    return r.stdout


def load(work, study):
    x = pd.read_csv(os.path.join(work, "chapman.csv"), float_precision="round_trip")
    y = pd.read_csv(os.path.join(work, "chapman-labels.csv"))
    split = pd.read_csv(os.path.join(study, "split.csv"))
    with open(os.path.join(study, "study.json")) as f:
        config = json.load(f)["configuration"]
    return x, y, split, config


def fit_es(xt, yt, xv, yv, cols):
    m = xgb.XGBClassifier(n_estimators=1000, early_stopping_rounds=10, **PARAMS)
    m.fit(xt[cols], yt, eval_set=[(xv[cols], yv)], verbose=False)
    return m, roc_auc_score(yv, m.predict_proba(xv[cols], iteration_range=(0, m.best_iteration + 1))[:, 1])


def finish(target, m, cols, auc, xv, xt_, yv, yt_):
    r = (0, m.best_iteration + 1)
    pv = m.predict_proba(xv[cols], iteration_range=r)[:, 1]
    pt = m.predict_proba(xt_[cols], iteration_range=r)[:, 1]
    return {"target": target, "features": cols, "validation_auroc": auc, "test_auroc": roc_auc_score(yt_, pt),
            "pv": pv.tolist(), "pt": pt.tolist()}


def one_path(target, x, y, part, ecg, demo):
    xt, xv, xs = x[part == "train"], x[part == "validation"], x[part == "test"]
    yt, yv, ys = y[part == "train"], y[part == "validation"], y[part == "test"]
    cols = [c for c in ecg + demo if xt[c].notna().any()]
    floor = min(MIN_ECG, len([c for c in cols if c in ecg]))
    best = None
    while True:
        m, auc = fit_es(xt, yt, xv, yv, cols)
        if best is None or auc > best[2]:
            best = (m, list(cols), auc)
        # Gain of the model as used (rounds up to the best one), as ECGLens ranks features.
        gain = m.get_booster()[: m.best_iteration + 1].get_score(importance_type="gain")
        g = [gain.get(c, 0.0) for c in cols]
        weakest = int(np.argmin(g))  # first of the lowest
        nxt = cols[:weakest] + cols[weakest + 1:]
        if not nxt or len([c for c in nxt if c in ecg]) < floor:
            break
        cols = nxt
    return finish(target, best[0], best[1], best[2], xv, xs, yv, ys)


def sklearn_rfe(target, x, y, part, ecg, demo):
    xt, xv, xs = x[part == "train"], x[part == "validation"], x[part == "test"]
    yt, yv, ys = y[part == "train"], y[part == "validation"], y[part == "test"]
    cols = [c for c in ecg + demo if xt[c].notna().any()]
    best = None
    for n in range(1, len(cols) + 1):
        rfe = RFE(xgb.XGBClassifier(**PARAMS), n_features_to_select=n, step=1)
        rfe.fit(xt[cols], yt)
        sel = [c for c, keep in zip(cols, rfe.support_) if keep]
        if len([c for c in sel if c in ecg]) < min(MIN_ECG, len([c for c in cols if c in ecg])):
            continue
        m, auc = fit_es(xt, yt, xv, yv, sel)
        if best is None or auc > best[2]:
            best = (m, sel, auc)
    return finish(target, best[0], best[1], best[2], xv, xs, yv, ys)


def python_study(method, work, study, targets, out):
    x, y, split, config = load(work, study)
    assert (x["ecg_id"].values == split["ecg_id"].values).all()
    part = split["partition"].values
    opts = config["options"]
    ecg, demo = opts["ecgFeatures"], opts["demographicFeatures"]
    fn = one_path if method == "python-one-path" else sklearn_rfe
    y = y.set_index("ecg_id").loc[x["ecg_id"]]
    results = Parallel(n_jobs=2)(delayed(fn)(t, x, y[t].values, part, ecg, demo) for t in targets)
    with open(out, "w") as f:
        json.dump(results, f)
    return results


def prepare(data, work):
    """The study's tables in `work` (ingested MUSE measurements, labels); returns the 20 most
    frequent targets and the number of ECGs."""
    diagnostics = os.path.join(data, "chapman-shaoxing", "Diagnostics.csv")
    run([ECGLENS, "ingest", "muse", diagnostics, "--out", os.path.join(work, "chapman.csv")])
    run([ECGLENS, "labels", os.path.join(work, "chapman.csv"), "--id-column", "ecg_id", "--categorical", "rhythm",
         "--multi-valued", "beat", "--ignore", "NONE", "--min-count", "100", "--out", os.path.join(work, "chapman-labels.csv")])
    labels = pd.read_csv(os.path.join(work, "chapman-labels.csv"))
    counts = labels.drop(columns="ecg_id").sum().sort_values(ascending=False, kind="stable")
    return list(counts.index[:20]), len(labels)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--skip-sklearn-rfe", action="store_true")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="ecglens-bench-")
    targets, ecgs = prepare(a.data, work)
    study = os.path.join(work, "study")
    t0 = time.perf_counter()
    run([ECGLENS, "train", "--table", os.path.join(work, "chapman.csv"), "--labels", os.path.join(work, "chapman-labels.csv"),
         "--id-column", "ecg_id", "--patient-column", "patient_id", "--targets", ",".join(targets), "--rfe",
         "--min-positives", "5", "--out", study])
    times = {"ecglens": time.perf_counter() - t0}
    with open(os.path.join(study, "study.json")) as f:
        entries = {e["target"]: e for e in json.load(f)["entries"]}
    results = {}
    methods = ["python-one-path"] + ([] if a.skip_sklearn_rfe else ["python-sklearn-rfe"])
    for method in methods:
        t0 = time.perf_counter()
        results[method] = python_study(method, work, study, targets, os.path.join(work, method + ".json"))
        times[method] = time.perf_counter() - t0

    lines = [f"Study: Chapman-Shaoxing, {ecgs} ECGs, 20 targets with RFE (ecg+demographics), xgboost {xgb.__version__}",
             f"machine: {os.cpu_count()} cores; wall-clock seconds end to end", ""]
    lines.append(f"{'pipeline':20} {'seconds':>8} {'vs ecglens':>11}")
    for k, v in times.items():
        lines.append(f"{k:20} {v:8.1f} {v / times['ecglens']:10.1f}x")
    lines.append("")
    lines.append(f"{'target':14} {'ecglens feats/valAUROC':>24} {'one-path feats/valAUROC':>25} {'sklearn-rfe feats/valAUROC':>28}")
    same = 0
    for r in results["python-one-path"]:
        e = entries[r["target"]]
        row = f"{r['target']:14} {len(e['features']):>10} {e['validationAUROC']:13.4f} {len(r['features']):>11} {r['validation_auroc']:13.4f}"
        if "python-sklearn-rfe" in results:
            s = [q for q in results["python-sklearn-rfe"] if q["target"] == r["target"]][0]
            row += f" {len(s['features']):>14} {s['validation_auroc']:13.4f}"
        lines.append(row)
        same += int(e["features"] == r["features"] and abs(e["validationAUROC"] - r["validation_auroc"]) < 1e-12)
    lines.append("")
    lines.append(f"ECGLens and python-one-path selected identical features with identical validation AUROC for {same} of {len(targets)} targets")
    text = "\n".join(lines)
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
