#!/usr/bin/env bash
# Byte comparison of two ecglens builds on short records: extract (default rows and --window whole on
# NEW), delineate --global, beats and beats --all-leads on Samples/ (LUDB 1, 2: 10 s; MIT-BIH 100,
# 208: 5 min), 20 LUDB records (1, 11, ..., 191) and 5 PTB-XL 500 Hz records. Prints per output
# whether it is identical; standard error differs only in extract's timing line.
#
#   bash Scripts/compare_short_records.sh OLD_BINARY [NEW_BINARY] [DATA]
set -u
OLD=$1; NEW=${2:-.build/release/ecglens}; DATA=${3:-${ECGLENS_DATA:-../shared/data}}
D=$(mktemp -d); trap 'rm -rf "$D"' EXIT
recs=(Samples/ludb/1 Samples/ludb/2 Samples/mitdb/100 Samples/mitdb/208)
for i in $(seq 1 10 200); do recs+=("$DATA/ludb/data/$i"); done
for f in $(ls "$DATA"/ptb-xl/records500/00000/*.hea | head -5); do recs+=("${f%.hea}"); done
echo "${#recs[@]} records"
for tag in OLD NEW; do
  B=${!tag}
  whole=(); [ $tag = NEW ] && whole=(--window whole)
  "$B" extract "${recs[@]}" --out "$D/$tag-extract.csv" --force > /dev/null 2> /dev/null
  "$B" extract "${recs[@]}" --out "$D/$tag-extract-whole.csv" --force "${whole[@]}" > /dev/null 2> /dev/null
  "$B" delineate "${recs[@]}" --global --out "$D/$tag-delineate.csv" 2> "$D/$tag-delineate.err"
  "$B" beats "${recs[@]}" --out "$D/$tag-beats.csv" 2> "$D/$tag-beats.err"
  "$B" beats "${recs[@]}" --all-leads --out "$D/$tag-beats-all.csv" 2> "$D/$tag-beats-all.err"
done
for f in extract extract.records extract-whole extract-whole.records delineate beats beats-all; do
  if cmp -s "$D/OLD-$f.csv" "$D/NEW-$f.csv"; then echo "$f: identical ($(wc -l < "$D/NEW-$f.csv") lines)"; else echo "$f: differs"; fi
done
for f in delineate beats beats-all; do cmp -s "$D/OLD-$f.err" "$D/NEW-$f.err" || echo "$f: standard error differs"; done
