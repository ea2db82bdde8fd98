#!/usr/bin/env python3
"""Which tree method does Python's xgboost use when tree_method is left unset, on the MIMIC-IV-ECG
atrial-fibrillation protocol (train on train/, early stopping on val/)? Reference for the README and
for ecglens train --tree-method.

    ecglens ingest mimic ../shared/data/mimic-iv-ecg/train/train_fib.csv --label atrial_fibrillation --out train.csv
    ecglens ingest mimic ../shared/data/mimic-iv-ecg/val/val_fib.csv --label atrial_fibrillation --out val.csv
    pip install xgboost==1.7.6 pandas scikit-learn   # and, in another environment, xgboost==2.1.x
    python3 Scripts/xgboost_default_tree_method.py train.csv val.csv [--ecglens-predictions PREDICTIONS.csv]
    python3 Scripts/xgboost_default_tree_method.py --synthetic --fixture Tests/Fixtures/xgboost/mimic-default-tree-method.json

For tree_method unset, "exact" and "hist" it trains binary:logistic with xgboost's defaults (eta 0.3,
depth 6), one thread, early stopping after 10 rounds on validation logloss, on the base feature set
(RR, PR, QRS, QT, QTc Bazett, P/QRS/T axes), and prints the tree method the booster's own config
records, the best iteration, the validation AUROC and whether the unset model's trees equal the
exact and hist models' trees. --synthetic replaces the tables by seeded synthetic data in their shape
(3,000 train and 1,000 validation rows of whole-millisecond and whole-degree machine values, about 9 %
atrial fibrillation, whose rows mostly lack PR and the P axis, and 5 % missing cells), which is what
--fixture writes, with the unset model's best iteration and validation probabilities, for
Tests/BoostingTests (MIMIC-IV-ECG rows themselves are not copied into the repository).
"""
import json, sys
import numpy as np, pandas as pd, xgboost as xgb
from sklearn.metrics import roc_auc_score

FEATURES = ["rr_ms", "pr_ms", "qrs_ms", "qt_ms", "qtc_bazett_ms", "p_axis_deg", "qrs_axis_deg", "t_axis_deg"]
LABEL = "atrial_fibrillation"


def fit(dtrain, dval, tree_method):
    params = {"objective": "binary:logistic", "eval_metric": "logloss", "nthread": 1, "seed": 0}
    if tree_method:
        params["tree_method"] = tree_method
    booster = xgb.train(params, dtrain, num_boost_round=1000, evals=[(dval, "validation")], early_stopping_rounds=10, verbose_eval=False)
    config = json.loads(booster.save_config())
    recorded = config["learner"]["gradient_booster"]["gbtree_train_param"].get("tree_method")
    updater = config["learner"]["gradient_booster"].get("updater")
    if isinstance(updater, dict):
        updater = ",".join(updater)
    elif isinstance(updater, list):
        updater = ",".join(u.get("name", "?") if isinstance(u, dict) else str(u) for u in updater)
    best = booster.best_iteration
    sliced = booster[: best + 1]
    return sliced, recorded, updater, best


def synthetic(rows, rng):
    af = rng.uniform(size=rows) < 0.09
    rr = np.where(af, rng.normal(700, 200, rows), rng.normal(850, 170, rows)).clip(300, 2000)
    pr = np.where(af, np.where(rng.uniform(size=rows) < 0.8, np.nan, rng.normal(150, 40, rows)), rng.normal(160, 25, rows))
    qrs = rng.normal(96, 18, rows) + 8 * af
    qt = rng.normal(390, 40, rows) - 15 * af
    p_axis = np.where(af & (rng.uniform(size=rows) < 0.85), np.nan, rng.normal(50, 30, rows))
    qrs_axis, t_axis = rng.normal(30, 45, rows), rng.normal(45, 40, rows) + 10 * af
    table = pd.DataFrame({"rr_ms": rr, "pr_ms": pr, "qrs_ms": qrs, "qt_ms": qt, "p_axis_deg": p_axis, "qrs_axis_deg": qrs_axis, "t_axis_deg": t_axis}).round()
    table["qtc_bazett_ms"] = table.qt_ms / np.sqrt(table.rr_ms / 1000)
    table = table.mask(rng.uniform(size=table.shape) < 0.05)
    table[LABEL] = af.astype(float)
    return table


def main():
    fixture = sys.argv[sys.argv.index("--fixture") + 1] if "--fixture" in sys.argv else None
    if "--synthetic" in sys.argv:
        rng = np.random.default_rng(20261129)
        train, val = synthetic(3000, rng), synthetic(1000, rng)
    else:
        train, val = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
    dtrain = xgb.DMatrix(train[FEATURES].to_numpy(np.float32), label=train[LABEL], feature_names=FEATURES)
    dval = xgb.DMatrix(val[FEATURES].to_numpy(np.float32), label=val[LABEL], feature_names=FEATURES)
    print(f"xgboost {xgb.__version__}: train {len(train)} rows ({int(train[LABEL].sum())} AF), val {len(val)} rows ({int(val[LABEL].sum())} AF)")
    models = {}
    for method in [None, "exact", "hist", "approx"]:
        b, recorded, updater, best = fit(dtrain, dval, method)
        p = b.predict(dval)
        models[method] = (b, p, best)
        print(f"  tree_method {method or 'unset':6s}: config says {recorded}, updater {updater}, best iteration {best}, "
              f"val AUROC {roc_auc_score(val[LABEL], p):.6f}")
    for method in ["exact", "hist", "approx"]:
        same = models[None][0].get_dump() == models[method][0].get_dump()
        diff = float(np.max(np.abs(models[None][1] - models[method][1])))
        print(f"  unset == {method}: trees identical {same}, max |probability difference| {diff:.3g}")
    if "--ecglens-predictions" in sys.argv:
        ours = pd.read_csv(sys.argv[sys.argv.index("--ecglens-predictions") + 1], dtype={"ecg_id": str})
        ours = ours.set_index("ecg_id").loc[val["ecg_id"].astype(str), "probability"].to_numpy()
        print(f"  ecglens predictions on val/: AUROC {roc_auc_score(val[LABEL], ours):.6f}, "
              f"max |probability - Python unset| {float(np.max(np.abs(ours - models[None][1]))):.3g}")
    if fixture:
        with open(fixture, "w") as f:
            json.dump({"xgboost_version": xgb.__version__, "feature_names": FEATURES,
                       "train": {"x": [None if np.isnan(v) else float(v) for v in train[FEATURES].to_numpy(np.float32).ravel()],
                                 "y": train[LABEL].astype(float).tolist()},
                       "validation": {"x": [None if np.isnan(v) else float(v) for v in val[FEATURES].to_numpy(np.float32).ravel()],
                                      "y": val[LABEL].astype(float).tolist()},
                       "unset_best_iteration": int(models[None][2]),
                       "unset_probabilities": models[None][1].astype(float).tolist()}, f)


if __name__ == "__main__":
    main()
