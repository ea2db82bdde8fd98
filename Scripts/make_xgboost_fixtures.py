#!/usr/bin/env python3
"""Fixtures proving ECGLens's XGBoost models and Python's xgboost 1.7 are interchangeable.

    pip install xgboost==1.7.6 numpy
    python3 Scripts/make_xgboost_fixtures.py            # data + Python-trained model
    ECGLENS_WRITE_FIXTURES=1 swift test --filter writeInteropFixtureModel
    python3 Scripts/make_xgboost_fixtures.py            # again: Python reads ECGLens's model

Writes to Tests/Fixtures/xgboost/:
  data.json            seeded synthetic binary-classification data (train 800 rows, validation
                       300 rows, 6 features, ~10 % missing), values exactly representable in float32
  python-model.json    trained by xgboost's Python package with ECGLens's default parameters
                       (hist, one thread, early stopping after 10 rounds on validation logloss)
  python-model.ubj     the same model in UBJ
  reference.json       what Python computes: for python-model and, once ECGLens has written it,
                       for ecglens-model.json / .ubj: best iteration, probabilities, margins,
                       SHAP contributions and interaction values on the validation rows
"""
import json, os
import numpy as np
import xgboost as xgb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "xgboost")
NAMES = ["rr_ms", "qrs_ms", "qt_ms", "p_axis_deg", "qrs_axis_deg", "age_years"]
PARAMS = {
    "objective": "binary:logistic", "eval_metric": "logloss", "eta": 0.3, "max_depth": 6,
    "min_child_weight": 1, "lambda": 1, "gamma": 0, "subsample": 1, "colsample_bytree": 1,
    "max_bin": 256, "tree_method": "hist", "nthread": 1, "seed": 0, "verbosity": 1,
}


def make_data():
    rng = np.random.default_rng(20261123)
    n = 1100
    x = np.column_stack([
        rng.normal(850, 180, n), rng.normal(95, 18, n), rng.normal(400, 40, n),
        rng.normal(50, 30, n), rng.normal(30, 45, n), rng.uniform(18, 95, n),
    ]).astype(np.float32)
    logit = (0.012 * (x[:, 1] - 95) + 0.02 * (x[:, 2] - 400) - 0.002 * (x[:, 0] - 850)
             + 0.03 * (x[:, 5] - 60) + 0.8 * np.sin(x[:, 4] / 30.0))
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-2.5 * logit))).astype(np.float32)
    x[rng.uniform(size=x.shape) < 0.1] = np.nan
    return x[:800], y[:800], x[800:], y[800:]


def outputs(booster, dval):
    return {
        "best_iteration": int(booster.attr("best_iteration")) if booster.attr("best_iteration") else None,
        "rounds": booster.num_boosted_rounds(),
        "feature_names": booster.feature_names,
        "probabilities": booster.predict(dval).astype(float).tolist(),
        "margins": booster.predict(dval, output_margin=True).astype(float).tolist(),
        "contributions": booster.predict(dval, pred_contribs=True).ravel().astype(float).tolist(),
        "interactions": booster.predict(dval, pred_interactions=True).ravel().astype(float).tolist(),
        "gain": [booster.get_score(importance_type="gain").get(f, 0.0) for f in NAMES],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    xt, yt, xv, yv = make_data()
    with open(os.path.join(OUT, "data.json"), "w") as f:
        json.dump({"feature_names": NAMES,
                   "train": {"x": [None if np.isnan(v) else float(v) for v in xt.ravel()], "y": yt.tolist()},
                   "validation": {"x": [None if np.isnan(v) else float(v) for v in xv.ravel()], "y": yv.tolist()}}, f)
    dtrain = xgb.DMatrix(xt, label=yt, feature_names=NAMES)
    dval = xgb.DMatrix(xv, label=yv, feature_names=NAMES)
    history = {}
    booster = xgb.train(PARAMS, dtrain, num_boost_round=1000, evals=[(dval, "validation")],
                        early_stopping_rounds=10, evals_result=history, verbose_eval=False)
    best = booster.best_iteration
    sliced = booster[: best + 1]
    sliced.set_attr(best_iteration=str(best))
    sliced.feature_names = NAMES
    sliced.save_model(os.path.join(OUT, "python-model.json"))
    sliced.save_model(os.path.join(OUT, "python-model.ubj"))
    reference = {"xgboost_version": xgb.__version__, "python_model": outputs(sliced, dval)}
    reference["python_model"]["validation_history"] = [
        float(v) for v in history["validation"]["logloss"]]
    for name in ["ecglens-model.json", "ecglens-model.ubj"]:
        path = os.path.join(OUT, name)
        if os.path.exists(path):
            loaded = xgb.Booster(model_file=path)
            reference[name] = outputs(loaded, dval)
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(reference, f)
    print("wrote", OUT, "with", [k for k in reference if k != "xgboost_version"])


if __name__ == "__main__":
    main()
