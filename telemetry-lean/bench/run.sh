#!/usr/bin/env bash
# Benchmarks of the Lean backend's process supervision (see telemetry-lean/README.md, "What a run costs").
# Usage: telemetry-lean/bench/run.sh [overhead|kill|memory|cpu|monitoring|all]
# Needs GNU time at /usr/bin/time for the memory and CPU references (Debian: apt-get install -y time).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -o -q -pl telemetry-lean -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
classpath="telemetry-lean/target/test-classes:telemetry-lean/target/classes:telemetry-api/target/classes"
classpath="$classpath:telemetry-tck/target/classes:$(cat "$cp_file")"
exec java -Xmx512m -cp "$classpath" \
    -Dfake.lean.binary="$root/telemetry-lean/target/fake-lean/fake-lean" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    io.github.noisecal.telemetry.lean.bench.LeanSupervisorBench "${1:-all}"
