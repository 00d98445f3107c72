#!/usr/bin/env bash
# The mock engine with --raw, two jars alternating (so both see the same machine load): wall and CPU time from GNU
# time, and the sampling throughput from the CLI's own "calibrated N samples in T s (R samples/s)" line.
# Usage: bench/journal-ab.sh BASE_JAR NEW_JAR [N] [RUNS]
#   e.g. bench/journal-ab.sh /tmp/base/examples/target/noisecal.jar examples/target/noisecal.jar 1000000 3
set -euo pipefail
base=${1:?usage: journal-ab.sh BASE_JAR NEW_JAR [N] [RUNS]}
new=${2:?usage: journal-ab.sh BASE_JAR NEW_JAR [N] [RUNS]}
n=${3:-1000000}; runs=${4:-3}
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for ((i = 0; i < runs; i++)); do
  for side in base new; do
    jar=$base; [ "$side" = new ] && jar=$new
    rm -f "$out"/*
    /usr/bin/time -f "%e %U %S" -o "$out/time" java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" \
      calibrate --n "$n" --seed 42 --workers 2 --bootstrap 0 --raw "$out/raw.jsonl" --export "$out/m.yaml" \
      > /dev/null 2> "$out/err"
    read -r wall user sys < "$out/time"
    echo "$side: wall ${wall}s, cpu $(echo "$user + $sys" | bc)s; $(grep -o 'calibrated.*' "$out/err");" \
      "load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
