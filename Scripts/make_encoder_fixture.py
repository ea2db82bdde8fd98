#!/usr/bin/env python3
"""Build the tiny ECG-JEPA-style encoder test fixture and its Python reference embeddings.

Writes, into Tests/Fixtures/embeddings/ (or --out):
  tiny_ecg_encoder.onnx      the encoder, ONNX opset 17, seeded random weights (torch.manual_seed(20260101))
  tiny_ecg_encoder.json      its sidecar (leads, 250 Hz, 2500 samples, per-lead standardisation, mean pooling)
  tiny_encoder_inputs.f32    3 prepared inputs, float32 little-endian, shape [3, 8, 2500]
  tiny_encoder_expected.json per record: input checksums and onnxruntime (Python) embeddings

The architecture follows the ECG-JEPA encoder layout (Kim 2024, arXiv:2410.08559; repository
sehunfromdaegu/ECG_JEPA, MaskTransformer.representation): 8 leads x 2500 samples are cut into 50-sample
patches per lead (400 tokens), projected linearly, given a positional embedding, passed through pre-norm
transformer blocks whose attention is limited to the same lead or the same time patch, layer-normed and
mean-pooled over tokens. Sizes are tiny (d_model 64, 4 heads, 2 blocks) so the file stays well under 2 MB.

Inputs are real PTB-XL records (ecg_id 1-3, 500 Hz), leads I, II, V1-V6 in mV (wfdb p_signal), resampled
to 250 Hz in two ways: scipy.signal.resample_poly(x, 1, 2) (the stored inputs) and plain decimation x[::2]
(what the Swift end-to-end test reproduces with a trivial resampling closure). Each lead is then
standardised: (x - mean) / (std + 1e-6), std with ddof 0, computed in float64, cast to float32.

Usage: python3 Scripts/make_encoder_fixture.py [--data /work/shared/data] [--out DIR]
Needs: torch (CPU is enough), onnx, onnxruntime, numpy, scipy, wfdb.
"""
import argparse
import json
import math
import os
import sys

import numpy as np

SEED = 20260101
LEADS = ["I", "II", "V1", "V2", "V3", "V4", "V5", "V6"]
RECORDS = ["00001_hr", "00002_hr", "00003_hr"]
RATE_IN, RATE_OUT, SAMPLES, PATCH = 500, 250, 2500, 50
D_MODEL, HEADS, DEPTH, MLP = 64, 4, 2, 128
EPSILON = 1e-6


def fnv1a64(data: bytes) -> str:
    """FNV-1a 64-bit hash of raw bytes, as 16 lower-case hex digits (the Swift test computes the same)."""
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def build_model():
    import torch
    import torch.nn as nn

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm1 = nn.LayerNorm(D_MODEL)
            self.qkv = nn.Linear(D_MODEL, 3 * D_MODEL)
            self.proj = nn.Linear(D_MODEL, D_MODEL)
            self.norm2 = nn.LayerNorm(D_MODEL)
            self.fc1 = nn.Linear(D_MODEL, MLP)
            self.fc2 = nn.Linear(MLP, D_MODEL)

        def forward(self, x, bias):
            b, n, c = x.shape
            h = self.norm1(x)
            qkv = self.qkv(h).reshape(b, n, 3, HEADS, c // HEADS).permute(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(c // HEADS)) + bias
            att = att.softmax(dim=-1)
            h = (att @ v).transpose(1, 2).reshape(b, n, c)
            x = x + self.proj(h)
            return x + self.fc2(torch.nn.functional.gelu(self.fc1(self.norm2(x))))

    class TinyEncoder(nn.Module):
        def __init__(self):
            super().__init__()
            tokens_per_lead = SAMPLES // PATCH
            self.patch = nn.Linear(PATCH, D_MODEL)
            self.pos = nn.Parameter(torch.randn(len(LEADS) * tokens_per_lead, D_MODEL) * 0.02)
            self.blocks = nn.ModuleList([Block() for _ in range(DEPTH)])
            self.norm = nn.LayerNorm(D_MODEL)
            # Attention allowed within a lead or across leads at the same time patch (ECG-JEPA's mask).
            lead = torch.arange(len(LEADS)).repeat_interleave(tokens_per_lead)
            time = torch.arange(tokens_per_lead).repeat(len(LEADS))
            allowed = (lead[:, None] == lead[None, :]) | (time[:, None] == time[None, :])
            self.register_buffer("bias", torch.where(allowed, 0.0, -1e4))

        def forward(self, ecg):  # ecg: [batch, 8, 2500]
            b = ecg.shape[0]
            x = self.patch(ecg.reshape(b, -1, PATCH)) + self.pos
            for block in self.blocks:
                x = block(x, self.bias)
            return self.norm(x).mean(dim=1)  # [batch, 64]

    torch.manual_seed(SEED)
    model = TinyEncoder().eval()
    with torch.no_grad():  # non-trivial LayerNorm parameters, so a wrong gamma/beta would show
        for m in model.modules():
            if isinstance(m, nn.LayerNorm):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.1, 0.1)
    return model


def export(model, path):
    import torch
    example = torch.zeros(2, len(LEADS), SAMPLES)
    try:  # the TorchScript exporter writes opset 17 directly
        torch.onnx.export(model, (example,), path, input_names=["ecg"], output_names=["embedding"],
                          opset_version=17, dynamo=False, dynamic_axes={"ecg": {0: "batch"}, "embedding": {0: "batch"}})
        how = "torch.onnx.export(dynamo=False)"
    except Exception as error:  # a torch without it: the dynamo exporter (it may keep opset 18)
        print(f"TorchScript export failed ({error}); using dynamo=True", file=sys.stderr)
        batch = torch.export.Dim("batch", min=1, max=4096)
        torch.onnx.export(model, (example,), path, input_names=["ecg"], output_names=["embedding"],
                          opset_version=17, dynamo=True, external_data=False, dynamic_shapes={"ecg": {0: batch}})
        how = "torch.onnx.export(dynamo=True)"
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    opset = [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")][0]
    return how, opset


def read_leads(data_dir, record):
    import wfdb
    rec = wfdb.rdrecord(os.path.join(data_dir, "ptb-xl", "records500", "00000", record))
    names = [n.upper() for n in rec.sig_name]
    assert rec.fs == RATE_IN, rec.fs
    return np.stack([rec.p_signal[:, names.index(lead.upper())] for lead in LEADS])  # [8, 5000] mV, float64


def standardise(x):
    mean = x.mean(axis=1, keepdims=True)
    std = x.std(axis=1, keepdims=True)
    return ((x - mean) / (std + EPSILON)).astype(np.float32)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.environ.get("ECGLENS_DATA", os.path.join(here, "..", "..", "shared", "data")))
    parser.add_argument("--out", default=os.path.join(here, "..", "Tests", "Fixtures", "embeddings"))
    args = parser.parse_args()

    import onnxruntime as ort
    import torch
    from scipy.signal import resample_poly

    os.makedirs(args.out, exist_ok=True)
    model = build_model()
    onnx_path = os.path.join(args.out, "tiny_ecg_encoder.onnx")
    how, opset = export(model, onnx_path)

    poly = np.stack([standardise(resample_poly(read_leads(args.data, r), 1, 2, axis=1)) for r in RECORDS])
    deci = np.stack([standardise(read_leads(args.data, r)[:, ::2]) for r in RECORDS])
    assert poly.shape == (len(RECORDS), len(LEADS), SAMPLES) and deci.shape == poly.shape
    poly.astype("<f4").tofile(os.path.join(args.out, "tiny_encoder_inputs.f32"))

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(onnx_path, options, providers=["CPUExecutionProvider"])
    emb_poly = session.run(["embedding"], {"ecg": poly})[0]
    emb_deci = session.run(["embedding"], {"ecg": deci})[0]
    with torch.no_grad():
        emb_torch = model(torch.from_numpy(poly)).numpy()
    torch_vs_ort = float(np.abs(emb_torch - emb_poly).max())
    one_by_one = np.concatenate([session.run(["embedding"], {"ecg": poly[i:i + 1]})[0] for i in range(len(RECORDS))])
    batch_vs_single = float(np.abs(one_by_one - emb_poly).max())

    sidecar = {
        "format_version": 1,
        "model": "tiny ECG-JEPA-style test encoder (2 blocks, d_model 64, 4 heads, 50-sample patches), "
                 f"seeded random weights (torch seed {SEED}); NOT a trained model",
        "licence": "CC0-1.0 (generated test fixture)",
        "source": "Scripts/make_encoder_fixture.py",
        "leads": LEADS,
        "sampling_rate_hz": RATE_OUT,
        "samples": SAMPLES,
        "length_policy": "centre",
        "scaling": "standardize_per_lead",
        "scaling_epsilon": EPSILON,
        "input_name": "ecg",
        "input_layout": "batch,leads,samples",
        "output_name": "embedding",
        "pooling": "none",
        "embedding_size": D_MODEL,
    }
    with open(os.path.join(args.out, "tiny_ecg_encoder.json"), "w") as f:
        json.dump(sidecar, f, indent=2)
        f.write("\n")

    expected = {
        "generator": "Scripts/make_encoder_fixture.py",
        "exporter": how,
        "opset": opset,
        "onnxruntime_python": ort.__version__,
        "torch": torch.__version__,
        "max_abs_diff_torch_vs_onnxruntime": torch_vs_ort,
        "max_abs_diff_batch3_vs_batch1": batch_vs_single,
        "inputs_file": "tiny_encoder_inputs.f32",
        "inputs_shape": list(poly.shape),
        "records": [
            {
                "record": f"ptb-xl/records500/00000/{r}",
                "input_fnv1a64_resample_poly": fnv1a64(poly[i].astype("<f4").tobytes()),
                "input_fnv1a64_decimate": fnv1a64(deci[i].astype("<f4").tobytes()),
                "embedding_resample_poly": [float(v) for v in emb_poly[i]],
                "embedding_decimate": [float(v) for v in emb_deci[i]],
            }
            for i, r in enumerate(RECORDS)
        ],
    }
    with open(os.path.join(args.out, "tiny_encoder_expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    size = os.path.getsize(onnx_path)
    print(f"{how}, opset {opset}, model {size} bytes; torch vs onnxruntime max |diff| {torch_vs_ort:.3g}; "
          f"batch 3 vs 1 max |diff| {batch_vs_single:.3g}")


if __name__ == "__main__":
    main()
