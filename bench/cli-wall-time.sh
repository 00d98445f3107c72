#!/usr/bin/env bash
# Times whole `noisecal calibrate` processes (JVM start, calibration, YAML export) with the mock backend.
# Usage: bench/cli-wall-time.sh [runs]   -- prints the median and min wall time for each sample count.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
jar="$root/examples/target/noisecal.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -DskipTests package -pl examples -am)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

for n in 10000 1000000; do
  times=()
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    java -jar "$jar" calibrate --backend mock --tiers FAST BALANCED SLOW --n "$n" --seed 42 --workers 2 \
      --export "$out/model.yaml" > /dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  echo "3 x $n samples, YAML export: median ${sorted[$((runs / 2))]} ms, min ${sorted[0]} ms over $runs runs (${times[*]})"
done
