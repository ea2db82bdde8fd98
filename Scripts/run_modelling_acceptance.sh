#!/usr/bin/env bash
# Real-data acceptance of the modelling engine (issue 5). Writes docs/validation/study-*.txt.
#   swift build -c release && bash Scripts/run_modelling_acceptance.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-${ECGLENS_DATA:-../shared/data}}"
E=.build/release/ecglens
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
M="$DATA/mimic-iv-ecg"

# (a) MIMIC-IV-ECG machine measurements: train on train/ (patient-grouped split inside it:
# early stopping and RFE on its validation fold), then score the untouched val/ cohort.
for part in train val; do
  $E ingest mimic "$M/$part/${part}_fib.csv" --label atrial_fibrillation --out "$W/mimic-$part.csv"
  $E ingest mimic "$M/$part/${part}_flu.csv" --label atrial_flutter --out "$W/mimic-$part-flu.csv"
done
BASE=rr_ms,pr_ms,qrs_ms,qt_ms,qtc_bazett_ms,p_axis_deg,qrs_axis_deg,t_axis_deg
EXTENDED=$BASE,p_ms,qrs_t_ms,p_t_ms,p_rr,qrs_rr,qt_rr,pr_qt,p_qrs_axis_deg,qrs_t_axis_deg,p_t_axis_deg
{
  for set in base extended; do
    features=$BASE; [ $set = extended ] && features=$EXTENDED
    echo "== MIMIC-IV-ECG, $set feature set, RFE: study (validation = fold 18 of train/, test = fold 19)"
    $E train --table "$W/mimic-train.csv" --labels "$W/mimic-train-flu.csv" \
      --targets atrial_fibrillation,atrial_flutter --features $features \
      --id-column ecg_id --patient-column patient_id --rfe --out "$W/mimic-$set" 2>"$W/log"; cat "$W/log"
    echo "-- the same models on val/ (patients never seen in training)"
    $E predict "$W/mimic-$set" --table "$W/mimic-val.csv" --labels "$W/mimic-val-flu.csv"
    echo
  done
} | tee docs/validation/study-mimic.txt

# (b) Chapman-Shaoxing GE MUSE measurements + age + sex: every rhythm and condition with
# >= 100 cases; three variants per target; RFE.
$E ingest muse "$DATA/chapman-shaoxing/Diagnostics.csv" --out "$W/chapman.csv"
$E labels "$W/chapman.csv" --id-column ecg_id --categorical rhythm --multi-valued beat --ignore NONE \
  --min-count 100 --out "$W/chapman-labels.csv" 2>/dev/null
{
  echo "== Chapman-Shaoxing, all rhythms and conditions with >= 100 cases, RFE, ablation"
  $E train --table "$W/chapman.csv" --labels "$W/chapman-labels.csv" --id-column ecg_id \
    --patient-column patient_id --rfe --ablation --out "$W/chapman" 2>"$W/log"; cat "$W/log"
} | tee docs/validation/study-chapman.txt

# (c) External validation, atrial fibrillation, both directions, on the features both sources
# measure the same way (RR, QRS, QT, QTc Bazett recomputed identically, QRS and T axes).
# Statistics on each side's test rows: ecglens evaluate. MIMIC external rows: val/.
SHARED=rr_ms,qrs_ms,qt_ms,qtc_bazett_ms,qrs_axis_deg,t_axis_deg
{
  echo "== Chapman-Shaoxing -> MIMIC-IV-ECG val/, atrial fibrillation, shared features"
  $E train --table "$W/chapman.csv" --labels "$W/chapman-labels.csv" --id-column ecg_id --patient-column patient_id \
    --targets rhythm_AFIB --features $SHARED --variants ecg --out "$W/ext-chapman" 2>/dev/null
  $E validate-external "$W/ext-chapman" --table "$W/mimic-val.csv" --target rhythm_AFIB=atrial_fibrillation --name mimic-val
  echo
  echo "== MIMIC-IV-ECG train/ -> Chapman-Shaoxing, atrial fibrillation, shared features"
  $E train --table "$W/mimic-train.csv" --targets atrial_fibrillation --features $SHARED \
    --id-column ecg_id --patient-column patient_id --out "$W/ext-mimic" 2>/dev/null
  $E validate-external "$W/ext-mimic" --table "$W/chapman.csv" --labels "$W/chapman-labels.csv" \
    --target atrial_fibrillation=rhythm_AFIB --name chapman
  echo
  echo "== Chapman-Shaoxing study (section b): test-partition statistics, patient bootstrap"
  $E evaluate "$W/chapman" 2>/dev/null
  echo
  echo "== Chapman-Shaoxing: demographics-only vs ECG + demographics"
  $E compare "$W/chapman" --base demographics --new ecg+demographics 2>/dev/null
} | tee docs/validation/study-external.txt

# (d) The HTML report of the Chapman-Shaoxing study, and a screenshot of it as a browser shows
# it (Debian's chromium, headless) for the README.
$E report "$W/chapman" --out "$W/chapman/report.html" --title "Chapman-Shaoxing: rhythms and conditions from GE MUSE measurements"
if command -v chromium >/dev/null 2>&1; then
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,3000 \
    --screenshot="$PWD/docs/report-screenshot.png" "file://$W/chapman/report.html" 2>/dev/null
  echo "screenshot: docs/report-screenshot.png"
else
  echo "no chromium (apt-get install chromium): no screenshot"
fi
