#!/usr/bin/env python3
"""Makes a 128-d ECG encoder from a real pretrained network on PyPI: openecg 0.11.0's codec_v6_int8.onnx
(Apache-2.0; a 1.16 M-parameter single-lead ViT trained on human-annotated LUDB/QTDB/ISP waves, MIT-BIH and
vitaldb beats and lydus hospital rhythms; see the package's codec_v6_MODEL_CARD.md).

The shipped graph outputs per-sample frame/beat/rhythm logits. This script keeps the graph and its weights
unchanged and makes the transformer backbone's last residual stream (tensor add_255: [1, 500 tokens, 128])
the only output, named `tokens`; ECGLens mean-pools it over the 500 tokens (sidecar pooling mean_tokens),
the usual way to read an embedding out of a ViT without a class token. Writes OUT/openecg_codec_v6_backbone.onnx
and its sidecar .json, then checks the embedding of PTB-XL record 00001 against Python onnxruntime.

It is NOT a self-supervised foundation model such as ECG-JEPA: it is a small supervised single-lead (II)
network, and its backbone features were trained for delineation, beat and rhythm labels.

Usage: python3 Scripts/make_openecg_encoder.py --out studies/encoders [--data ../shared/data]
"""
import argparse
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
import openecg


def rank_normalize(x):
    """Average ranks (ties share) mapped linearly to [-1, 1], as openecg's preprocessing."""
    from scipy.stats import rankdata
    r = rankdata(x, method="average") - 1.0
    return (r / max(len(x) - 1, 1) * 2.0 - 1.0).astype(np.float32)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--data", default=os.environ.get("ECGLENS_DATA", os.path.join(here, "..", "..", "shared", "data")))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    source = os.path.join(os.path.dirname(openecg.__file__), "models", "codec_v6_int8.onnx")
    model = onnx.load(source)
    graph = model.graph
    assert any("add_255" in n.output for n in graph.node), "openecg's graph changed: no add_255"
    graph.node.append(onnx.helper.make_node("Identity", ["add_255"], ["tokens"], name="backbone_tokens"))
    del graph.output[:]
    graph.output.append(onnx.helper.make_tensor_value_info("tokens", onnx.TensorProto.FLOAT, ["batch", 500, 128]))
    onnx.checker.check_model(model)
    path = os.path.join(args.out, "openecg_codec_v6_backbone.onnx")
    onnx.save(model, path)
    sidecar = {
        "format_version": 1,
        "model": "openecg codec_v6 int8 backbone (vit_transformer_sample_res_convtok_mh_1ch, 1.16 M parameters, "
        "supervised on waves, beats and rhythms): last transformer residual stream, 500 tokens x 128, mean-pooled",
        "licence": "Apache-2.0",
        "source": f"PyPI openecg {openecg.__version__ if hasattr(openecg, '__version__') else '0.11.0'}, "
        "openecg/models/codec_v6_int8.onnx with tensor add_255 as its only output (Scripts/make_openecg_encoder.py)",
        "leads": ["II"],
        "sampling_rate_hz": 500,
        "samples": 5000,
        "length_policy": "start",
        "scaling": "rank_normalize",
        "input_name": "signal",
        "input_layout": "batch,samples",
        "output_name": "tokens",
        "pooling": "mean_tokens",
        "embedding_size": 128,
        "max_batch": 1,
    }
    with open(path[:-5] + ".json", "w") as f:
        json.dump(sidecar, f, indent=2)
        f.write("\n")
    import wfdb
    record = wfdb.rdrecord(os.path.join(args.data, "ptb-xl", "records500", "00000", "00001_hr"))
    lead = record.sig_name.index("II")
    x = rank_normalize(record.p_signal[:5000, lead])[None, :]
    tokens = ort.InferenceSession(path).run(["tokens"], {"signal": x})[0]
    embedding = tokens.mean(axis=1)[0]
    print(f"wrote {path} and its sidecar; PTB-XL 00001_hr embedding (Python onnxruntime {ort.__version__}), "
          f"first 4 of 128: " + " ".join(f"{v:.6f}" for v in embedding[:4]))


if __name__ == "__main__":
    main()
