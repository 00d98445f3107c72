#!/usr/bin/env bash
# Runs one of calibration-core's statistics benchmarks: a main class in the test sources, by simple name for the
# bench package or fully qualified.
# Usage: bench/stats.sh CLASS [args...]   e.g. bench/stats.sh KsResolutionBench 400 200
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -o -q -pl calibration-core -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test > /dev/null
classpath="calibration-core/target/test-classes:calibration-core/target/classes:telemetry-api/target/classes"
classpath="$classpath:telemetry-mock/target/classes:$(cat "$cp_file")"
class="$1"
shift
case "$class" in *.*) ;; *) class="io.github.noisecal.calibration.bench.$class" ;; esac
exec java -cp "$classpath" "$class" "$@"
