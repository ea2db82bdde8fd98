#!/usr/bin/env bash
# Regenerates every figure of docs/validation/README.md and of README.md's summary table:
# runs the validation commands and benchmarks, writing their raw outputs to docs/validation/,
# then renders the documents from those outputs (Scripts/render_validation.py).
#
#   bash Scripts/regenerate_validation.sh            # everything (about 25 minutes on 2 cores)
#   bash Scripts/regenerate_validation.sh SECTION... # only some: rpeaks delineation measurements
#                                                    # extraction modelling statistics benchmarks studies
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
}

extraction() {
  run $V/benchmark-extract.txt python3 Scripts/benchmark_extract.py --db "$DATA/ptb-xl/records500" --nk-records 100
}

modelling() {
  bash Scripts/run_modelling_acceptance.sh "$DATA"
}

benchmarks() {
  run $V/benchmark-train.txt python3 Scripts/benchmark_train.py --data "$DATA" --out /dev/stdout
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
}

sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(rpeaks delineation measurements extraction modelling statistics benchmarks studies embeddings)
for s in "${sections[@]}"; do
  echo "== $s"
  "$s"
done
python3 Scripts/render_validation.py
