#!/usr/bin/env bash
# CSV reading speed and the choice of parallelism, on the shared data. Writes
# docs/validation/benchmark-csv-and-cores.txt.
#   pip install pandas; swift build -c release && bash Scripts/benchmark_tables_and_cores.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-${ECGLENS_DATA:-../shared/data}}"
E=.build/release/ecglens
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
{
  # A 120 MB numeric feature table: the harmonised MIMIC-IV-ECG train extract, its rows repeated
  # under fresh ids until the file passes 120 MB.
  $E ingest mimic "$DATA/mimic-iv-ecg/train/train_fib.csv" --out "$W/mimic.csv" 2>/dev/null
  python3 - "$W/mimic.csv" "$W/big.csv" <<'PY'
import sys
rows = open(sys.argv[1]).read().splitlines()
with open(sys.argv[2], "w") as f:
    f.write(rows[0] + "\n"); k = 0
    while f.tell() < 120_000_000:
        for r in rows[1:]:
            f.write(str(k) + r[r.index(","):] + "\n"); k += 1
PY
  echo "== CSV reading"
  $E benchmark csv "$W/big.csv" --text ecg_id,patient_id,ecg_time,bandwidth,filtering
  python3 -c "
import sys, time, pandas as pd
t = time.perf_counter(); d = pd.read_csv(sys.argv[1], dtype={'ecg_id': str, 'patient_id': str})
print(f'pandas {pd.__version__} read_csv: {time.perf_counter() - t:.2f} s, {d.shape[0]} rows x {d.shape[1]} columns')" "$W/big.csv"

  # Targets in parallel (one thread per booster) vs XGBoost threads, Chapman-Shaoxing, RFE.
  $E ingest muse "$DATA/chapman-shaoxing/Diagnostics.csv" --out "$W/chapman.csv" 2>/dev/null
  $E labels "$W/chapman.csv" --id-column ecg_id --categorical rhythm --multi-valued beat --ignore NONE \
    --min-count 100 --out "$W/labels.csv" 2>/dev/null
  TARGETS=$(head -1 "$W/labels.csv" | cut -d, -f2-21)
  echo "== Parallelism (wall seconds, 2-core machine)"
  TIMEFORMAT=%R
  for c in 1 2; do
    t=$( { time $E train --table "$W/chapman.csv" --labels "$W/labels.csv" --id-column ecg_id --patient-column patient_id \
      --targets "$TARGETS" --rfe --min-positives 5 --cores $c --out "$W/s$c" >/dev/null 2>&1; } 2>&1 )
    echo "20 targets, --cores $c (targets in parallel, 1 thread each): $t s"
  done
  for c in 1 2; do
    t=$( { time $E train --table "$W/chapman.csv" --labels "$W/labels.csv" --id-column ecg_id --patient-column patient_id \
      --targets rhythm_AFIB --rfe --cores $c --out "$W/o$c" >/dev/null 2>&1; } 2>&1 )
    echo "1 target, --cores $c (XGBoost threads): $t s"
  done
} | tee docs/validation/benchmark-csv-and-cores.txt
