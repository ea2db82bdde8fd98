"""Writes the JSON fixtures that Tests/StatisticsTests/ClusteredStatisticsTests.swift compares against
(to 1e-9), and a patient-level bootstrap check of the clustered standard errors.

    pip install numpy scipy pandas
    python3 Scripts/make_clustered_fixtures.py            # fixtures + bootstrap (B=2000 on 20,000 rows)
    python3 Scripts/make_clustered_fixtures.py --no-bootstrap

Outputs: Tests/Fixtures/clustered/case*.json and docs/validation/clustered-bootstrap.json.
All numbers come from clustered_reference.py (pairwise O(n_pos * n_neg) kernel), not from the Swift code.
"""
import json
import os
import sys
import time

import numpy as np
from scipy.stats import rankdata

import clustered_reference as ref

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Tests", "Fixtures", "clustered")
CONFIDENCE, NULL_VALUE, THRESHOLDS = 0.95, 0.5, [0.2, 0.4]

# name, seed, rows, max rows per patient, decimals of the rounded risks (fewer = more ties), singletons
CASES = [
    ("case1_small_heavy_ties", 11, 30, 3, 1, False),
    ("case2_clusters_1to8", 22, 200, 8, 2, False),
    ("case3_singletons", 33, 800, 1, 2, True),
    ("case4_clusters_1to8", 44, 1500, 8, 3, False),
    ("case5_clusters_1to8_ties", 55, 3000, 8, 2, False),
]


def expected_values(labels, base, new, patients):
    thetas, cov, terms, design = ref.obuchowski(labels, [base, new], patients)
    d_thetas, d_cov = ref.delong(labels, [base, new])
    diff = thetas[1] - thetas[0]
    var_diff = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    d_var_diff = d_cov[0, 0] + d_cov[1, 1] - 2 * d_cov[0, 1]
    se_base = np.sqrt(cov[0, 0])
    lo_b, hi_b = ref.interval(thetas[0], cov[0, 0], CONFIDENCE, clip=True)
    lo_d, hi_d = ref.interval(diff, var_diff, CONFIDENCE, clip=False)
    dlo_b, dhi_b = ref.interval(d_thetas[0], d_cov[0, 0], CONFIDENCE, clip=True)
    dlo_d, dhi_d = ref.interval(diff, d_var_diff, CONFIDENCE, clip=False)
    s10, s01, s11 = terms[(0, 0)]
    clustered = dict(
        var_base=cov[0, 0], var_new=cov[1, 1], covariance=cov[0, 1], s10_base=s10, s01_base=s01, s11_base=s11,
        lower_base=lo_b, upper_base=hi_b, z_base=(thetas[0] - NULL_VALUE) / se_base,
        p_base=ref.p_two_sided(thetas[0] - NULL_VALUE, se_base), difference=diff, var_difference=var_diff,
        z_difference=diff / np.sqrt(var_diff), p_difference=ref.p_two_sided(diff, np.sqrt(var_diff)),
        lower_difference=lo_d, upper_difference=hi_d)
    delong = dict(
        var_base=d_cov[0, 0], var_new=d_cov[1, 1], covariance=d_cov[0, 1], lower_base=dlo_b, upper_base=dhi_b,
        var_difference=d_var_diff, p_difference=ref.p_two_sided(diff, np.sqrt(d_var_diff)),
        lower_difference=dlo_d, upper_difference=dhi_d)
    return dict(
        n_rows=len(labels), n_patients=design["I"], positives=design["M"], negatives=design["N"],
        clusters_with_positives=design["I10"], clusters_with_negatives=design["I01"],
        auc_base=thetas[0], auc_new=thetas[1], clustered=clustered, delong=delong,
        nri_continuous=dict(clustered=ref.reclassification_clustered(labels, base, new, patients),
                            pencina=ref.reclassification_pencina(labels, base, new)),
        nri_categorical=dict(clustered=ref.reclassification_clustered(labels, base, new, patients, THRESHOLDS),
                             pencina=ref.reclassification_pencina(labels, base, new, THRESHOLDS)))


def to_json(x):
    if isinstance(x, dict):
        return {k: to_json(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, np.ndarray)):
        return [to_json(v) for v in x]
    if isinstance(x, (np.bool_, bool)):
        return bool(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating, float)):
        return float(x)
    return x


def write_fixtures():
    os.makedirs(FIXTURES, exist_ok=True)
    for name, seed, rows, max_cluster, decimals, singletons in CASES:
        labels, base, new, patients = ref.simulate(seed, rows, max_cluster, decimals, singletons)
        fixture = dict(name=name, seed=seed, confidence=CONFIDENCE, null_value=NULL_VALUE, thresholds=THRESHOLDS,
                       labels=labels, base=base, new=new, patients=patients,
                       expected=expected_values(labels, base, new, patients))
        with open(os.path.join(FIXTURES, name + ".json"), "w") as f:
            json.dump(to_json(fixture), f)
        e = fixture["expected"]
        mixed = len(set(patients[labels]) & set(patients[~labels]))
        print(f"{name}: rows={rows} patients={e['n_patients']} mixed={mixed} auc_base={e['auc_base']:.4f} "
              f"se_clustered={np.sqrt(e['clustered']['var_base']):.5f} "
              f"se_delong={np.sqrt(e['delong']['var_base']):.5f}")


def fast_measures(labels, base, new):
    """AUROC (rank formula), continuous and categorical NRI, IDI: point estimates for the bootstrap."""
    m, n = labels.sum(), (~labels).sum()
    auc = [(rankdata(s)[labels].sum() - m * (m + 1) / 2) / (m * n) for s in (base, new)]
    out = dict(auc_base=auc[0], auc_new=auc[1], auc_difference=auc[1] - auc[0])
    for key, cuts in (("nri_continuous", None), ("nri_categorical", THRESHOLDS)):
        mv = ref.moves(labels, base, new, cuts)
        out[key] = mv[labels].mean() - mv[~labels].mean()
    d = new - base
    out["idi"] = d[labels].mean() - d[~labels].mean()
    return out


def bootstrap(replicates=2000, rows=20000, seed=2024):
    labels, base, new, patients = ref.simulate(seed, rows, 8, 3)
    start = time.time()
    thetas, cov, _, design = ref.obuchowski(labels, [base, new], patients)
    d_thetas, d_cov = ref.delong(labels, [base, new])
    se = dict(auc_base=np.sqrt(cov[0, 0]), auc_new=np.sqrt(cov[1, 1]),
              auc_difference=np.sqrt(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]))
    naive = dict(auc_base=np.sqrt(d_cov[0, 0]), auc_new=np.sqrt(d_cov[1, 1]),
                 auc_difference=np.sqrt(d_cov[0, 0] + d_cov[1, 1] - 2 * d_cov[0, 1]))
    for key, cuts in (("nri_continuous", None), ("nri_categorical", THRESHOLDS)):
        se[key] = ref.reclassification_clustered(labels, base, new, patients, cuts)["nri_se"]
        naive[key] = ref.reclassification_pencina(labels, base, new, cuts)["nri_se"]
    se["idi"] = ref.reclassification_clustered(labels, base, new, patients)["idi_se"]
    naive["idi"] = ref.reclassification_pencina(labels, base, new)["idi_se"]
    ids, first = np.unique(patients, return_inverse=True)
    rows_of = [np.flatnonzero(first == k) for k in range(len(ids))]
    rng = np.random.default_rng(seed + 1)
    draws = {k: [] for k in se}
    for _ in range(replicates):
        pick = np.concatenate([rows_of[k] for k in rng.integers(0, len(ids), len(ids))])
        for k, v in fast_measures(labels[pick], base[pick], new[pick]).items():
            draws[k].append(v)
    report = dict(rows=rows, patients=design["I"], replicates=replicates, seed=seed, measures={})
    for k in se:
        boot = float(np.std(draws[k], ddof=1))
        report["measures"][k] = dict(clustered_se=se[k], bootstrap_se=boot, unclustered_se=naive[k],
                                     bootstrap_over_clustered=boot / se[k], unclustered_over_bootstrap=naive[k] / boot)
        print(f"bootstrap {k}: clustered SE {se[k]:.5f}, bootstrap SE {boot:.5f} (ratio {boot / se[k]:.3f}), "
              f"unclustered SE {naive[k]:.5f} (ratio to bootstrap {naive[k] / boot:.3f})")
    report["seconds"] = time.time() - start
    with open(os.path.join(HERE, "..", "docs", "validation", "clustered-bootstrap.json"), "w") as f:
        json.dump(to_json(report), f, indent=1)


if __name__ == "__main__":
    write_fixtures()
    if "--no-bootstrap" not in sys.argv:
        bootstrap()
