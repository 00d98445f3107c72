#!/usr/bin/env bash
# Times whole `./noisecal report` processes for a 3-tier x 10,000-sample mock calibration, with and without its raw
# telemetry, against `./noisecal --version` (launcher and JVM start alone): once with every module run once, once
# with 2,500 modules run 4 times each (repeatability figures, clustered intervals).
# Usage: bench/report-wall-time.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
"$root/noisecal" --version > /dev/null   # builds the jar and its class-data archive when needed
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$root/noisecal" calibrate --backend mock --tiers FAST BALANCED SLOW --n 10000 --seed 42 --workers 2 \
  --export "$out/model.yaml" --raw "$out/raw.jsonl" > /dev/null 2>&1
"$root/noisecal" calibrate --backend mock --tiers FAST BALANCED SLOW --n 10000 --repeats 4 --seed 42 --workers 2 \
  --export "$out/repeats.yaml" --raw "$out/repeats.jsonl" > /dev/null 2>&1

time_runs() {
  local label="$1"
  shift
  local times=()
  for ((i = 0; i < runs; i++)); do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  local sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  echo "$label: median ${sorted[$((runs / 2))]} ms, min ${sorted[0]} ms over $runs runs (${times[*]})"
}

time_runs "noisecal --version (JVM start)" "$root/noisecal" --version
time_runs "report, 3 x 10,000, model only" "$root/noisecal" report --model "$out/model.yaml" \
  --target-timeout-rate 0.05 --out "$out/report.html" --force
time_runs "report, 3 x 10,000, model + 30,000 raw records" "$root/noisecal" report --model "$out/model.yaml" \
  --raw "$out/raw.jsonl" --target-timeout-rate 0.05 --out "$out/report.html" --force
echo "report size with raw telemetry: $(wc -c < "$out/report.html") bytes, $(grep -o '<figure ' "$out/report.html" | wc -l) figures"
time_runs "report, 3 x 10,000 (2,500 modules x 4), model only" "$root/noisecal" report --model "$out/repeats.yaml" \
  --target-timeout-rate 0.05 --out "$out/report.html" --force
time_runs "report, 3 x 10,000 (2,500 modules x 4), model + 30,000 raw records" "$root/noisecal" report \
  --model "$out/repeats.yaml" --raw "$out/repeats.jsonl" --target-timeout-rate 0.05 --out "$out/report.html" --force
echo "report size with raw telemetry: $(wc -c < "$out/report.html") bytes, $(grep -o '<figure ' "$out/report.html" | wc -l) figures"
