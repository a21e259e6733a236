#!/usr/bin/env bash
# Peak resident memory of a Fashion-MNIST CNN training run with each PerNodeDrop variant against the same run with
# Dropout (issue 15: PerNodeDrop within 1.2x). Each run is a separate JVM measured by /usr/bin/time -v (peak RSS of
# the process); the runs alternate variant by variant for `repeats` rounds and the median per variant is compared.
# Needs: the dataset-fashion-mnist Debian package (or --data-dir in EXTRA), GNU time (/usr/bin/time), Java 17, Maven.
# Usage: src/scripts/memory-check.sh [train examples, default 2000] [repeats, default 3]
# Environment: VARIANTS (default: dropout and the PerNodeDrop presets), SKIP_BUILD=1 to reuse target/, EXTRA (more
# `train` options).
set -euo pipefail
cd "$(dirname "$0")/../.."
limit=${1:-2000}
repeats=${2:-3}
variants=${VARIANTS:-dropout pernode-bernoulli pernode-gaussian pernode-bernoulli-fixed pernode-partial-gaussian}
if [ "${SKIP_BUILD:-0}" != 1 ]; then mvn -B -q -DskipTests package; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in $(seq 1 "$repeats"); do
  for v in $variants; do
    /usr/bin/time -v -o "$tmp/time-$v-$r.txt" java --add-modules jdk.incubator.vector -Xmx4g \
      -cp "target/pernodedrop-lab.jar:target/lib/*" org.pernodedrop.lab.Main train --dataset fashion-mnist \
      --regularizer "$v" --rate 0.5 --units 128 --epochs 1 --batch 128 --seed 1 --train-limit "$limit" \
      --val-limit 500 --out "$tmp/run-$v-$r" ${EXTRA:-} >/dev/null 2>"$tmp/err-$v-$r.txt" \
      || { echo "memory-check: $v failed:" >&2; tail -5 "$tmp/err-$v-$r.txt" >&2; exit 1; }
    awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time-$v-$r.txt" > "$tmp/rss-$v-$r"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
base=$(cat "$tmp"/rss-dropout-* | median)
printf "%-28s %14s %16s\n" variant "peak RSS MB" "ratio to dropout"
for v in $variants; do
  m=$(cat "$tmp"/rss-"$v"-* | median)
  awk -v v="$v" -v m="$m" -v b="$base" 'BEGIN {printf "%-28s %14.1f %16.3f\n", v, m / 1024, m / b}'
done
echo "(Fashion-MNIST CNN, $limit training examples, 1 epoch, batch 128, median of $repeats runs each; target <= 1.2)"
