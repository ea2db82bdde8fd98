#!/usr/bin/env python3
"""Independent reference for the Privacy module's linkage attack (cross-check only, not shipped code).

Writes Tests/Fixtures/privacy/{simulated,mimic_subset,ledoit_wolf}.json: a feature table, the explicit gallery
rows, and the expected rank-1, rank-10, CMC head, equal error rate and time gaps computed here with
scikit-learn's NearestNeighbors (KD-tree, exact Euclidean distances) and numpy; and scikit-learn's Ledoit-Wolf
shrinkage of a heavy-tailed sample.

Conventions shared with the Swift code (coded independently here):
- design: each patient in the gallery list with >= 2 ECGs is probed with its other ECGs; gallery patients with a
  single ECG are distractors; probes are ordered by the patient's first row, then by row.
- standardisation on the gallery: mean and sample SD (n - 1) over present values, summed sequentially in increasing
  row order (np.cumsum), features with < 2 present values or SD 0 dropped, NaN -> 0 after scaling.
- rank rule: with L impostors strictly closer and E exactly as close, P(rank <= k) = clip((k - L) / (E + 1), 0, 1);
  rates are sequential sums over probes divided by the probe count.
- EER: operating points (FAR, FRR) at every distinct pooled distance t (accept d <= t) after the start point (0, 1);
  first point j with FAR >= FRR, previous point i; EER = FAR_i + a (FAR_j - FAR_i), a = -D_i / (D_j - D_i).

Usage (the MIMIC table is `ecglens ingest`'s output, so sentinels and implausible values are already missing):
  ecglens ingest mimic ../shared/data/mimic-iv-ecg/train/train_fib.csv -o /tmp/mimic.csv
  python3 Scripts/make_privacy_fixtures.py --mimic /tmp/mimic.csv [--rows 3000]
"""
import argparse
import json
import os

import numpy as np
import pandas as pd
from sklearn.covariance import ledoit_wolf_shrinkage
from sklearn.neighbors import NearestNeighbors

MIMIC_COLUMNS = ["rr_ms", "p_onset_ms", "p_end_ms", "qrs_onset_ms", "qrs_end_ms", "t_end_ms", "p_axis_deg", "qrs_axis_deg",
                 "t_axis_deg"]


def design(patients, gallery_rows):
    """Gallery order (probe-bearing first, then distractors), probe rows and their gallery index."""
    first = {}
    rows_of = {}
    for r, p in enumerate(patients):
        first.setdefault(p, r)
        rows_of.setdefault(p, []).append(r)
    chosen = {patients[r]: r for r in gallery_rows}
    order = sorted(chosen, key=lambda p: first[p])
    bearing = [p for p in order if len(rows_of[p]) >= 2]
    distractors = [p for p in order if len(rows_of[p]) == 1]
    gallery = [chosen[p] for p in bearing] + [chosen[p] for p in distractors]
    probes, own = [], []
    for k, p in enumerate(bearing):
        for r in rows_of[p]:
            if r != chosen[p]:
                probes.append(r)
                own.append(k)
    return gallery, probes, np.array(own)


def standardise(x, gallery, probes):
    g_sorted = x[sorted(gallery)]
    keep, means, sds = [], [], []
    for c in range(x.shape[1]):
        v = g_sorted[:, c]
        v = v[~np.isnan(v)]
        if len(v) < 2:
            continue
        mean = np.cumsum(v)[-1] / len(v)
        ss = np.cumsum((v - mean) * (v - mean))[-1]
        sd = np.sqrt(ss / (len(v) - 1))
        if not (sd > 0 and np.isfinite(sd)):
            continue
        keep.append(c)
        means.append(mean)
        sds.append(sd)
    means, sds = np.array(means), np.array(sds)

    def z(rows):
        out = (x[rows][:, keep] - means) / sds
        return np.where(np.isnan(out), 0.0, out)

    return z(gallery), z(probes), keep


def equal_error_rate(gen, imp):
    gen, imp = np.sort(gen), np.sort(imp)
    values = np.unique(np.concatenate([gen, imp]))
    far = np.concatenate([[0.0], np.searchsorted(imp, values, side="right") / len(imp)])
    frr = np.concatenate([[1.0], (len(gen) - np.searchsorted(gen, values, side="right")) / len(gen)])
    t = np.concatenate([[-np.inf], values])
    d = far - frr
    j = int(np.argmax(d >= 0))
    if d[j] == 0:
        return float(far[j]), float(t[j])
    i = j - 1
    a = -d[i] / (d[j] - d[i])
    threshold = t[j] if i == 0 else t[i] + a * (t[j] - t[i])
    return float(far[i] + a * (far[j] - far[i])), float(threshold)


def attack(x, patients, times, gallery_rows):
    gallery, probes, own = design(patients, gallery_rows)
    zg, zp, keep = standardise(x, gallery, probes)
    nn = NearestNeighbors(n_neighbors=len(gallery), algorithm="kd_tree").fit(zg)
    dist, idx = nn.kneighbors(zp)
    full = np.empty_like(dist)
    np.put_along_axis(full, idx, dist, axis=1)
    genuine = full[np.arange(len(probes)), own]
    less = (full < genuine[:, None]).sum(axis=1)
    equal = (full == genuine[:, None]).sum(axis=1) - 1

    def rate(k):
        s = 0.0
        for l, e in zip(less, equal):
            s += min(max((k - l) / (e + 1), 0.0), 1.0)
        return s / len(less)

    mask = np.ones_like(full, dtype=bool)
    mask[np.arange(len(probes)), own] = False
    eer, threshold = equal_error_rate(genuine, full[mask])
    cmc = [float(np.mean(np.clip((k - less) / (equal + 1), 0, 1))) for k in range(1, 21)]
    out = {
        "galleryCount": len(gallery), "probeCount": len(probes), "featuresKept": keep,
        "rank1": rate(1), "rank10": rate(10), "cmcHead": cmc, "eer": eer, "eerThreshold": threshold,
        "chanceRank1": 1.0 / len(gallery),
    }
    if times is not None:
        gaps = np.array([times[p] - times[gallery[k]] for p, k in zip(probes, own)])
        q = np.percentile(gaps, [25, 50, 75])
        out["timeGap"] = {"lower": float(q[0]), "median": float(q[1]), "upper": float(q[2])}
    return out


def fixture(name, names, x, patients, times, gallery_rows, note):
    expected = attack(x, patients, times, gallery_rows)
    return {
        "name": name, "note": note, "featureNames": names,
        "values": [[None if np.isnan(v) else float(v) for v in row] for row in x],
        "patientIDs": [str(p) for p in patients],
        "times": None if times is None else [float(t) for t in times],
        "galleryRows": [int(r) for r in gallery_rows], "expected": expected,
    }


def simulated():
    rng = np.random.default_rng(20240601)
    rows, ids, times = [], [], []
    for k in range(400):
        centre = rng.normal(size=12)
        for e in range(1 + k % 6):
            v = np.round(centre + 0.6 * rng.normal(size=12), 1)
            v[11] = 5.0  # constant column: dropped
            v[rng.random(12) < 0.05] = np.nan
            rows.append(v)
            ids.append(f"S{k}")
            times.append(e * 10.0 + float(rng.integers(0, 5)))
    x = np.array(rows)
    by_patient = {}
    for r, p in enumerate(ids):
        by_patient.setdefault(p, []).append(r)
    gallery = sorted(int(rng.choice(rs)) for rs in by_patient.values())
    return fixture("simulated", [f"f{i}" for i in range(12)], x, ids, np.array(times), gallery,
                   "400 simulated patients, 1-6 ECGs each, values rounded to 0.1, 5% missing, "
                   "column 11 constant; gallery drawn with numpy default_rng(20240601)")


def mimic_table(path, nrows=None):
    d = pd.read_csv(path, nrows=nrows, dtype={"patient_id": str})
    x = d[MIMIC_COLUMNS].to_numpy(dtype=float)
    t = pd.to_datetime(d["ecg_time"])
    days = ((t - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86400.0).to_numpy()
    return x, d["patient_id"].tolist(), days


def earliest_gallery(patients, times):
    best = {}
    for r, p in enumerate(patients):
        if p not in best or times[r] < times[best[p]]:
            best[p] = r
    return sorted(best.values())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mimic", required=True, help="ecglens ingest output of mimic-iv-ecg/train/train_fib.csv")
    ap.add_argument("--rows", type=int, default=3000)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.join(here, "..", "Tests", "Fixtures", "privacy")
    os.makedirs(out_dir, exist_ok=True)
    fixtures = {"simulated": simulated()}
    x, ids, days = mimic_table(args.mimic, args.rows)
    fixtures["mimic_subset"] = fixture(
        "mimic_subset", MIMIC_COLUMNS, x, ids, days, earliest_gallery(ids, days),
        f"first {args.rows} rows of mimic-iv-ecg/train/train_fib.csv (MIMIC-IV-ECG, ODbL 1.0) as ecglens ingest "
        "writes them (sentinels and implausible values missing); times in days since 1970; "
        "gallery = earliest ECG per patient (ties: lowest row)")
    rng = np.random.default_rng(7)
    lw = rng.standard_t(3, size=(300, 5)) @ rng.normal(size=(5, 5))
    with open(os.path.join(out_dir, "ledoit_wolf.json"), "w") as f:
        json.dump({"rows": lw.tolist(), "shrinkage": float(ledoit_wolf_shrinkage(lw, assume_centered=True))}, f)
    for name, fx in fixtures.items():
        with open(os.path.join(out_dir, f"{name}.json"), "w") as f:
            json.dump(fx, f, separators=(",", ":"))
        e = fx["expected"]
        print(f"{name}: gallery {e['galleryCount']} probes {e['probeCount']} rank1 {e['rank1']:.6f} "
              f"rank10 {e['rank10']:.6f} EER {e['eer']:.9f} chance {e['chanceRank1']:.6f}")


if __name__ == "__main__":
    main()
