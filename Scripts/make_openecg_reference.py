#!/usr/bin/env python3
"""Python reference outputs of a REAL pretrained ECG network shipped on PyPI: openecg's codec_v6_int8.onnx.

openecg (PyPI, Apache-2.0, https://github.com/vitaldb/openecg) bundles a 1.16 M-parameter single-lead
transformer ("layered codec", vit_transformer_sample_res_convtok_mh_1ch) exported to ONNX with dynamic int8
quantisation: input `signal` float32 [batch, 5000] (10 s of one lead at 500 Hz, rank-normalised to [-1, 1]),
outputs frame_logits [1, 5000, 4], beat_logits [1, 5000, 6], rhythm_logits [1, 5000, 6]. The export only
runs with batch 1 (a Reshape hard-codes it), hence `max_batch: 1` in the sidecar.

For PTB-XL records 1-5, lead II (wfdb p_signal, mV, 500 Hz), this script applies openecg's own
preprocessing (openecg.rank_normalize, as openecg.deploy.OnnxCodec.encode does), runs Python onnxruntime,
and writes into Tests/Fixtures/embeddings/:
  openecg_expected.json        per record: input FNV-1a-64 checksum, rhythm_logits mean over the 5000 samples
                               (accumulated in float64, rounded to float32)
                               (the sidecar's "embedding"), argmax agreement with OnnxCodec
  openecg_rhythm_logits.f32    the full rhythm_logits, float32 little-endian, shape [5, 5000, 6]

Usage: python3 Scripts/make_openecg_reference.py [--data /work/shared/data] [--out DIR]
Needs: pip install openecg onnxruntime wfdb numpy
"""
import argparse
import hashlib
import json
import os

import numpy as np

RECORDS = ["00001_hr", "00002_hr", "00003_hr", "00004_hr", "00005_hr"]


def fnv1a64(data: bytes) -> str:
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.environ.get("ECGLENS_DATA", os.path.join(here, "..", "..", "shared", "data")))
    parser.add_argument("--out", default=os.path.join(here, "..", "Tests", "Fixtures", "embeddings"))
    args = parser.parse_args()

    import onnxruntime as ort
    import openecg
    import wfdb
    from openecg.deploy import OnnxCodec

    model = os.path.join(os.path.dirname(openecg.__file__), "models", "codec_v6_int8.onnx")
    with open(model, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    codec = OnnxCodec(model)

    rows, logits = [], []
    for r in RECORDS:
        rec = wfdb.rdrecord(os.path.join(args.data, "ptb-xl", "records500", "00000", r))
        lead = rec.p_signal[:, [n.upper() for n in rec.sig_name].index("II")]
        assert rec.fs == 500 and lead.size == 5000
        x = np.asarray(openecg.rank_normalize(lead), dtype=np.float32)
        rhythm = session.run(["rhythm_logits"], {"signal": x[None, :]})[0][0]  # [5000, 6]
        own = codec.encode(lead, fs=500)  # openecg's own API: argmax labels per sample
        agree = float((np.asarray(own.rhythm) == rhythm.argmax(-1)).mean())
        logits.append(rhythm.astype("<f4"))
        rows.append({
            "record": f"ptb-xl/records500/00000/{r}",
            "lead": "II",
            "input_fnv1a64": fnv1a64(x.astype("<f4").tobytes()),
            "embedding_mean_rhythm_logits": [float(np.float32(v)) for v in rhythm.astype(np.float64).mean(axis=0)],
            "rhythm_argmax_agreement_with_OnnxCodec": agree,
        })
    np.stack(logits).tofile(os.path.join(args.out, "openecg_rhythm_logits.f32"))
    expected = {
        "generator": "Scripts/make_openecg_reference.py",
        "openecg": openecg.__version__ if hasattr(openecg, "__version__") else "unknown",
        "onnxruntime_python": ort.__version__,
        "model_file": "openecg/models/codec_v6_int8.onnx",
        "model_sha256": sha,
        "logits_file": "openecg_rhythm_logits.f32",
        "logits_shape": [len(RECORDS), 5000, 6],
        "records": rows,
    }
    with open(os.path.join(args.out, "openecg_expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(json.dumps({k: v for k, v in expected.items() if k != "records"}))
    for row in rows:
        print(row["record"], row["rhythm_argmax_agreement_with_OnnxCodec"],
              [round(v, 3) for v in row["embedding_mean_rhythm_logits"]])


if __name__ == "__main__":
    main()
