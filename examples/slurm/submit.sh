#!/usr/bin/env bash
# Submits a calibration spread over Slurm: an array of SHARDS tasks, each one shard of the plan into its own journal
# in JOURNALS (a directory every node can write), and a merge job that runs only if every task succeeded
# (--dependency=afterok, --kill-on-invalid-dep=yes so that a failed shard cancels it instead of leaving it pending).
#
#   examples/slurm/submit.sh SHARDS JOURNALS MODEL [sbatch options... --] calibrate options...
#   examples/slurm/submit.sh 16 /shared/run1 /shared/run1/model.yaml --partition=cpu --cpus-per-task=4 -- \
#       --backend lean --lean-project /shared/mathlib4 --lake lake --modules modules.txt --n 10000 --workers 4
#
# Prints the two job ids: the array's and the merge's. A failed shard is rerun with the same array index
# (scontrol requeue, or sbatch --array=I), which resumes its journal; then submit the merge again (merge.sbatch).
set -euo pipefail
shards=${1:?usage: submit.sh SHARDS JOURNALS MODEL [sbatch options... --] calibrate options...}
journals=${2:?usage: submit.sh SHARDS JOURNALS MODEL [sbatch options... --] calibrate options...}
model=${3:?usage: submit.sh SHARDS JOURNALS MODEL [sbatch options... --] calibrate options...}
shift 3
sbatch_options=()
if printf '%s\n' "$@" | grep -qx -- '--'; then
  while [ "$1" != -- ]; do sbatch_options+=("$1"); shift; done
  shift
fi
case "$shards" in '' | *[!0-9]* | 0) echo "submit.sh: SHARDS must be a positive number, got '$shards'" >&2; exit 2 ;; esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$journals"
journals=$(cd "$journals" && pwd)
array=$(sbatch --parsable "${sbatch_options[@]}" --array="0-$((shards - 1))" \
  --export="ALL,NOISECAL_JOURNALS=$journals" --output="$journals/shard-%a.log" \
  "$here/calibrate-shard.sbatch" "$@")
array=${array%%;*}
merge=$(sbatch --parsable "${sbatch_options[@]}" --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --export="ALL,NOISECAL_JOURNALS=$journals,NOISECAL_MODEL=$model" --output="$journals/merge.log" \
  "$here/merge.sbatch")
echo "$array ${merge%%;*}"
