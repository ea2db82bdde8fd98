"""Independent reference for ClusterStats, written directly from the papers' definitions.

Clustered AUROC: Obuchowski NA, Nonparametric analysis of clustered ROC curve data, Biometrics 53:567-578
(1997), computed the straightforward O(n_pos * n_neg) way from the pairwise kernel psi. Classic DeLong:
DeLong, DeLong, Clarke-Pearson, Biometrics 44:837-845 (1988). NRI / IDI: Pencina et al., Stat Med 2008 and
2011, with Pencina's asymptotic SEs and with cluster-robust (Taylor-linearised ratio) SEs.
Used only for cross-checking (fixtures, bootstrap); numpy, scipy and pandas from PyPI.
"""
import numpy as np
import pandas as pd
from scipy.stats import norm


def simulate(seed, n_rows, max_cluster, decimals, singletons=False):
    """Patients with 1..max_cluster rows; labels correlated within patient (mixed patients occur);
    risks share a patient effect and are rounded to `decimals` to create ties."""
    rng = np.random.default_rng(seed)
    sizes = []
    while sum(sizes) < n_rows:
        sizes.append(1 if singletons else int(rng.integers(1, max_cluster + 1)))
    sizes[-1] -= sum(sizes) - n_rows
    patient = np.repeat(np.arange(len(sizes)), sizes)
    effect = rng.normal(size=len(sizes))[patient]      # shared by a patient's rows
    propensity = rng.normal(size=len(sizes))[patient]
    labels = rng.random(n_rows) < 1 / (1 + np.exp(-(-0.8 + 1.5 * propensity)))
    a = 1.0 * labels + 0.9 * effect + rng.normal(size=n_rows)
    b = a + 0.35 * labels + 0.6 * rng.normal(size=n_rows) + 0.3 * effect
    base = np.round(1 / (1 + np.exp(-(a - 1.0))), decimals)
    new = np.round(1 / (1 + np.exp(-(b - 1.2))), decimals)
    same = rng.random(n_rows) < 0.08                   # some rows where the models agree exactly
    new[same] = base[same]
    order = rng.permutation(n_rows)                    # rows of a patient need not be adjacent
    ids = np.array([f"p{p:05d}" for p in patient])
    return labels[order], base[order], new[order], ids[order]


def psi_matrix(x_pos, y_neg):
    """psi(X, Y) = 1 if X > Y, 1/2 if X == Y, 0 otherwise, for every positive-negative pair."""
    return (x_pos[:, None] > y_neg[None, :]) + 0.5 * (x_pos[:, None] == y_neg[None, :])


def structural_components(scores, labels, block=2000):
    """theta, V10 for each positive and V01 for each negative, from the pairwise kernel (in row blocks)."""
    x, y = scores[labels], scores[~labels]
    v10 = np.empty(len(x))
    col = np.zeros(len(y))
    for start in range(0, len(x), block):
        k = psi_matrix(x[start:start + block], y)
        v10[start:start + block] = k.mean(axis=1)
        col += k.sum(axis=0)
    return v10.mean(), v10, col / len(x)


def obuchowski(labels, scores_list, clusters):
    """Obuchowski (1997): per cluster V10(X_i.) = sum of V10 over its positives, V01(Y_i.) likewise;
    S10, S01, S11 and (co)variances of all scores in `scores_list`."""
    comps = [structural_components(s, labels) for s in scores_list]
    frame_rows = []
    for k, (theta, v10, v01) in enumerate(comps):
        v = np.empty(len(labels))
        v[labels], v[~labels] = v10, v01
        frame_rows.append(v)
    df = pd.DataFrame({"cluster": clusters, "label": labels})
    for k, v in enumerate(frame_rows):
        df[f"x{k}"] = np.where(labels, v, 0.0)
        df[f"y{k}"] = np.where(labels, 0.0, v)
    df["m"], df["n"] = labels.astype(float), (~labels).astype(float)
    g = df.groupby("cluster").sum(numeric_only=True)
    I, I10, I01 = len(g), int((g.m > 0).sum()), int((g.n > 0).sum())
    M, N = g.m.sum(), g.n.sum()
    thetas = [c[0] for c in comps]
    rx = [g[f"x{k}"].to_numpy() - g.m.to_numpy() * t for k, t in enumerate(thetas)]
    ry = [g[f"y{k}"].to_numpy() - g.n.to_numpy() * t for k, t in enumerate(thetas)]
    K = len(scores_list)
    cov = np.zeros((K, K))
    terms = {}
    for a in range(K):
        for b in range(K):
            s10 = I10 / ((I10 - 1) * M) * np.sum(rx[a] * rx[b])
            s01 = I01 / ((I01 - 1) * N) * np.sum(ry[a] * ry[b])
            s11ab = I / (I - 1) * np.sum(rx[a] * ry[b])
            s11ba = I / (I - 1) * np.sum(rx[b] * ry[a])
            cov[a, b] = s10 / M + s01 / N + (s11ab + s11ba) / (M * N)
            terms[(a, b)] = (s10, s01, s11ab)
    design = dict(I=I, I10=I10, I01=I01, M=int(M), N=int(N))
    return thetas, cov, terms, design


def delong(labels, scores_list):
    """Classic DeLong (1988): sample (co)variances of the structural components."""
    comps = [structural_components(s, labels) for s in scores_list]
    v10 = np.array([c[1] for c in comps]); v01 = np.array([c[2] for c in comps])
    s10 = np.atleast_2d(np.cov(v10, ddof=1)); s01 = np.atleast_2d(np.cov(v01, ddof=1))
    return [c[0] for c in comps], s10 / v10.shape[1] + s01 / v01.shape[1]


def interval(estimate, variance, confidence, clip):
    se = np.sqrt(max(variance, 0.0))
    h = norm.ppf(0.5 + confidence / 2) * se
    lo, hi = estimate - h, estimate + h
    return (max(0.0, lo), min(1.0, hi)) if clip else (lo, hi)


def p_two_sided(estimate, se):
    return float(2 * norm.sf(abs(estimate / se)))


def moves(labels, base, new, thresholds):
    if thresholds is None:
        return np.sign(new - base)
    cat = lambda p: (p[:, None] >= np.asarray(sorted(thresholds))[None, :]).sum(axis=1)
    return np.sign(cat(new) - cat(base))


def reclassification_clustered(labels, base, new, clusters, thresholds=None):
    """Ratio-of-sums NRI / IDI with the Taylor-linearised cluster variance C/(C-1) * sum u_c^2."""
    mv, d = moves(labels, base, new, thresholds), new - base
    df = pd.DataFrame({"c": clusters, "e": labels * 1.0, "f": (~labels) * 1.0,
                       "a": np.where(labels, mv, 0.0), "b": np.where(labels, 0.0, -mv),
                       "s": np.where(labels, d, 0.0), "t": np.where(labels, 0.0, d)})
    g = df.groupby("c").sum()
    E, F, C = g.e.sum(), g.f.sum(), len(g)
    nri_e, nri_n = g.a.sum() / E, g.b.sum() / F
    mean_e, mean_n = g.s.sum() / E, g.t.sum() / F
    u = (g.a - nri_e * g.e) / E + (g.b - nri_n * g.f) / F
    w = (g.s - mean_e * g.e) / E - (g.t - mean_n * g.f) / F
    nri_se = np.sqrt(C / (C - 1) * np.sum(u ** 2)); idi_se = np.sqrt(C / (C - 1) * np.sum(w ** 2))
    nri, idi = nri_e + nri_n, mean_e - mean_n
    return dict(nri_events=nri_e, nri_nonevents=nri_n, nri=nri, nri_se=nri_se, nri_p=p_two_sided(nri, nri_se),
                idi=idi, idi_se=idi_se, idi_p=p_two_sided(idi, idi_se))


def reclassification_pencina(labels, base, new, thresholds=None):
    """Pencina (2008): Var(NRI) = sum_g (u+d)/n^2 - (u-d)^2/n^3; Var(IDI) = sum_g s_g^2 / n_g."""
    mv, d = moves(labels, base, new, thresholds), new - base
    out, var_nri, var_idi, means = {}, 0.0, 0.0, []
    for grp, sign in ((labels, 1), (~labels, -1)):
        n = grp.sum(); up = (mv[grp] > 0).sum(); down = (mv[grp] < 0).sum()
        out["nri_events" if sign == 1 else "nri_nonevents"] = sign * (up - down) / n
        var_nri += (up + down) / n ** 2 - (up - down) ** 2 / n ** 3
        var_idi += np.var(d[grp], ddof=1) / n
        means.append(d[grp].mean())
    nri, idi = out["nri_events"] + out["nri_nonevents"], means[0] - means[1]
    nri_se, idi_se = np.sqrt(var_nri), np.sqrt(var_idi)
    out.update(nri=nri, nri_se=nri_se, nri_p=p_two_sided(nri, nri_se),
               idi=idi, idi_se=idi_se, idi_p=p_two_sided(idi, idi_se))
    return out
