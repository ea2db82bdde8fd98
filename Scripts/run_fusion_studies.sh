#!/usr/bin/env bash
# The fusion studies of issue 20 on real data: PTB-XL 500 (ECG features vs age, sex, height, weight,
# BMI; five diagnostic superclasses; strat_fold 9 validation, 10 test) and Chapman-Shaoxing (GE MUSE
# measurements vs age and sex). Writes docs/validation/fusion-ptbxl500.txt and fusion-chapman.txt.
#   swift build -c release && bash Scripts/run_fusion_studies.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for pair in "ptb-xl/study-fusion-ptbxl500.json fusion-ptbxl500" "chapman/study-fusion.json fusion-chapman"; do
  set -- $pair
  {
    echo "\$ ecglens study Samples/$1 --force"
    .build/release/ecglens study "Samples/$1" --force 2>&1 | sed "s#$PWD/##g"
  } > "docs/validation/$2.txt"
done
