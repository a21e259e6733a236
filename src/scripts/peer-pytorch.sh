#!/usr/bin/env bash
# Times the lab's CNN training step (`bench`, Dropout in the slot) next to the same network in PyTorch on the CPU,
# same batch and thread count, their steps interleaved round by round in one run (bench drives
# src/scripts/peer_pytorch.py --serve), and prints both and the ratio. The PerNodeDrop variants' ratios to Dropout
# come in the same table.
# Needs: Debian's python3-torch (sudo apt-get install -y python3-torch), Java 17, Maven.
# Usage: src/scripts/peer-pytorch.sh [rounds] [extra bench options, e.g. --variants dropout]
# Environment: THREADS (default: all cores), PYTHON (default: /usr/bin/python3, where Debian's torch lives),
# SKIP_BUILD=1 to reuse target/, JAVA_OPTS (more JVM options; the settings before issue 15, for comparison:
# JAVA_OPTS="-Dorg.bytedeco.javacpp.platform.extension= -Dorg.eclipse.deeplearning4j.helpers.disable=true
# -Dpernodedrop.ompPassive=false").
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-10}
shift || true
threads=${THREADS:-$(nproc)}
python=${PYTHON:-/usr/bin/python3}
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "peer-pytorch: $python cannot import torch; install Debian's python3-torch (apt-get install -y python3-torch)" >&2
  exit 2
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then mvn -B -q -DskipTests package; fi
# Both sides get the same thread count: OpenMP for libnd4j/oneDNN/OpenBLAS here, torch.set_num_threads there.
export OMP_NUM_THREADS=$threads
# shellcheck disable=SC2086
java --add-modules jdk.incubator.vector -Xmx4g ${JAVA_OPTS:-} -cp "target/pernodedrop-lab.jar:target/lib/*" \
  org.pernodedrop.lab.Main bench --batch 128 --din 3136 --dout 128 --rounds "$rounds" \
  --peer "$python src/scripts/peer_pytorch.py --serve --threads $threads --batch 128 --p 0.5" "$@"
