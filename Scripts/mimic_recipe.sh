#!/usr/bin/env bash
# The reference MIMIC-IV-ECG atrial-fibrillation protocol in four ecglens commands (train on train/,
# early stopping on val/, val/ scored with intervals), and Python xgboost's own run of the same
# protocol for comparison. Writes docs/validation/mimic-recipe.txt.
#   swift build -c release && bash Scripts/mimic_recipe.sh [DATA_DIR] [PYTHON_WITH_XGBOOST_1.7]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-${ECGLENS_DATA:-../shared/data}}"
PY="${2:-python3}"
E=.build/release/ecglens
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
M="$DATA/mimic-iv-ecg"
BASE=rr_ms,pr_ms,qrs_ms,qt_ms,qtc_bazett_ms,p_axis_deg,qrs_axis_deg,t_axis_deg
run() { echo "\$ $*" | sed "s#$W/##g; s#^\\\$ $E #\$ ecglens #"; "$@" 2>&1 | sed "s#$W/##g"; }
{
  echo "== The recipe (tree_method exact = Python xgboost 1.7's default at this size; see README)"
  run $E ingest mimic "$M/train/train_fib.csv" --label atrial_fibrillation --out "$W/train.csv"
  run $E ingest mimic "$M/val/val_fib.csv" --label atrial_fibrillation --out "$W/val.csv"
  run $E train --table "$W/train.csv" --validation-table "$W/val.csv" --id-column ecg_id --patient-column patient_id \
    --targets atrial_fibrillation --features $BASE --tree-method exact --out "$W/study"
  run $E evaluate "$W/study" --table "$W/val.csv"
  $E predict "$W/study" --table "$W/val.csv" --out "$W/predictions.csv" >/dev/null 2>&1
  echo
  echo "== The same with ECGLens's default tree method (hist)"
  run $E train --table "$W/train.csv" --validation-table "$W/val.csv" --id-column ecg_id --patient-column patient_id \
    --targets atrial_fibrillation --features $BASE --out "$W/study-hist"
  echo
  echo "== Python xgboost on the same ingested tables (Scripts/xgboost_default_tree_method.py)"
  "$PY" Scripts/xgboost_default_tree_method.py "$W/train.csv" "$W/val.csv" --ecglens-predictions "$W/predictions.csv" 2>&1 |
    grep -v -i warning
} | tee docs/validation/mimic-recipe.txt
