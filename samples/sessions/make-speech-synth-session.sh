#!/bin/sh
# Rebuilds speech-synth-sweep.pndlab.json, the replication sweep of docs/replication.md on speech-synth:
# 9 variants x rates 0.2, 0.4, 0.6 x 5 seeds ('none' once per seed: 125 runs) over the base config
# speech-synth-sweep.config.json, then the report (docs/replication/speech-synth/) and the session.
# Needs the data (samples/make-speech-synth.sh (espeak-ng, flite, sox)) and `mvn -o -q -DskipTests package` first. Run from the repository root.
# The shipped session was made at commit 5fbc9e0, where seeds 2-5 reused seed 1's data split; since
# 0a61506 every seed gets its own split, so a rerun gives numbers of the same kind, not the same numbers.
# Wall and CPU time of the shipped sweep: see speech-synth-sweep.txt.
set -e
OUT=${1:-/tmp/pndlab-speech-synth-sweep}
CP="target/pernodedrop-lab.jar:target/lib/*"
# one OpenMP thread: for these small networks it is about twice as fast as two (measured)
OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp "$CP" org.pernodedrop.lab.Main sweep \
  --config samples/sessions/speech-synth-sweep.config.json \
  --variants none,dropout,gaussian-dropout,dropconnect,pernode-bernoulli,pernode-gaussian,pernode-bernoulli-fixed,pernode-gaussian-fixed,masksembles \
  --rates 0.2,0.4,0.6 --seeds 5 --out "$OUT"
java --add-modules jdk.incubator.vector -cp "$CP" org.pernodedrop.lab.Main report "$OUT"
java --add-modules jdk.incubator.vector -cp "$CP" samples/sessions/MakeSession.java "$OUT" \
  samples/sessions/speech-synth-sweep.pndlab.json "speech-synth replication sweep: 9 variants x 3 drop rates x 5 seeds" \
  samples/sessions/speech-synth-sweep.txt
