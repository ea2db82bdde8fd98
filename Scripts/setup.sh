#!/usr/bin/env bash
# Installs what ECGLens needs on a Debian machine (run as root, or with sudo available).
# The Swift 6 toolchain itself is not a Debian package: it must already be on PATH
# (this project's machines have it at /opt/swift/usr/bin).
set -euo pipefail
packages=(git pkg-config tzdata libxgboost-dev python3 python3-venv)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "error: no 'swift' on PATH. Install the Swift 6 toolchain for Debian (swift.org/install)" >&2
  echo "       and add its usr/bin to PATH (here: export PATH=/opt/swift/usr/bin:\$PATH)." >&2
  exit 1
fi
# ONNX Runtime for `ecglens embed` (loaded at run time from the onnxruntime wheel, which ships
# libonnxruntime.so) and openecg's small pretrained ECG networks, used by the embedding tests. Without
# them ECGLens still builds and runs, and those tests skip with a message.
if ! python3 -c "import onnxruntime, openecg" >/dev/null 2>&1; then
  python3 -m pip install -q "onnxruntime>=1.13" "openecg==0.11.0" \
    || echo "warning: pip could not install onnxruntime and openecg: ecglens embed and its tests need them" >&2
fi
# Snakemake runs the sharded extraction workflow (workflows/extract/Snakefile) on this machine or a
# cluster; its test (python/tests/test_snakemake_workflow.py) skips with a message without it.
if ! command -v snakemake >/dev/null 2>&1; then
  python3 -m pip install -q "snakemake>=8" \
    || echo "warning: pip could not install snakemake: the sharded workflow's test will skip" >&2
fi
