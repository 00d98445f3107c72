#!/usr/bin/env bash
# Shared vs independent tier runs on the fake lean, whose run time depends only on the module: Lean runs and wall
# time of each strategy, and their ratio. Usage: bench/shared-tier-runs.sh [modules] [workers]
# Needs the CLI jar and the fake lean: mvn -B -q -DskipTests package -pl examples -am && mvn -B -q test-compile -pl telemetry-lean
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
modules=${1:-40}
workers=${2:-2}
jar="$root/examples/target/noisecal.jar"
lean="$root/telemetry-lean/target/fake-lean/fake-lean"
[ -f "$jar" ] && [ -x "$lean" ] || { echo "build first: see the usage line" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/project/Bench"
: > "$work/modules.txt"
for i in $(seq 0 $((modules - 1))); do
  # Module i sleeps a fixed, heavy-tailed time: 50 ms x 1.12^i (0.05 s to several seconds).
  ms=$(awk -v i="$i" 'BEGIN { printf "%d", 50 * 1.12 ^ i }')
  printf -- '-- fake: sleep %s\n' "$ms" > "$work/project/Bench/M$i.lean"
  echo "Bench.M$i" >> "$work/modules.txt"
done
for strategy in independent shared; do
  start=$(date +%s.%N)
  java -jar "$jar" calibrate --backend lean --lean "$lean" --lean-project "$work/project" --modules "$work/modules.txt" \
    --tiers FAST BALANCED SLOW --budget FAST=0.3s --budget BALANCED=0.6s --budget SLOW=1.2s --n "$modules" \
    --workers "$workers" --bootstrap 0 --tier-runs "$strategy" --raw "$work/$strategy.jsonl" > /dev/null 2>&1
  end=$(date +%s.%N)
  records=$(wc -l < "$work/$strategy.jsonl")
  runs=$(grep -vc '"derived_from"' "$work/$strategy.jsonl" || true)
  printf '%-12s %4d records from %4d Lean runs in %6.2f s\n' "$strategy" "$records" "$runs" "$(echo "$end - $start" | bc)"
  echo "$runs $(echo "$end - $start" | bc)" > "$work/$strategy.result"
done
read -r ir iw < "$work/independent.result"
read -r sr sw < "$work/shared.result"
printf 'ratio (independent / shared): %.2f x the Lean runs, %.2f x the wall time\n' \
  "$(echo "$ir / $sr" | bc -l)" "$(echo "$iw / $sw" | bc -l)"
