#!/usr/bin/env python3
"""Writes the WFDB fixtures beyond the plain format matrix, and what wfdb-python reads from them.

Run from the repository root with the shared data beside it:

    pip install wfdb==4.3.1 soundfile numpy      # and Debian's `flac` (libFLAC 1.4.2) command
    python3 Scripts/make_wfdb_fixtures.py [--data ../shared/data]

Writes Tests/Fixtures/wfdb/ (real excerpts: MIT-BIH 100 and 101, PTB-XL 00001_hr):
  flac-*        FLAC signal files (formats 508/516/524) encoded by the flac command at several
                settings (fixed predictors only, default, exhaustive LPC up to order 32, tiny and
                huge blocks), so every subframe type, stereo decorrelation and residual coding
                of libFLAC's encoder is exercised; headers written here per signal(5)
  ptbxl-516     PTB-XL 00001_hr, 1 s, 12 leads in format 516 over two FLAC files (8 + 4 channels)
  skew-*        skews and byte offsets: written by wfdb-python (Record.wrsamp writes the skew into
                the header and the offset as leading zero bytes) or packed here per signal(5)
  ms-*          multi-segment records (header(5)): a variable layout with a layout segment, a null
                segment and segments carrying different subsets of the layout's signals in another
                order; the same with a gain and units that change between segments; a fixed layout
                of PTB-XL segments, one of them FLAC, without and with a null segment
  wfdb-matrix.json  per case: what wfdb-python's rdrecord returns (digital where it can join the
                samples, physical always; NaN as null), and, where the file was packed here, the
                samples packed
"""
import argparse, json, os, shutil, subprocess
import numpy as np
import soundfile
import wfdb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "wfdb")


def excerpt(data, rec, frames, start=0):
    return wfdb.rdrecord(os.path.join(data, rec), sampfrom=start, sampto=start + frames, physical=False)


def physical(rec):
    p = np.asarray(rec.p_signal, dtype=float)
    return [[None if np.isnan(v) else float(v) for v in p[:, i]] for i in range(p.shape[1])]


def reference(name, packed=None, digital=True):
    """What wfdb-python reads from OUT/name."""
    entry = {"physical": physical(wfdb.rdrecord(os.path.join(OUT, name)))}
    if digital:
        d = wfdb.rdrecord(os.path.join(OUT, name), physical=False, return_res=32)
        entry["digital"] = [d.d_signal[:, i].astype(int).tolist() for i in range(d.n_sig)]
    if packed is not None:
        entry["packed"] = [packed[:, i].astype(int).tolist() for i in range(packed.shape[1])]
    return entry


def header(name, fs, frames, lines):
    with open(os.path.join(OUT, name + ".hea"), "w") as f:
        f.write(f"{name} {len(lines)} {fs} {frames}\n" + "".join(l + "\n" for l in lines))


def flac_encode(name, samples, bits, options):
    """Encodes frames x channels integers with the flac command (libFLAC) into OUT/name."""
    raw = os.path.join(OUT, name + ".raw")
    dtype = {8: "<i1", 16: "<i2"}.get(bits)
    if dtype:
        samples.astype(dtype).tofile(raw)
    else:  # 24-bit little-endian
        v = samples.astype("<i4").reshape(-1)
        np.stack([(v >> s) & 0xFF for s in (0, 8, 16)], axis=1).astype("u1").tofile(raw)
    subprocess.run(["flac", "--silent", "--force", "--force-raw-format", "--endian=little", "--sign=signed",
                    f"--channels={samples.shape[1]}", f"--bps={bits}", "--sample-rate=96000", *options,
                    "-o", os.path.join(OUT, name), raw], check=True)
    os.remove(raw)


def flac_cases(data, cases):
    d = excerpt(data, "mitdb/100", 1001).d_signal.astype(np.int64) - 1024
    settings = {"fixed": ["-0"], "default": ["-5"], "lpc32": ["-8", "-e", "-p", "-l", "32", "--lax"],
                "block192": ["-5", "-b", "192"], "block4608": ["-8", "-b", "4608"]}
    for fmt, bits, scale in [(508, 8, lambda v: v >> 3), (516, 16, lambda v: v * 16), (524, 24, lambda v: v * 4096)]:
        v = scale(d)
        for label, options in settings.items():
            if fmt != 516 and label not in ("fixed", "lpc32"):
                continue
            name = f"flac-{fmt}-{label}"
            flac_encode(name + ".dat", v, bits, options)
            header(name, 360, len(v), [f"{name}.dat {fmt} 200(0)/mV {bits} 0 0 0 0 {lead}" for lead in ("MLII", "V5")])
            cases[name] = reference(name, packed=v)
    # PTB-XL 00001_hr, 1 s, 12 leads: a FLAC file holds at most 8 channels.
    p = excerpt(data, "ptb-xl/records500/00000/00001_hr", 500)
    r = wfdb.Record(record_name="ptbxl-516", n_sig=12, fs=500, sig_len=500,
                    file_name=["ptbxl-516_0.dat"] * 8 + ["ptbxl-516_1.dat"] * 4, fmt=["516"] * 12,
                    adc_gain=p.adc_gain, baseline=p.baseline, units=p.units, sig_name=p.sig_name,
                    d_signal=p.d_signal, adc_res=[16] * 12, adc_zero=[0] * 12,
                    init_value=[int(x) for x in p.d_signal[0]], checksum=[int(x) for x in p.d_signal.sum(0) % 65536],
                    block_size=[0] * 12)
    r.wrsamp(write_dir=OUT)
    cases["ptbxl-516"] = reference("ptbxl-516")


def skew_cases(data, cases):
    d = excerpt(data, "mitdb/100", 720).d_signal.astype(np.int64)

    def write(name, fmt, skew, offset, gain=200.0):
        r = wfdb.Record(record_name=name, n_sig=2, fs=360, sig_len=len(d), file_name=[name + ".dat"] * 2,
                        fmt=[fmt] * 2, skew=skew, byte_offset=offset, adc_gain=[gain] * 2, baseline=[1024] * 2,
                        units=["mV"] * 2, sig_name=["MLII", "V5"], d_signal=d, adc_res=[11] * 2,
                        adc_zero=[1024] * 2, init_value=[int(x) for x in d[0]], checksum=[0, 0], block_size=[0, 0])
        r.wrsamp(write_dir=OUT)
        # The checksum is over the samples the record holds (after the skew): take them from wfdb-python.
        back = wfdb.rdrecord(os.path.join(OUT, name), physical=False)
        text = open(os.path.join(OUT, name + ".hea")).read().split("\n")
        for i in (0, 1):
            f = text[1 + i].split(" ")
            f[6] = str(int(back.d_signal[:, i].astype(np.int64).sum()) % 65536)
            text[1 + i] = " ".join(f)
        open(os.path.join(OUT, name + ".hea"), "w").write("\n".join(text))
        cases[name] = reference(name)

    write("skew-16", "16", [0, 3], [24, 24])
    write("skew-212", "212", [2, 0], [9, 9])
    # No skewed FLAC case: wfdb-python 4.3.1 cannot read one (KeyError '516' in _rd_dat_signals).
    # A file holding the frames the skewed signal needs past the record's end (as the WFDB library
    # writes them): ECGLens reads them; wfdb-python 4.3.1 gives invalid samples there instead.
    frames, skew = 360, 4
    stored = d[: frames + skew]
    with open(os.path.join(OUT, "skew-extra.dat"), "wb") as f:
        f.write(b"\0" * 16 + stored.astype("<i2").tobytes())
    truth = np.stack([stored[:frames, 0], stored[skew:skew + frames, 1]], axis=1)
    header("skew-extra", 360, frames, [f"skew-extra.dat 16+16 200(1024)/mV 11 1024 0 0 0 MLII",
                                       f"skew-extra.dat 16:{skew}+16 200(1024)/mV 11 1024 0 0 0 V5"])
    cases["skew-extra"] = reference("skew-extra", packed=truth)
    # FLAC with an offset, which counts samples per channel for FLAC (as wfdb-python reads it).
    lead = 7
    soundfile.write(os.path.join(OUT, "offset-516.dat"), np.concatenate([np.zeros((lead, 2)), d - 1024]).astype("<i2"),
                    96000, subtype="PCM_16", format="FLAC")
    header("offset-516", 360, len(d), [f"offset-516.dat 516+{lead} 200(0)/mV 16 0 0 0 0 MLII",
                                       f"offset-516.dat 516+{lead} 200(0)/mV 16 0 0 0 0 V5"])
    cases["offset-516"] = reference("offset-516", packed=d - 1024)


def segment(name, rec, fmt, gain=None, units=None, files=None):
    n = rec.n_sig
    r = wfdb.Record(record_name=name, n_sig=n, fs=rec.fs, sig_len=rec.sig_len, file_name=files or [name + ".dat"] * n,
                    fmt=[fmt] * n, adc_gain=gain or rec.adc_gain, baseline=rec.baseline, units=units or rec.units,
                    sig_name=rec.sig_name, d_signal=rec.d_signal, adc_res=rec.adc_res, adc_zero=rec.adc_zero,
                    init_value=[int(x) for x in rec.d_signal[0]],
                    checksum=[int(x) for x in rec.d_signal.astype(np.int64).sum(0) % 65536], block_size=[0] * n)
    r.wrsamp(write_dir=OUT)


def multi_segment_cases(data, cases):
    a = excerpt(data, "mitdb/100", 720)                  # MLII, V5
    b = excerpt(data, "mitdb/101", 720)                  # MLII, V1
    b.d_signal = b.d_signal[:, ::-1].copy()              # stored as V1, MLII: matched by name
    b.sig_name = b.sig_name[::-1]
    for name, varying in [("ms-var", False), ("ms-gain", True)]:
        segment(f"{name}_0001", a, "212")
        if varying:
            # The same leads at another gain and in uV: only physical values can be joined.
            # 400 units/mV is 0.4 units/uV; twice the digital values about a baseline of 0.
            b2 = wfdb.Record(n_sig=2, fs=b.fs, sig_len=b.sig_len, sig_name=b.sig_name, adc_res=[16, 16],
                             adc_zero=[0, 0], baseline=[0, 0])
            b2.d_signal = (b.d_signal.astype(np.int64) - 1024) * 2
            segment(f"{name}_0002", b2, "16", gain=[0.4, 0.4], units=["uV", "uV"])
        else:
            segment(f"{name}_0002", b, "212")
        with open(os.path.join(OUT, f"{name}_layout.hea"), "w") as f:
            f.write(f"{name}_layout 3 360 0\n")
            for lead in ("MLII", "V5", "V1"):
                f.write(f"~ 0 200(1024)/mV 11 1024 0 0 0 {lead}\n")
        with open(os.path.join(OUT, f"{name}.hea"), "w") as f:
            f.write(f"{name}/4 3 360 1800\n{name}_layout 0\n{name}_0001 720\n~ 360\n{name}_0002 720\n# <age>: 64\n")
        cases[name] = reference(name, digital=not varying)
    # Fixed layout: PTB-XL 00001_hr in 1 s segments, the second in FLAC (two files, 8 + 4 channels).
    for k, start in enumerate([0, 500]):
        rec = excerpt(data, "ptb-xl/records500/00000/00001_hr", 500, start)
        name = f"ms-fixed_000{k + 1}"
        if k == 0:
            segment(name, rec, "16")
        else:
            segment(name, rec, "516", files=[name + "_0.dat"] * 8 + [name + "_1.dat"] * 4)
    with open(os.path.join(OUT, "ms-fixed.hea"), "w") as f:
        f.write("ms-fixed/2 12 500 1000\nms-fixed_0001 500\nms-fixed_0002 500\n")
    cases["ms-fixed"] = reference("ms-fixed")
    # With a null segment between them. wfdb-python 4.3.1's rdrecord cannot join a fixed layout with a
    # null segment (AttributeError in multi_to_single): the reference is its segments read one by
    # one (rdrecord(m2s=False)), end to end, the gap NaN in physical units and -32768 in digital.
    with open(os.path.join(OUT, "ms-fixed-gap.hea"), "w") as f:
        f.write("ms-fixed-gap/3 12 500 1250\nms-fixed_0001 500\n~ 250\nms-fixed_0002 500\n")
    m = wfdb.rdrecord(os.path.join(OUT, "ms-fixed-gap"), m2s=False)
    parts_p, parts_d = [], []
    for seg, length in zip(m.segments, m.seg_len):
        if seg is None:
            parts_p.append(np.full((length, 12), np.nan))
            parts_d.append(np.full((length, 12), -32768))
        else:
            parts_p.append(seg.p_signal)
            d = wfdb.rdrecord(os.path.join(OUT, seg.record_name), physical=False, return_res=32)
            parts_d.append(d.d_signal)
    p, d = np.concatenate(parts_p), np.concatenate(parts_d)
    cases["ms-fixed-gap"] = {"physical": [[None if np.isnan(v) else float(v) for v in p[:, i]] for i in range(12)],
                             "digital": [d[:, i].astype(int).tolist() for i in range(12)]}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    args = ap.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    cases = {}
    flac_cases(args.data, cases)
    skew_cases(args.data, cases)
    multi_segment_cases(args.data, cases)
    with open(os.path.join(OUT, "wfdb-matrix.json"), "w") as f:
        json.dump({"wfdb_version": wfdb.__version__, "flac": subprocess.run(["flac", "--version"], capture_output=True,
                   text=True).stdout.strip(), "cases": cases}, f, separators=(",", ":"))
    print(f"{len(cases)} cases in {OUT}")
