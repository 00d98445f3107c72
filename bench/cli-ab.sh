#!/usr/bin/env bash
# Whole `./noisecal calibrate` processes of two checkouts in turns (A, B, A, B, ...), so that both see the same load
# on a shared machine: the median and min wall time of each, the load average before each run, and whether the two
# model files are identical but for the run's clock and load (created_at, load_average).
# Usage: bench/cli-ab.sh ROOT_A ROOT_B [runs] [n] [extra calibrate options...]
#   e.g. bench/cli-ab.sh /tmp/base . 7 1000000 --bootstrap 0
# Each ROOT is a checkout whose ./noisecal launcher (jar and class-data archive) is already built.
set -euo pipefail
a="$(cd "${1:?usage: cli-ab.sh ROOT_A ROOT_B [runs] [n] [options...]}" && pwd)"
b="$(cd "${2:?usage: cli-ab.sh ROOT_A ROOT_B [runs] [n] [options...]}" && pwd)"
runs="${3:-7}"
n="${4:-10000}"
shift $(( $# < 4 ? $# : 4 ))
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$a/noisecal" --version > /dev/null
"$b/noisecal" --version > /dev/null

declare -A times loads
for ((i = 0; i < runs; i++)); do
  for side in A B; do
    root="$a"; [ "$side" = B ] && root="$b"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    start=$(date +%s%N)
    "$root/noisecal" calibrate --backend mock --tiers FAST BALANCED SLOW --n "$n" --seed 42 --workers 2 \
      --export "$out/$side.yaml" "$@" > /dev/null 2> "$out/$side.err" || { cat "$out/$side.err" >&2; exit 1; }
    end=$(date +%s%N)
    times[$side]+="$(( (end - start) / 1000000 )) "
    loads[$side]+="$load "
  done
done

summary() {
  local sorted=($(printf '%s\n' $1 | sort -n))
  echo "median ${sorted[$((${#sorted[@]} / 2))]} ms, min ${sorted[0]} ms"
}
echo "3 x $n${*:+, $*}, $runs runs each, alternating"
echo "  A $a: $(summary "${times[A]}") (${times[A]% }; load ${loads[A]% })"
echo "  B $b: $(summary "${times[B]}") (${times[B]% }; load ${loads[B]% })"
if diff <(grep -v -e '^  created_at:' -e '^  load_average:' "$out/A.yaml") \
        <(grep -v -e '^  created_at:' -e '^  load_average:' "$out/B.yaml") > /dev/null; then
  echo "  model files: identical but for created_at and load_average"
else
  echo "  model files: DIFFER (diff the last pair: rerun with one run and keep the files)"
fi
