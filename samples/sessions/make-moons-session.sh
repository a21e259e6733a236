#!/bin/sh
# Rebuilds moons-overfitting.pndlab.json: the overfitting scenario (the window's first screen) swept over six
# regularizers at p = 0.5 and 0.8 (none once) on seeds 1-3, 100 epochs each, then converted into a session.
# About 33 runs; 5-15 minutes on 2 cores. Needs `mvn -o -q -DskipTests package` first. Run from the repository root.
set -e
OUT=${1:-/tmp/pndlab-moons-overfitting}
CP="target/pernodedrop-lab.jar:target/lib/*"
export OMP_NUM_THREADS=1
java --add-modules jdk.incubator.vector -cp "$CP" org.pernodedrop.lab.Main sweep \
  --config samples/sessions/moons-overfitting.config.json \
  --variants none,dropout,dropconnect,pernode-bernoulli,pernode-gaussian,pernode-bernoulli-fixed --rates 0.5,0.8 \
  --seeds 3 --out "$OUT"
java --add-modules jdk.incubator.vector -cp "$CP" samples/sessions/MakeSession.java "$OUT" \
  samples/sessions/moons-overfitting.pndlab.json \
  "Overfitting moons: none vs 5 regularizers at p = 0.5 and 0.8, 3 seeds, 100 epochs" \
  samples/sessions/moons-overfitting.txt
