#!/usr/bin/env bash
# Times whole `./noisecal calibrate` processes (launcher, JVM start, calibration, YAML export) with the mock backend.
# Usage: bench/cli-wall-time.sh [runs] [extra calibrate options...]
#   prints the median and min wall time for each sample count, e.g. bench/cli-wall-time.sh 5 --bootstrap 0
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
shift || true
"$root/noisecal" --version > /dev/null   # builds the jar and its class-data archive when needed
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

for n in 10000 1000000; do
  times=()
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$root/noisecal" calibrate --backend mock --tiers FAST BALANCED SLOW --n "$n" --seed 42 --workers 2 \
      --export "$out/model.yaml" "$@" > /dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  echo "3 x $n samples, YAML export${*:+, $*}: median ${sorted[$((runs / 2))]} ms, min ${sorted[0]} ms over $runs runs (${times[*]})"
done
