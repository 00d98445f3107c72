#!/usr/bin/env bash
# A one-node Slurm cluster on localhost, to try the scripts of this directory (and to test them for real).
# Debian packages: apt-get install --no-install-recommends slurmctld slurmd slurm-client munge. Needs root; no
# systemd: munged, slurmctld and slurmd run in the foreground of their own sessions, with everything (config, state,
# logs) in DIR, and the munge socket in a fresh directory under /tmp (munged wants every directory on the way to its
# socket open to all, which a private DIR such as mktemp's is not).
#
#   examples/slurm/local-cluster.sh start DIR   # prints the SLURM_CONF to export, waits until the node is idle
#   examples/slurm/local-cluster.sh stop DIR    # ends the daemons it started (by their recorded PIDs)
#
# CTLD_PORT and SLURMD_PORT choose the ports (default 6817, 6818).
set -euo pipefail
PATH=$PATH:/usr/sbin:/sbin
action=${1:?usage: local-cluster.sh start|stop DIR}
W=${2:?usage: local-cluster.sh start|stop DIR}

stop() {
  set +e
  [ -f "$W/slurm.conf" ] && SLURM_CONF="$W/slurm.conf" scontrol shutdown >/dev/null 2>&1
  for name in slurmd slurmctld munged; do
    [ -f "$W/$name.started" ] || continue
    pid=$(cat "$W/$name.started")
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; [ "$name" = munged ] && kill "$pid"; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    rm -f "$W/$name.started"
  done
  if [ -f "$W/munge-dir" ]; then rm -rf "$(cat "$W/munge-dir")"; rm -f "$W/munge-dir"; fi
  return 0
}

if [ "$action" = stop ]; then
  stop
  exit 0
fi
[ "$action" = start ] || { echo "usage: local-cluster.sh start|stop DIR" >&2; exit 2; }
for tool in munged mungekey slurmctld slurmd sbatch squeue sinfo scontrol; do
  command -v "$tool" >/dev/null || { echo "local-cluster.sh: $tool is not installed" >&2; exit 3; }
done
CTLD_PORT=${CTLD_PORT:-6817}
SLURMD_PORT=${SLURMD_PORT:-6818}
mkdir -p "$W"/{state,spool,log}
M=$(mktemp -d /tmp/noisecal-munge.XXXXXX)
chmod 755 "$M"
echo "$M" >"$W/munge-dir"
trap 'rc=$?; if [ $rc -ne 0 ]; then tail -n 20 "$W"/log/*.log >&2 2>/dev/null; stop; fi' EXIT

# Each daemon in its own session, so that the caller's signals and exit do not reach it.
daemon() {
  local name=$1; shift
  setsid "$@" </dev/null >"$W/log/$name.out" 2>&1 &
  echo $! >"$W/$name.started"
}

mungekey -c -f -k "$M/munge.key"
daemon munged munged -F --socket="$M/sock" --key-file="$M/munge.key" --pid-file="$M/pid" \
  --log-file="$W/log/munged.log" --seed-file="$M/seed"
for _ in $(seq 100); do [ -S "$M/sock" ] && break; sleep 0.1; done
munge -S "$M/sock" -n | unmunge -S "$M/sock" >/dev/null

cat >"$W/slurm.conf" <<CONF
ClusterName=local
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$M/sock
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
ReturnToService=2
MailProg=/bin/true
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
NodeName=localnode NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=localnode Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$W/slurm.conf
daemon slurmctld slurmctld -D -f "$SLURM_CONF"
daemon slurmd slurmd -D -N localnode -f "$SLURM_CONF"
for _ in $(seq 300); do
  [ "$(sinfo -h -n localnode -o %T 2>/dev/null)" = idle ] && break
  sleep 0.2
done
[ "$(sinfo -h -n localnode -o %T)" = idle ] || { echo "local-cluster.sh: the node did not come up" >&2; exit 4; }
trap - EXIT
echo "SLURM_CONF=$SLURM_CONF"
