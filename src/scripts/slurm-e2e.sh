#!/usr/bin/env bash
# End-to-end test of the Slurm path (issue 16), on one machine: start munged and a single-node Slurm (slurmctld and
# slurmd on localhost, from a generated slurm.conf), plan a small sweep, write its sbatch array script with
# 'sweep slurm', submit it, wait for every array task, 'sweep merge', and check that runs.csv equals the file of the
# same sweep run locally in one process (every column but the wall-clock epoch_seconds).
#
# Needs: root, Debian's slurm-wlm and munge (apt-get install -y slurm-wlm munge), a built target/pernodedrop-lab.jar.
# Prints the end-to-end time (plan to merged file) at the end. Stops only the daemons it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR="$PWD/target/pernodedrop-lab.jar"
[ -f "$JAR" ] || { echo "error: $JAR is missing; build first (mvn -B -q -DskipTests package)" >&2; exit 2; }
for t in munged slurmctld slurmd sbatch squeue sinfo; do
  command -v "$t" >/dev/null || { echo "error: $t not found; apt-get install -y slurm-wlm munge" >&2; exit 2; }
done

WORK="$(mktemp -d /tmp/slurm-e2e.XXXXXX)"
chmod 755 "$WORK" # munged runs as munge and must reach its folder inside
HOST="$(hostname -s)"
CPUS="$(nproc)"
mkdir -p "$WORK/state" "$WORK/spool" "$WORK/log" "$WORK/munge"
export SLURM_CONF="$WORK/slurm.conf"
# One node, no accounting, no cgroups (containers rarely delegate them): linuxproc tracks the tasks' processes.
cat > "$SLURM_CONF" <<CONF
ClusterName=pndlab
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=1000 State=UNKNOWN
PartitionName=lab Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF

# munged with its own socket and pid file, so a munged already running here is left alone
MUNGE_SOCKET="$WORK/munge/munge.socket"
chown munge:munge "$WORK/munge"
runuser -u munge -- /usr/sbin/munged --socket="$MUNGE_SOCKET" --pid-file="$WORK/munge/munged.pid" \
  --log-file="$WORK/munge/munged.log" --seed-file="$WORK/munge/munged.seed"
echo "AuthInfo=socket=$MUNGE_SOCKET" >> "$SLURM_CONF"

OK=0
cleanup() {
  for p in "$WORK/slurmd.pid" "$WORK/slurmctld.pid" "$WORK/munge/munged.pid"; do
    [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true
  done
  # keep the folder (logs, files) when the test failed
  if [ "$OK" = 1 ]; then sleep 1; rm -rf "$WORK"; fi
}
trap cleanup EXIT

/usr/sbin/slurmctld -f "$SLURM_CONF"
/usr/sbin/slurmd -f "$SLURM_CONF" -N "$HOST"
for _ in $(seq 60); do
  if sinfo -h -N -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then break; fi
  sleep 1
done
sinfo -N -o '%N %t %c' || true
sinfo -h -N -o '%t' | grep -qE '^(idle|mix|alloc)' || {
  echo "error: the Slurm node did not come up; logs in $WORK/log" >&2; tail -20 "$WORK"/log/*.log >&2; exit 1; }

LAB=(java --add-modules jdk.incubator.vector -jar "$JAR")
GRID=(--dataset moons --variants dropout,pernode-bernoulli --rates 0.2,0.5 --units 8 --seeds 1 --epochs 3)
export OMP_NUM_THREADS=1
START=$(date +%s%N)
"${LAB[@]}" sweep plan "${GRID[@]}" --out "$WORK/cluster" 2>/dev/null
"${LAB[@]}" sweep slurm --dir "$WORK/cluster" --job-name pndlab-e2e --cpus-per-task 1 \
  --launcher "java --add-modules jdk.incubator.vector -jar $JAR" 2>/dev/null
# --wait: sbatch returns when every array task has ended, with a non-zero code if any failed
sbatch --wait --parsable "$WORK/cluster/slurm/sweep.sbatch"
"${LAB[@]}" sweep merge --dir "$WORK/cluster" 2>/dev/null
END=$(date +%s%N)

"${LAB[@]}" sweep "${GRID[@]}" --calibration-steps 1 --out "$WORK/local" 2>/dev/null >/dev/null
# every column but epoch_seconds (13th)
cut -d, -f1-12,14 "$WORK/cluster/runs.csv" > "$WORK/cluster.cut"
cut -d, -f1-12,14 "$WORK/local/runs.csv" > "$WORK/local.cut"
rows=$(($(wc -l < "$WORK/local.cut") - 1))
if ! diff "$WORK/local.cut" "$WORK/cluster.cut"; then
  echo "error: the Slurm sweep's runs.csv differs from the local sweep's (files in $WORK)" >&2
  exit 1
fi
[ "$rows" -eq 12 ] || { echo "error: expected 12 rows (4 cells x 3 epochs), found $rows" >&2; exit 1; }
ls "$WORK"/cluster/slurm/*.out >/dev/null
ms=$(( (END - START) / 1000000 ))
printf 'slurm-e2e: OK - 4 array tasks, %d rows equal to the local sweep; plan to merged runs.csv in %d.%d s\n' \
  "$rows" $((ms / 1000)) $((ms % 1000 / 100))
OK=1
