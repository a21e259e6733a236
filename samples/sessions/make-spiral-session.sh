#!/bin/sh
# Rebuilds spiral-sweep.pndlab.json: runs the CLI sweep (about 1-2 CPU minutes), then converts the folder.
# Needs `mvn -o -q -DskipTests package` first. Run from the repository root.
set -e
OUT=${1:-/tmp/pndlab-spiral-sweep}
CP="target/pernodedrop-lab.jar:target/lib/*"
java --add-modules jdk.incubator.vector -cp "$CP" org.pernodedrop.lab.Main sweep --dataset spiral \
  --variants none,dropout,dropconnect,pernode-bernoulli,pernode-gaussian --rates 0.2:0.6:0.2 --epochs 30 --lr 0.03 \
  --out "$OUT"
java --add-modules jdk.incubator.vector -cp "$CP" samples/sessions/MakeSession.java "$OUT" \
  samples/sessions/spiral-sweep.pndlab.json "Spiral sweep: 5 variants x 3 drop rates, 30 epochs" \
  samples/sessions/spiral-sweep.txt
