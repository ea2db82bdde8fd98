#!/usr/bin/env bash
# Regenerates every figure of docs/validation/README.md and of README.md's summary table:
# runs the validation commands and benchmarks, writing their raw outputs to docs/validation/,
# then renders the documents from those outputs (Scripts/render_validation.py).
#
#   bash Scripts/regenerate_validation.sh            # everything (about 25 minutes on 2 cores)
#   bash Scripts/regenerate_validation.sh SECTION... # only some: rpeaks noise delineation measurements
#                                                    # extraction modelling statistics benchmarks studies
#                                                    # privacy
#                                                    # embeddings
#
# Needs ../shared/data (or $ECGLENS_DATA) and the Python packages of
# Scripts/requirements-validation.txt (installed here when missing). Each raw output starts with
# the command that wrote it. Benchmarks measure this machine: run nothing else meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${ECGLENS_DATA:-../shared/data}"
E=.build/release/ecglens
V=docs/validation
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release >/dev/null
python3 -c "import neurokit2, wfdb, ecgdeli, xgboost, sklearn, MLstatkit, onnx, onnxruntime, openecg" 2>/dev/null \
  || pip install -q -r Scripts/requirements-validation.txt

# run FILE COMMAND...: writes "$ COMMAND" and the command's output (stdout and stderr) to FILE.
run() {
  local out=$1; shift
  { echo "\$ $*" | sed "s#^\\\$ $E #\$ ecglens #"; "$@" 2>&1; } > "$out.tmp" || { cat "$out.tmp"; rm -f "$out.tmp"; exit 1; }
  mv "$out.tmp" "$out"
}

rpeaks() {
  run $V/rpeaks-mitdb.txt $E validate rpeaks --db "$DATA/mitdb" --out $V/rpeaks-mitdb.csv
  run $V/benchmark-rpeaks.txt python3 Scripts/benchmark_rpeaks.py --db "$DATA/mitdb"
  run $V/rpeaks-ludb-ii.txt $E validate rpeaks --db "$DATA/ludb/data" --lead ii --annotator ii --annotated-span \
    --out $V/rpeaks-ludb-ii.csv
}

noise() {
  run $V/noise-stress-ecglens.txt $E benchmark noise-stress --db "$DATA/mitdb" --noise "$DATA/nstdb-noise"
  run $V/noise-stress-heldout.txt $E benchmark noise-stress --db "$DATA/mitdb" --noise "$DATA/nstdb-noise" \
    --exclude none --records 118,119
  # The opt-in noise-adaptive threshold (beats --param): what it buys under noise and costs on clean records.
  run $V/noise-stress-adaptive.txt $E benchmark noise-stress --db "$DATA/mitdb" --noise "$DATA/nstdb-noise" \
    --types em,ma --snr 24,12,6,0 --param noiseFractionSlope=3 --param noiseRatioKnee=0.03
  run $V/noise-stress.txt python3 Scripts/benchmark_noise_stress.py --db "$DATA/mitdb" --noise "$DATA/nstdb-noise" \
    --out ""
}

delineation() {
  run $V/delineation-ludb.txt $E validate delineation --db "$DATA/ludb/data" --out $V/delineation-ludb.csv \
    --per-record $V/delineation-ludb-per-record.csv
  run $V/delineation-ludb-independent.txt $E validate delineation --independent --db "$DATA/ludb/data" \
    --out $V/delineation-ludb-independent.csv
  run $V/delineation-ludb-consensus.txt $E validate delineation --consensus --db "$DATA/ludb/data" \
    --out $V/delineation-ludb-consensus.csv
  for rate in 250 360 1000; do
    run $V/delineation-ludb-rate-$rate.txt $E validate delineation --rate $rate --db "$DATA/ludb/data"
  done
  for t in 0.004 0.008; do
    run $V/delineation-ludb-lead-qrs-onset-$t.txt $E validate delineation --param leadQRSOnsetTolerance=$t --db "$DATA/ludb/data"
  done
  run $V/ludb-annotation-floor.txt python3 Scripts/ludb_annotation_floor.py --db "$DATA/ludb/data"
  run $V/delineation-benchmark.txt python3 Scripts/benchmark_delineation.py --db "$DATA/ludb"
  run $V/delineation-ecgdeli.txt python3 Scripts/benchmark_ecgdeli.py --db "$DATA/ludb/data"
  # Lead subsets x rates and MIT-BIH P presence; the script writes its own file with the commands.
  python3 Scripts/delineation_subsets.py --ecglens $E --data "$DATA" --out $V/delineation-subsets.txt
  run $V/ptbxl-p-presence.txt python3 Scripts/ptbxl_p_presence.py --db "$DATA/ptb-xl"
}

measurements() {
  run $V/measurements-ludb.txt $E validate measurements --db "$DATA/ludb/data" --out $V/measurements-ludb.csv
  run $V/cart-measurements.txt $E validate cart --folder "$DATA/vendor-formats"
  run $V/cart-ingest.txt $E ingest cart "$DATA/vendor-formats" --id path --out $V/cart-ingest.csv
}

faults() {
  # The fault campaign of Tests/FaultTests, longer: mutated headers, signal files, annotation
  # files, CSV tables, MUSE ingests and study configs, each run through its reader.
  swift build -c release --product ecglens-fuzz >/dev/null
  run $V/fault-campaign.txt .build/release/ecglens-fuzz --cases 2000 --seed 1
}

extraction() {
  run $V/benchmark-extract.txt python3 Scripts/benchmark_extract.py --db "$DATA/ptb-xl/records500" --nk-records 100
  # Sharded extraction (4 shards under Snakemake, then merge) against the single run, byte for byte.
  run $V/sharded-extract.txt bash Scripts/validate_sharded_extract.sh "$DATA/ptb-xl/records500" 4
  # Where extract's time goes (throughput at --jobs 2 and 1, perf profile grouped into stages).
  run $V/profile-extract.txt python3 Scripts/profile_extract.py --db "$DATA/ptb-xl/records500"
  # Writes $V/benchmark-python.txt itself (the Python package from python/, the library just built).
  swift build -c release --product ECGLensC >/dev/null
  python3 Scripts/benchmark_python.py --db "$DATA/ptb-xl/records500" --nk-records 100 --out $V/benchmark-python.txt
  # Holter length: 3, 6 and 24 h records (made in /tmp/holter when missing); writes its own file.
  bash Scripts/benchmark_holter.sh --records /tmp/holter --hours "3 6 24"
}

modelling() {
  bash Scripts/run_modelling_acceptance.sh "$DATA"
  # The linear probe's reference: scikit-learn on the fixtures LinearProbeTests compares with (issue 22).
  run $V/linear-probe-reference.txt python3 Scripts/make_linear_probe_fixture.py --data "$DATA"
}

benchmarks() {
  run $V/benchmark-train.txt python3 Scripts/benchmark_train.py --data "$DATA" --out /dev/stdout
  # Sharded study (train --shard, and study --shard under Snakemake, then study merge) against the
  # single run, every file byte for byte, with wall times (issue 25).
  run $V/sharded-study.txt python3 Scripts/validate_sharded_study.py --data "$DATA" --shards 4 --jobs 2
  # Where train's time goes (perf), --jobs 1 vs 2, and what bounds the ratio to Python (issue 25).
  run $V/profile-train.txt python3 Scripts/profile_train.py --data "$DATA"
  # Planning at scale: measured costs and the projected MIMIC-IV-ECG study on 1, 8 and 64 machines (issue 25).
  run $V/scaling-plan.txt python3 Scripts/plan_scale.py --data "$DATA"
  run $V/benchmark-bootstrap.txt python3 Scripts/benchmark_bootstrap.py
  bash Scripts/benchmark_tables_and_cores.sh "$DATA"
}

statistics() {
  bash Scripts/mimic_duplication.sh "$DATA"
  bash Scripts/mimic_recipe.sh "$DATA"
  bash Scripts/run_fusion_studies.sh
}

embeddings() {
  bash Scripts/run_embedding_study.sh "$DATA"
}

studies() {
  run $V/study-ptbxl500-waveforms.txt $E study Samples/ptb-xl/study-ptbxl500.json --force
  run $V/study-chapman-to-ptbxl500.txt $E study Samples/ptb-xl/study-chapman-to-ptbxl500.json --force
  run $V/study-chapman-sample.txt $E study Samples/chapman/study.json --force
  run $V/report-chapman-sample.txt $E report studies/chapman-sample/study
}

privacy() {
  # Re-identification audit (issue 21). MIMIC-IV-ECG machine measurements, train and val in one table
  # (20,868 ECGs of 4,305 patients; ecg_time enrols each patient's earliest ECG), AF as the utility target.
  local W=out/privacy
  mkdir -p $W
  for part in train val; do
    $E ingest mimic "$DATA/mimic-iv-ecg/$part/${part}_fib.csv" --rename report_0=atrial_fibrillation \
      --out "$W/mimic-$part.csv" 2>/dev/null
  done
  { cat $W/mimic-train.csv; tail -n +2 $W/mimic-val.csv; } > $W/mimic.csv
  run $V/reid-mimic.txt $E audit-reid $W/mimic.csv --patient patient_id --time ecg_time --target atrial_fibrillation \
    --json $V/reid-mimic.json --out $W/reid-mimic.html
  # ECGLens's own features of PTB-XL's first 500 records (the PTB-XL study's features.csv and labels.csv),
  # normal ECG (scp_super_NORM) as the utility target; the study's report holds the same audit.
  local S=studies/ptbxl500-waveforms
  [ -f $S/features.csv ] || $E study Samples/ptb-xl/study-ptbxl500.json >/dev/null 2>&1
  run $V/reid-ptbxl500.txt $E audit-reid $S/features.csv --labels $S/labels.csv --patient patient_id \
    --target scp_super_NORM --json $V/reid-ptbxl500.json --out $W/reid-ptbxl500.html
  # The independent reference (scikit-learn KD-tree, numpy EER) on the fixtures PrivacyTests compares with.
  run $V/reid-reference.txt python3 Scripts/make_privacy_fixtures.py --mimic $W/mimic-train.csv
}

sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(rpeaks noise delineation measurements faults extraction modelling statistics benchmarks studies privacy)
#                                                    # embeddings
for s in "${sections[@]}"; do
  echo "== $s"
  "$s"
done
python3 Scripts/render_validation.py
