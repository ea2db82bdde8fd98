#!/usr/bin/env python3
"""How far LUDB's cardiologists' per-lead fiducials lie from their own per-beat consensus.

    pip install wfdb==4.3.1
    python3 Scripts/ludb_annotation_floor.py [--db ../shared/data/ludb/data]

For every beat, the annotated fiducial of each lead (QRS onset, P onset ...) is compared with
the median of that fiducial over the leads that annotate the beat (at least 6). The SD of these
deviations is the error a perfect single global fiducial, written on every lead, would still
have when scored per lead (as `ecglens validate delineation --consensus` scores): the floor of
any consensus method on this database. Waves are grouped across leads by their peak (within
80 ms).

The deviations are also split into a part that each lead keeps from beat to beat in a record
(the cardiologists placed, say, the P onset of aVL later than the others all through the
record) and a beat-to-beat part (the deviation minus its record-and-lead mean). A per-lead
method could at best reproduce the first; the second is the annotators' own jitter.

It also prints how many of the annotated P and T waves were marked on all 12 leads (waves
grouped as above, any number of leads), and the percentiles of the annotated distance from a
P peak to the onset of the QRS that follows it in the same lead, which sets ECGLens's P search
gap (`pGap`, 40 ms).
"""
import argparse, os
import numpy as np
import wfdb

LEADS = ["i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fiducials(ann):
    out = {k: [] for k in ["p_on", "p_off", "qrs_on", "qrs_off", "t_off"]}
    sy, sa = ann.symbol, ann.sample
    for i, s in enumerate(sy):
        kind = "qrs" if s == "N" else "p" if s == "p" else "t" if s == "t" else None
        if kind is None:
            continue
        if kind != "t" and i > 0 and sy[i - 1] == "(":
            out[kind + "_on"].append((sa[i], sa[i - 1]))
        if i + 1 < len(sy) and sy[i + 1] == ")":
            out[kind + "_off"].append((sa[i], sa[i + 1]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.path.join(ROOT, "..", "shared", "data", "ludb", "data"))
    a = ap.parse_args()
    deviations = {k: [] for k in ["p_on", "p_off", "qrs_on", "qrs_off", "t_off"]}
    jitter = {k: [] for k in deviations}
    per_lead_name = {k: {} for k in deviations}
    leads_marking = {"p": [], "t": []}
    p_to_qrs = []
    records = sorted((f[:-4] for f in os.listdir(a.db) if f.endswith(".hea")), key=int)
    for rec in records:
        path = os.path.join(a.db, rec)
        fs = wfdb.rdheader(path).fs
        annotations = [wfdb.rdann(path, lead) for lead in LEADS]
        per_lead = [fiducials(ann) for ann in annotations]
        for kind in leads_marking:
            peaks = sorted((s, lead) for lead, ann in enumerate(annotations) for s, y in zip(ann.sample, ann.symbol) if y == kind)
            groups = []
            for s, lead in peaks:
                if groups and s - groups[-1][-1][0] <= 0.08 * fs:
                    groups[-1].append((s, lead))
                else:
                    groups.append([(s, lead)])
            leads_marking[kind] += [len({lead for _, lead in g}) for g in groups]
        for ann in annotations:
            sy, sa = ann.symbol, ann.sample
            for i, s in enumerate(sy):
                if s != "p":
                    continue
                # The next QRS peak in this lead, with its annotated onset.
                j = next((j for j in range(i + 1, len(sy)) if sy[j] == "N"), None)
                if j is not None and sy[j - 1] == "(":
                    p_to_qrs.append((sa[j - 1] - sa[i]) * 1000 / fs)
        for key in deviations:
            points = sorted((p, v, lead) for lead, f in enumerate(per_lead) for p, v in f[key])
            clusters = []
            for peak, value, lead in points:
                if clusters and peak - clusters[-1][-1][0] <= 0.08 * fs:
                    clusters[-1].append((peak, value, lead))
                else:
                    clusters.append([(peak, value, lead)])
            by_lead = {}
            for c in clusters:
                if len(c) >= 6:
                    values = np.array([v for _, v, _ in c], dtype=float)
                    d = (values - np.median(values)) * 1000 / fs
                    deviations[key] += list(d)
                    for (_, _, lead), x in zip(c, d):
                        by_lead.setdefault(lead, []).append(x)
                        per_lead_name[key].setdefault(LEADS[lead], []).append(x)
            for d in by_lead.values():
                jitter[key] += list(np.array(d) - np.mean(d))
    print(f"LUDB, {len(records)} records: per-lead annotation minus the per-beat median across leads (ms)")
    print("fiducial  annotations  SD     CSE 2SD  beat-to-beat SD")
    cse = {"p_on": 10.2, "p_off": 12.7, "qrs_on": 6.5, "qrs_off": 11.6, "t_off": 30.6}
    for key, v in deviations.items():
        v = np.array(v)
        print(f"{key:8s}  {len(v):11d}  {v.std():5.1f}  {cse[key]:5.1f}    {np.std(jitter[key]):5.1f}")
    print("Mean deviation per lead (ms):")
    for key, by_name in per_lead_name.items():
        print(f"  {key:8s}" + " ".join(f"{l} {np.mean(by_name[l]):+.1f}" for l in LEADS if l in by_name))
    for kind, name in (("p", "P"), ("t", "T")):
        n = np.array(leads_marking[kind])
        print(f"{name} waves annotated: {len(n)}, on all 12 leads {100 * np.mean(n == 12):.1f} %, on 6 or more {100 * np.mean(n >= 6):.1f} %")
    q = np.percentile(p_to_qrs, [0.1, 1, 5, 50])
    print(f"P peak to the next QRS onset, {len(p_to_qrs)} annotated P waves (ms): "
          f"0.1 % {q[0]:.0f}, 1 % {q[1]:.0f}, 5 % {q[2]:.0f}, median {q[3]:.0f}; "
          f"{100 * np.mean(np.array(p_to_qrs) >= 40):.2f} % at 40 ms or more")


if __name__ == "__main__":
    main()
