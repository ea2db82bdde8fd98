#!/usr/bin/env bash
# Issue 22 on real data: interpretable ECG features vs a pretrained encoder's embedding vs both, on
# PTB-XL 500 (five diagnostic superclasses; strat_fold 9 validation, 10 test; the same patient split for
# every variant), each with XGBoost trees and with the linear probe (learners [trees, linear]); the
# combined models' mean |SHAP| by group goes to embedding-ptbxl500-shap-groups.csv. The encoder is openecg 0.11.0's codec_v6 backbone (Scripts/make_openecg_encoder.py: a
# small supervised single-lead network from PyPI, not ECG-JEPA). Writes docs/validation/embedding-*.txt.
#   swift build -c release && bash Scripts/run_embedding_study.sh [DATA]
# Needs python3 with onnx, onnxruntime, openecg, scipy and wfdb (Scripts/requirements-validation.txt);
# ecglens finds libonnxruntime through that Python (ECGLENS_PYTHON names another interpreter).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-${ECGLENS_DATA:-../shared/data}}"
PY="${ECGLENS_PYTHON:-python3}"
V=docs/validation
mkdir -p studies/encoders
{
  echo "\$ python3 Scripts/make_openecg_encoder.py --out studies/encoders"
  "$PY" Scripts/make_openecg_encoder.py --out studies/encoders --data "$DATA" 2>&1
} > $V/embedding-encoder.txt
{
  echo "\$ ecglens embed ../shared/data/ptb-xl/records500 --model studies/encoders/openecg_codec_v6_backbone.onnx" \
    "--out studies/encoders/ptbxl500-openecg.csv --force"
  .build/release/ecglens embed "$DATA/ptb-xl/records500" --model studies/encoders/openecg_codec_v6_backbone.onnx \
    --out studies/encoders/ptbxl500-openecg.csv --force 2>&1
  echo "first row, first 4 of 128 values:"
  sed -n 2p studies/encoders/ptbxl500-openecg.csv | cut -d, -f1-5
} > $V/embedding-embed-ptbxl500.txt
{
  echo "\$ ecglens study Samples/ptb-xl/study-embedding-ptbxl500.json --force"
  .build/release/ecglens study Samples/ptb-xl/study-embedding-ptbxl500.json --force 2>&1 | sed "s#$PWD/##g"
} > $V/embedding-ptbxl500.txt
cp studies/embedding-ptbxl500/study/fusion-shap-groups.csv $V/embedding-ptbxl500-shap-groups.csv
