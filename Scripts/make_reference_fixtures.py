#!/usr/bin/env python3
"""Regenerates the reference fixtures the Swift tests compare against.

Run from the repository root with the shared data beside it:

    pip install wfdb==4.3.1 scipy==1.17.1 numpy soundfile
    python3 Scripts/make_reference_fixtures.py [--data ../shared/data]

Writes (all derived from real data in ../shared/data, read by the reference tools):
  Tests/Fixtures/wfdb-reference.json   every record of mitdb, ludb and ptb-xl as wfdb-python
                                       reads it: header fields and per-signal fingerprints of
                                       the digital samples; fingerprints of every annotation file
  Tests/Fixtures/formats/              a 2-signal excerpt of MIT-BIH 100 stored in formats
                                       8 16 24 32 61 80 160 212 310 311 508 516 524, with the
                                       digital values wfdb-python reads back (formats.json); the
                                       FLAC formats (508/516/524) are written by wfdb.wrsamp
                                       through soundfile (libsndfile + libFLAC)
  Tests/Fixtures/dsp-reference.json    SciPy butter/iirnotch SOS coefficients, sosfiltfilt,
                                       resample_poly and ndimage.median_filter outputs
  Samples/                             MIT-BIH 100 and 208 (first 5 min) and LUDB 1, 2, 3

Fingerprints are exact integer sums (int64), cheap to compute in any language:
  n, sum(v), sum(v*v), sum(v * (i % 65521 + 1)), first and last 8 values.
"""
import argparse, json, os, shutil, sys
import numpy as np
import wfdb
from scipy import signal as sps, ndimage

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fingerprint(v):
    v = np.asarray(v, dtype=np.int64)
    w = (np.arange(len(v), dtype=np.int64) % 65521) + 1
    return {
        "n": int(len(v)), "sum": int(v.sum()), "sumsq": int((v * v).sum()),
        "weighted": int((v * w).sum()), "head": v[:8].tolist(), "tail": v[-8:].tolist(),
    }


def annotation_fingerprint(ann):
    n = len(ann.sample)
    w = (np.arange(n, dtype=np.int64) % 65521) + 1
    codes = np.asarray(ann.label_store if ann.label_store is not None else [], dtype=np.int64)
    aux = [[i, a] for i, a in enumerate(ann.aux_note) if a]
    return {
        "count": n,
        "sample": fingerprint(ann.sample) if n else None,
        "code_weighted": int((codes * w).sum()),
        "subtype_weighted": int((np.asarray(ann.subtype, dtype=np.int64) * w).sum()),
        "chan_weighted": int((np.asarray(ann.chan, dtype=np.int64) * w).sum()),
        "num_weighted": int((np.asarray(ann.num, dtype=np.int64) * w).sum()),
        "symbols": "".join(sorted(set(ann.symbol))),
        "aux": aux,
    }


def record_entry(path):
    rec = wfdb.rdrecord(path, physical=False, smooth_frames=False)
    signals = []
    for i in range(rec.n_sig):
        signals.append({
            "name": rec.sig_name[i], "fmt": int(rec.fmt[i]), "gain": float(rec.adc_gain[i]),
            "baseline": int(rec.baseline[i]), "units": rec.units[i],
            "adc_res": int(rec.adc_res[i]), "adc_zero": int(rec.adc_zero[i]),
            "init_value": int(rec.init_value[i]), "checksum": int(rec.checksum[i]),
            "digital": fingerprint(rec.e_d_signal[i]),
        })
    return {"name": rec.record_name, "fs": float(rec.fs), "samples": int(rec.sig_len),
            "comments": rec.comments, "signals": signals}


def wfdb_reference(data):
    out = {"wfdb_version": wfdb.__version__, "records": {}, "annotations": {}}
    dbs = {"mitdb": ("mitdb", ["atr"]),
           "ludb": ("ludb", ["i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6"]),
           "ptb-xl": ("ptb-xl", [])}
    for db, (folder, annotators) in dbs.items():
        base = os.path.join(data, folder)
        if db == "ptb-xl":
            sub = os.path.join(base, "records500", "00000")
            names = sorted(f[:-4] for f in os.listdir(sub) if f.endswith(".hea"))
            rels = [os.path.join("records500", "00000", n) for n in names]
        else:
            rels = [l.strip() for l in open(os.path.join(base, "RECORDS")) if l.strip()]
        for rel in rels:
            key = f"{db}/{rel}"
            out["records"][key] = record_entry(os.path.join(base, rel))
            for a in annotators:
                ann = wfdb.rdann(os.path.join(base, rel), a, return_label_elements=["label_store", "symbol"])
                out["annotations"][f"{key}.{a}"] = annotation_fingerprint(ann)
        print(f"{db}: {len(rels)} records", file=sys.stderr)
    return out


def pack(fmt, frames):
    """Packs frames (rows = frames, columns = signals) by the WFDB signal(5) layouts."""
    s = [int(v) for v in frames.reshape(-1)]
    b = bytearray()
    if fmt == 8:
        # First differences per signal, starting from the header's initial value (= frame 0).
        prev = [int(v) for v in frames[0]]
        for row in frames:
            for i, v in enumerate(row):
                b.append((int(v) - prev[i]) & 0xFF)
                prev[i] = int(v)
    elif fmt == 61:
        for v in s: b += (v & 0xFFFF).to_bytes(2, "big")
    elif fmt == 160:
        for v in s: b += ((v + 32768) & 0xFFFF).to_bytes(2, "little")
    elif fmt == 310:
        for k in range(0, len(s), 3):
            g = s[k:k + 3] + [0] * (3 - len(s[k:k + 3]))
            a, c, d = (x & 0x3FF for x in g)
            w0 = (a << 1) | ((d & 0x1F) << 11)
            w1 = (c << 1) | ((d >> 5) << 11)
            b += w0.to_bytes(2, "little")
            if len(s) - k > 1: b += w1.to_bytes(2, "little")
    elif fmt == 311:
        for k in range(0, len(s), 3):
            g = s[k:k + 3] + [0] * (3 - len(s[k:k + 3]))
            w = (g[0] & 0x3FF) | ((g[1] & 0x3FF) << 10) | ((g[2] & 0x3FF) << 20)
            b += w.to_bytes(4, "little")
    else:
        raise ValueError(fmt)
    return bytes(b)


def format_fixtures(data):
    folder = os.path.join(ROOT, "Tests", "Fixtures", "formats")
    os.makedirs(folder, exist_ok=True)
    # Only this function's files: the folder also holds other scripts' goldens (EDF, DICOM, XML).
    for f in os.listdir(folder):
        if f.startswith("f") and f.split(".")[-1] in ("dat", "hea"):
            os.remove(os.path.join(folder, f))
    src = wfdb.rdrecord(os.path.join(data, "mitdb", "100"), sampto=1001, physical=False)
    d = src.d_signal.astype(np.int64)  # 1001 frames (odd, to exercise partial groups)
    expected = {}
    ranges = {8: 8, 16: 16, 24: 24, 32: 32, 61: 16, 80: 8, 160: 16, 212: 12, 310: 10, 311: 10,
              508: 8, 516: 16, 524: 24}
    for fmt, bits in ranges.items():
        # Scale the 11-bit excerpt into each format's range, keeping the waveform.
        v = d - 1024
        if bits >= 12: v = v * (1 << (bits - 12))
        else: v = v >> (12 - bits)
        if fmt == 8: v = np.clip(v // 4, -60, 60)  # first differences must fit in 8 bits
        name = f"f{fmt}"
        if fmt in (16, 24, 32, 80, 212, 508, 516, 524):
            wfdb.wrsamp(name, fs=360, units=["mV", "mV"], sig_name=["MLII", "V5"],
                        d_signal=v.astype(np.int64), fmt=[str(fmt)] * 2,
                        adc_gain=[200.0, 200.0], baseline=[0, 0], write_dir=folder)
        else:
            with open(os.path.join(folder, name + ".dat"), "wb") as f:
                f.write(pack(fmt, v))
            init = [int(v[0, 0]), int(v[0, 1])]
            chk = [int(v[:, i].sum()) & 0xFFFF for i in (0, 1)]
            chk = [c - 65536 if c > 32767 else c for c in chk]
            with open(os.path.join(folder, name + ".hea"), "w") as f:
                f.write(f"{name} 2 360 {len(v)}\n")
                for i, lead in enumerate(["MLII", "V5"]):
                    f.write(f"{name}.dat {fmt} 200/mV {bits} 0 {init[i] if fmt == 8 else 0} {chk[i]} 0 {lead}\n")
        back = wfdb.rdrecord(os.path.join(folder, name), physical=False)
        assert (back.d_signal.astype(np.int64) == v).all(), f"format {fmt} does not round-trip"
        expected[str(fmt)] = [back.d_signal[:, i].astype(int).tolist() for i in range(2)]
    with open(os.path.join(folder, "formats.json"), "w") as f:
        json.dump({"wfdb_version": wfdb.__version__, "digital": expected}, f)


def dsp_reference(data):
    rec = wfdb.rdrecord(os.path.join(data, "mitdb", "100"), sampfrom=3600, sampto=5600, channels=[0])
    x = rec.p_signal[:, 0]
    out = {"input": x.tolist(), "fs": 360.0, "butter": [], "notch": [], "resample": [], "median": []}
    for order, band, fs in [(2, ("bandpass", 5, 15), 360), (4, ("lowpass", 40), 360),
                            (3, ("highpass", 0.5), 360), (1, ("lowpass", 25), 500),
                            (5, ("bandpass", 0.5, 40), 500), (2, ("bandstop", 45, 55), 360),
                            (3, ("bandstop", 58, 62), 500), (2, ("highpass", 0.67), 250)]:
        kind, *edges = band
        wn = edges[0] if len(edges) == 1 else edges
        sos = sps.butter(order, wn, btype=kind, fs=fs, output="sos")
        out["butter"].append({"order": order, "kind": kind, "edges": edges, "fs": fs,
                              "sos": sos.tolist(), "filtfilt": sps.sosfiltfilt(sos, x).tolist()})
    for f0, q, fs in [(50, 30, 360), (60, 30, 500)]:
        b, a = sps.iirnotch(f0, q, fs=fs)
        sos = sps.tf2sos(b, a)
        out["notch"].append({"f0": f0, "q": q, "fs": fs, "b": b.tolist(), "a": a.tolist(),
                             "filtfilt": sps.sosfiltfilt(sos, x).tolist()})
    for up_fs, down_fs in [(360, 500), (360, 250), (500, 360), (360, 1000), (360, 100), (360, 128)]:
        from math import gcd
        g = gcd(up_fs, down_fs)
        y = sps.resample_poly(x, down_fs // g, up_fs // g)
        out["resample"].append({"from": up_fs, "to": down_fs, "output": y.tolist()})
    for w in [3, 72, 73, 217]:
        out["median"].append({"window": w, "output": ndimage.median_filter(x, size=w, mode="reflect").tolist()})
    import scipy
    out["scipy_version"] = scipy.__version__
    with open(os.path.join(ROOT, "Tests", "Fixtures", "dsp-reference.json"), "w") as f:
        json.dump(out, f)


def samples(data):
    dest = os.path.join(ROOT, "Samples")
    for rec, secs in [("100", 300), ("208", 300)]:
        folder = os.path.join(dest, "mitdb")
        os.makedirs(folder, exist_ok=True)
        r = wfdb.rdrecord(os.path.join(data, "mitdb", rec), sampto=secs * 360, physical=False)
        wfdb.wrsamp(rec, fs=r.fs, units=r.units, sig_name=r.sig_name, d_signal=r.d_signal,
                    fmt=r.fmt, adc_gain=r.adc_gain, baseline=r.baseline, comments=r.comments,
                    write_dir=folder)
        a = wfdb.rdann(os.path.join(data, "mitdb", rec), "atr", sampto=secs * 360 - 1)
        wfdb.wrann(rec, "atr", a.sample, symbol=a.symbol, subtype=a.subtype, chan=a.chan,
                   num=a.num, aux_note=a.aux_note, write_dir=folder)
    folder = os.path.join(dest, "ludb")
    os.makedirs(folder, exist_ok=True)
    for rec in ["1", "2", "3"]:
        for f in os.listdir(os.path.join(data, "ludb", "data")):
            if f.split(".")[0] == rec:
                shutil.copy(os.path.join(data, "ludb", "data", f), folder)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--only", choices=["wfdb", "formats", "dsp", "samples"])
    args = ap.parse_args()
    if args.only in (None, "formats"): format_fixtures(args.data)
    if args.only in (None, "dsp"): dsp_reference(args.data)
    if args.only in (None, "samples"): samples(args.data)
    if args.only in (None, "wfdb"):
        ref = wfdb_reference(args.data)
        with open(os.path.join(ROOT, "Tests", "Fixtures", "wfdb-reference.json"), "w") as f:
            json.dump(ref, f, separators=(",", ":"))
