#!/usr/bin/env bash
# Does copying rows within patients change the statistics? MIMIC-IV-ECG val/ (about 5 ECGs per
# patient) scored by the base and extended atrial-fibrillation models trained on train/; the
# predictions table as it is and with every row copied 5 times under its patient, through
# evaluate --predictions and compare --predictions, with the patient column (clustered, the
# default) and without it (rows independent). Writes docs/validation/clustered-duplication-mimic.txt.
#   swift build -c release && bash Scripts/mimic_duplication.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-${ECGLENS_DATA:-../shared/data}}"
E=.build/release/ecglens
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
M="$DATA/mimic-iv-ecg"
BASE=rr_ms,pr_ms,qrs_ms,qt_ms,qtc_bazett_ms,p_axis_deg,qrs_axis_deg,t_axis_deg
EXTENDED=$BASE,p_ms,qrs_t_ms,p_t_ms,p_rr,qrs_rr,qt_rr,pr_qt,p_qrs_axis_deg,qrs_t_axis_deg,p_t_axis_deg
for part in train val; do $E ingest mimic "$M/$part/${part}_fib.csv" --label atrial_fibrillation --out "$W/$part.csv" 2>/dev/null; done
for set in base extended; do
  features=$BASE; [ $set = extended ] && features=$EXTENDED
  $E train --table "$W/train.csv" --validation-table "$W/val.csv" --id-column ecg_id --patient-column patient_id \
    --targets atrial_fibrillation --features $features --out "$W/$set" >/dev/null 2>&1
  $E predict "$W/$set" --table "$W/val.csv" --out "$W/$set-p.csv" >/dev/null
done
python3 - "$W" <<'PY'
import csv, sys
w = sys.argv[1]
patient = {r["ecg_id"]: r["patient_id"] for r in csv.DictReader(open(f"{w}/val.csv"))}
base = {r["ecg_id"]: r for r in csv.DictReader(open(f"{w}/base-p.csv"))}
new = {r["ecg_id"]: r["probability"] for r in csv.DictReader(open(f"{w}/extended-p.csv"))}
for copies, name in [(1, "p1.csv"), (5, "p5.csv")]:
    with open(f"{w}/{name}", "w") as f:
        f.write("ecg_id,patient_id,af,base,extended\n")
        for k in range(copies):
            for i, r in base.items():
                f.write(f"{i}#{k},{patient[i]},{r['label']},{r['probability']},{new[i]}\n")
PY
{
  for patient in "--patient patient_id" ""; do
    for copies in 1 5; do
      echo "== val/ predictions, every row x$copies, ${patient:-no patient column (rows independent)}"
      $E evaluate --predictions "$W/p$copies.csv" --label af --score extended $patient 2>&1 | sed "s#$W/##"
      $E compare --predictions "$W/p$copies.csv" --label af --base base --new extended --thresholds 0.1,0.3 $patient 2>&1 | sed "s#$W/##"
      echo
    done
  done
  echo "== The contract's JSON (every row x1, with the patient column)"
  echo "\$ ecglens evaluate --predictions p1.csv --label af --score extended --patient patient_id --json evaluate.json"
  $E evaluate --predictions "$W/p1.csv" --label af --score extended --patient patient_id --json "$W/e.json" >/dev/null
  cat "$W/e.json"
  echo "\$ ecglens compare --predictions p1.csv --label af --base base --new extended --patient patient_id --thresholds 0.1,0.3 --json compare.json"
  $E compare --predictions "$W/p1.csv" --label af --base base --new extended --patient patient_id --thresholds 0.1,0.3 --json "$W/c.json" >/dev/null
  cat "$W/c.json"
} | tee docs/validation/clustered-duplication-mimic.txt
