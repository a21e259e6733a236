#!/usr/bin/env bash
# Runs the benchmark and a short training on the ND4J CUDA backend and prints the figures for the README.
# Needs: an NVIDIA GPU with a driver, the CUDA 11.6 runtime and cuDNN 8.3 (ND4J 1.0.0-M2.1 has no CUDA 12 build),
# Java 17 and Maven. Usage: src/scripts/gpu-check.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-10}
build=target  # run `mvn clean` afterwards to drop the CUDA jars from target/lib
mvn -B -q -Pcuda -DskipTests package
run() { java --add-modules jdk.incubator.vector -Xmx8g -cp "$build/pernodedrop-lab.jar:$build/lib/*" \
  org.pernodedrop.lab.Main "$@"; }
echo "== nvidia-smi"; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || true
echo "== bench (batch 128, Din 3136, Dout 128)"
run bench --variants dropout,pernode-bernoulli,pernode-gaussian,pernode-bernoulli-fixed,dropconnect \
  --din 3136 --dout 128 --batch 128 --rounds "$rounds" --json
echo "== short training (Fashion-MNIST subset if installed, else the spiral)"
out=$(mktemp -d)
if [ -d /usr/share/datasets/fashion-mnist ]; then
  run train --dataset fashion-mnist --regularizer pernode-bernoulli --rate 0.5 --units 128 --epochs 1 \
    --batch 128 --seed 1 --train-limit 5000 --out "$out"
else
  run train --dataset spiral --regularizer pernode-bernoulli --rate 0.5 --units 16 --epochs 5 --batch 10 \
    --seed 1 --out "$out"
fi
cat "$out/runs.csv"; grep -i backend "$out"/provenance.json || true
