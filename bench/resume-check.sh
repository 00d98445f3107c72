#!/usr/bin/env bash
# Resume correctness: mock calibrations (3 x 600 samples, shared tier runs, 3 repeats: 600 runs of 5 ms each on 2
# workers) SIGKILLed KILLS times each, each time once the journal holds a random number of records, then resumed to
# the end; each final model is compared with an uninterrupted run's (everything but
# created_at, workers, available_cores, load_average, environment), and the journal must hold every sample once.
# Usage: bench/resume-check.sh [TRIALS] [KILLS] [JAR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trials=${1:-5}; kills=${2:-2}; jar=${3:-$root/examples/target/noisecal.jar}
[ -f "$jar" ] || (cd "$root" && mvn -B -q -DskipTests package -pl examples -am)
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
plan=(calibrate --n 600 --seed 11 --workers 2 --bootstrap 20 --tier-runs shared --repeats 3
      --backend-option delay_ms=5)
total_records=1800
run() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" "$@"; }
comparable() { grep -vE '^  (created_at|workers|available_cores|load_average):' "$1" | sed '/^  environment:/,/^  [a-z_]*:/{/^  environment:/d;/^    /d}'; }
run "${plan[@]}" --raw "$out/whole.jsonl" --export "$out/whole.yaml" > /dev/null 2>&1
records() { grep -c '"verification_id"' "$1" || true; }
for ((t = 1; t <= trials; t++)); do
  rm -f "$out/raw.jsonl" "$out/model.yaml"
  points=()
  for ((k = 0; k < kills; k++)); do
    java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" "${plan[@]}" --raw "$out/raw.jsonl" \
      --export "$out/model.yaml" --resume > /dev/null 2>&1 &
    pid=$!                             # the JVM itself, so that kill -9 hits it
    have=$( [ -f "$out/raw.jsonl" ] && records "$out/raw.jsonl" || echo 0)
    room=$(( total_records - have - 100 )); [ "$room" -lt 1 ] && room=1
    target=$(( have + 50 + RANDOM % room ))    # somewhere in what is left to run
    while kill -0 "$pid" 2>/dev/null; do
      [ -f "$out/raw.jsonl" ] && [ "$(records "$out/raw.jsonl")" -ge "$target" ] && break
      sleep 0.005
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    points+=("$( [ -f "$out/raw.jsonl" ] && records "$out/raw.jsonl" || echo 0)")
  done
  run "${plan[@]}" --raw "$out/raw.jsonl" --export "$out/model.yaml" --resume > /dev/null 2>&1
  total=$(records "$out/raw.jsonl"); unique=$(grep -o '"verification_id":"[^"]*"' "$out/raw.jsonl" | sort -u | wc -l)
  if diff <(comparable "$out/whole.yaml") <(comparable "$out/model.yaml") > /dev/null && [ "$total" = "$total_records" ] \
     && [ "$unique" = "$total_records" ]; then verdict="model equal"; else verdict="DIFFERENT"; fi
  echo "trial $t: killed at ${points[*]} of $total_records records journaled; resumed: $total records ($unique distinct), $verdict"
done
