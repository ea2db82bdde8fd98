#!/usr/bin/env bash
# Sharded extraction equals the single run, on real records: `ecglens extract` once over a folder,
# then the same folder in N shards run and merged by the Snakemake workflow
# (workflows/extract/Snakefile, Snakemake's local executor); prints both files' SHA-256, rows,
# cmp's verdict and the wall time of each.
#
#   bash Scripts/validate_sharded_extract.sh [DB] [SHARDS]   # default ../shared/data/ptb-xl/records500, 4
#
# Needs .build/release/ecglens (swift build -c release --product ecglens) and snakemake (pip).
set -euo pipefail
cd "$(dirname "$0")/.."
DB="$(realpath "${1:-${ECGLENS_DATA:-../shared/data}/ptb-xl/records500}")"
SHARDS="${2:-4}"
E="$PWD/.build/release/ecglens"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "snakemake $(snakemake --version); $(nproc) cores; $SHARDS shards of $DB"

start=$(date +%s.%N)
"$E" extract "$DB" --out "$tmp/single.csv" 2>/dev/null || [ $? -eq 1 ]
single_s=$(echo "$(date +%s.%N) - $start" | bc)

printf 'inputs:\n  - "%s"\nshards: %s\nout: "%s"\necglens: "%s"\n' "$DB" "$SHARDS" "$tmp/sharded" "$E" > "$tmp/config.yaml"
start=$(date +%s.%N)
(cd "$tmp" && snakemake --snakefile "$OLDPWD/workflows/extract/Snakefile" --configfile config.yaml --cores "$(nproc)" \
  --quiet >snakemake.log 2>&1) || { cat "$tmp/snakemake.log"; exit 1; }
sharded_s=$(echo "$(date +%s.%N) - $start" | bc)

for f in features.csv features.records.csv; do
  s=$tmp/single${f#features}; m=$tmp/sharded/$f
  echo "$f: single $(sha256sum <"$s" | cut -c1-64) ($(($(wc -l <"$s") - 1)) rows)"
  echo "$f: merged $(sha256sum <"$m" | cut -c1-64) ($(($(wc -l <"$m") - 1)) rows)"
  if cmp -s "$s" "$m"; then echo "$f: byte-identical"; else echo "$f: DIFFERENT"; cmp "$s" "$m" || true; fi
done
for i in $(seq 1 "$SHARDS"); do
  echo "shard $i: $(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(len(m['records']), 'records,', m['features']['rows'], 'rows')" "$tmp/sharded/parts/part-$i.manifest.json")"
done
printf 'wall time: single run %.1f s; %s shards + merge under Snakemake %.1f s\n' "$single_s" "$SHARDS" "$sharded_s"
