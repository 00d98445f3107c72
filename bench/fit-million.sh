#!/usr/bin/env bash
# Times `noisecal fit` on a journal of 10^6 records (3 tiers x 333,334 mock samples) with the heap capped at 1 GiB:
# wall time and peak resident memory from GNU time (apt-get install time). The journal is made once, in DIR.
# Usage: bench/fit-million.sh [DIR] [JAR]     e.g. bench/fit-million.sh /tmp/fit-bench examples/target/noisecal.jar
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-/tmp/noisecal-fit-bench}"
jar="${2:-$root/examples/target/noisecal.jar}"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -DskipTests package -pl examples -am)
mkdir -p "$dir"
java=(java -XX:+UseSerialGC ${JIT:--XX:TieredStopAtLevel=1})
if [ ! -f "$dir/million.jsonl" ]; then
  "${java[@]}" -jar "$jar" calibrate --n 333334 --seed 42 --workers 2 --raw "$dir/million.jsonl" > /dev/null 2>&1
fi
echo "journal: $(grep -c '"verification_id"' "$dir/million.jsonl") records, $(du -h "$dir/million.jsonl" | cut -f1)"
for i in 1 2 3; do
  /usr/bin/time -f "%e s wall, %M KiB peak RSS, %U s user, %S s sys" -o "$dir/time" \
    "${java[@]}" -Xmx1g -jar "$jar" fit --raw "$dir/million.jsonl" --export "$dir/model.yaml" > /dev/null
  echo "fit -Xmx1g, run $i: $(cat "$dir/time"); load $(cut -d' ' -f1 /proc/loadavg)"
done
