#!/usr/bin/env python3
"""Reference values for the Statistics module, from independent implementations.

    pip install scikit-learn==1.9.1 MLstatkit==0.1.91 numpy scipy
    python3 Scripts/make_statistics_fixtures.py

Writes Tests/Fixtures/statistics-reference.json: seeded binary-classification cases (with tied
scores, unequal class sizes, 20 to 3,000 rows), each with two score vectors and
  scikit-learn: roc_auc_score, average_precision_score, brier_score_loss (first scores);
  MLstatkit.Delong_test (fast DeLong, Sun and Xu 2014): z = (AUC_B - AUC_A) / SE, two-sided p,
  the variance of the difference, and the normal-approximation 95 % CI of each AUC;
  scikit-learn IsotonicRegression(out_of_bounds="clip") fitted on the first half, applied to all;
  scikit-learn LogisticRegression(C=inf, unpenalised) of the labels on logit(a): calibration intercept
  and slope;
  NRI (continuous and categorical at 0.2/0.5) and IDI of b over a with Pencina's standard errors,
  written out directly in numpy below.
"""
import json, os
import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score, average_precision_score, brier_score_loss
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from scipy.stats import norm
import MLstatkit
from MLstatkit import Delong_test

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def nri_idi(y, a, b, cuts=None):
    y = y.astype(bool)
    if cuts is None:
        move = np.sign(b - a)
    else:
        move = np.sign(np.searchsorted(cuts, b, side="right") - np.searchsorted(cuts, a, side="right"))
    out = {}
    ue, de = (move[y] > 0).sum(), (move[y] < 0).sum()
    un, dn = (move[~y] > 0).sum(), (move[~y] < 0).sum()
    ne, nn = y.sum(), (~y).sum()
    nri = (ue - de) / ne + (dn - un) / nn
    var = (ue + de) / ne**2 - (ue - de)**2 / ne**3 + (un + dn) / nn**2 - (un - dn)**2 / nn**3
    d = b - a
    idi = d[y].mean() - d[~y].mean()
    se_idi = np.sqrt(d[y].var(ddof=1) / ne + d[~y].var(ddof=1) / nn)
    return {"nri": float(nri), "nri_se": float(np.sqrt(var)), "nri_p": float(2 * norm.sf(abs(nri / np.sqrt(var)))),
            "idi": float(idi), "idi_se": float(se_idi), "idi_p": float(2 * norm.sf(abs(idi / se_idi)))}


def main():
    rng = np.random.default_rng(6)
    cases = []
    for i, (n, prevalence, decimals) in enumerate([(20, 0.4, 1), (60, 0.3, 2), (200, 0.1, 2), (500, 0.5, 3),
                                                    (1000, 0.05, 2), (3000, 0.2, 4), (150, 0.6, 1)]):
        y = (rng.uniform(size=n) < prevalence).astype(int)
        if y.sum() < 2: y[:2] = 1
        latent = y * 1.0 + rng.normal(size=n)
        a = np.round(1 / (1 + np.exp(-(latent + rng.normal(scale=0.8, size=n)))), decimals)
        b = np.round(1 / (1 + np.exp(-(latent * 0.6 + rng.normal(scale=1.0, size=n)))), decimals)
        z, p, ci_a, ci_b, auc_a, auc_b, info = Delong_test(y, a, b, alpha=0.95)
        assert info["method"] == "delong", info
        cases.append({
            "labels": y.tolist(), "a": a.tolist(), "b": b.tolist(),
            "auroc_a": roc_auc_score(y, a), "auroc_b": roc_auc_score(y, b),
            "average_precision_a": average_precision_score(y, a),
            "brier_a": brier_score_loss(y, a),
            "delong_z": float(z), "delong_p": float(p), "delong_var_diff": info["var_diff"],
            "ci_a": list(ci_a), "ci_b": list(ci_b),
        })
        half = n // 2
        iso = IsotonicRegression(out_of_bounds="clip").fit(a[:half], y[:half])
        clipped = np.clip(a, 1e-15, 1 - 1e-15)
        logit = np.log(clipped / (1 - clipped)).reshape(-1, 1)
        lr = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10000).fit(logit, y)
        cases[-1].update({
            "isotonic_a": iso.predict(a).tolist(),
            "calibration_intercept": float(lr.intercept_[0]), "calibration_slope": float(lr.coef_[0][0]),
            "nri_continuous": nri_idi(y, a, b), "nri_categorical": nri_idi(y, a, b, np.array([0.2, 0.5])),
        })
    out = {"sklearn": sklearn.__version__, "mlstatkit": "0.1.91", "cases": cases}
    with open(os.path.join(ROOT, "Tests", "Fixtures", "statistics-reference.json"), "w") as f:
        json.dump(out, f)
    print(len(cases), "cases")


if __name__ == "__main__":
    main()
