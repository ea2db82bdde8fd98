"""Writes the fixture Tests/ModellingTests/LinearProbeTests.swift compares ECGLens's linear probe with:
scikit-learn's LogisticRegression (L2, newton-cholesky, tol 1e-12) on the same standardised features.

    pip install numpy scikit-learn
    python3 Scripts/make_linear_probe_fixture.py [--data ../shared/data]

Standardisation as ECGLens's LinearProbe: each feature's mean and sample standard deviation (ddof 1)
over its present training values; z = (x - mean) / sd, a missing value z = 0, a constant feature z = 0.
Outputs Tests/Fixtures/linear-probe/synthetic.json (200 rows, 6 features, missing values, a constant
column) and, when the data is present, linear-probe/mimic-af.json: MIMIC-IV-ECG machine measurements,
atrial fibrillation (report_0), fitted on train_fib.csv and scored on val_fib.csv (AUROC by sklearn).
"""
import argparse
import json
import os

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "Fixtures", "linear-probe")
MIMIC_FEATURES = ["rr_interval", "p_onset", "p_end", "qrs_onset", "qrs_end", "t_end", "p_axis", "qrs_axis", "t_axis"]


def standardise(train, other=None):
    means, scales = [], []
    for j in range(train.shape[1]):
        present = train[~np.isnan(train[:, j]), j]
        m = present.mean() if len(present) else 0.0
        s = present.std(ddof=1) if len(present) > 1 else 0.0
        means.append(m)
        scales.append(s if np.isfinite(s) and s > 0 else 0.0)

    def apply(x):
        z = np.zeros_like(x)
        for j in range(x.shape[1]):
            if scales[j] > 0:
                z[:, j] = np.where(np.isnan(x[:, j]), 0.0, (x[:, j] - means[j]) / scales[j])
        return z

    return apply(train), (apply(other) if other is not None else None)


def fit(z, y, c):
    model = LogisticRegression(C=c, solver="newton-cholesky", tol=1e-12, max_iter=1000)
    model.fit(z, y)
    return model


def column_lists(x):
    return [[None if np.isnan(v) else float(v) for v in x[:, j]] for j in range(x.shape[1])]


def synthetic():
    rng = np.random.default_rng(22)
    n = 200
    x = np.column_stack([
        rng.normal(400, 30, n),  # a QT-like interval, ms
        rng.normal(0, 1, n),
        rng.exponential(2, n),
        rng.integers(0, 2, n).astype(float),
        np.full(n, 7.0),  # constant: coefficient 0
        rng.normal(60, 20, n),
    ])
    eta = 0.02 * (x[:, 0] - 400) + 0.8 * x[:, 1] - 0.5 * x[:, 2] + 0.7 * x[:, 3] + rng.normal(0, 1, n)
    y = (eta > 0).astype(int)
    x[rng.random(n) < 0.1, 1] = np.nan
    x[rng.random(n) < 0.05, 5] = np.nan
    z, _ = standardise(x)
    cases = []
    for c in [0.01, 1.0, 100.0]:
        m = fit(z, y, c)
        cases.append({"C": c, "intercept": float(m.intercept_[0]), "coefficients": [float(v) for v in m.coef_[0]]})
    return {"columns": column_lists(x), "labels": [int(v) for v in y], "cases": cases}


def read_mimic(path):
    import csv
    rows, labels = [], []
    with open(path) as f:
        for r in csv.DictReader(f):
            rows.append([float(r[k]) if r[k] != "" else np.nan for k in MIMIC_FEATURES])
            labels.append(int(r["report_0"]))
    return np.array(rows), np.array(labels)


def mimic(data):
    train, ytrain = read_mimic(os.path.join(data, "mimic-iv-ecg", "train", "train_fib.csv"))
    val, yval = read_mimic(os.path.join(data, "mimic-iv-ecg", "val", "val_fib.csv"))
    z, zval = standardise(train, val)
    cases = []
    for c in [0.01, 1.0]:
        m = fit(z, ytrain, c)
        auroc = roc_auc_score(yval, m.predict_proba(zval)[:, 1])
        cases.append({
            "C": c, "intercept": float(m.intercept_[0]), "coefficients": [float(v) for v in m.coef_[0]],
            "validation_auroc": float(auroc),
        })
        print(f"MIMIC AF, C={c}: validation AUROC {auroc:.6f} ({len(yval)} ECGs, {int(yval.sum())} positives)")
    return {"features": MIMIC_FEATURES, "cases": cases}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.environ.get("ECGLENS_DATA", os.path.join(HERE, "..", "..", "shared", "data")))
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "synthetic.json"), "w") as f:
        json.dump(synthetic(), f, indent=1)
    if os.path.exists(os.path.join(args.data, "mimic-iv-ecg", "train", "train_fib.csv")):
        with open(os.path.join(OUT, "mimic-af.json"), "w") as f:
            json.dump(mimic(args.data), f, indent=1)


if __name__ == "__main__":
    main()
