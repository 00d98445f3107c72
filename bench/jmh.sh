#!/usr/bin/env bash
# Runs calibration-core's JMH benchmarks (test sources) matching a regex.
# Usage: bench/jmh.sh REGEX [JMH options...]   e.g. bench/jmh.sh 'SamplingThroughput' -f 1 -wi 2 -i 4
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -pl calibration-core -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test > /dev/null
classpath="calibration-core/target/test-classes:calibration-core/target/classes:telemetry-api/target/classes"
classpath="$classpath:telemetry-mock/target/classes:$(cat "$cp_file")"
regex="$1"
shift
exec java -cp "$classpath" org.openjdk.jmh.Main "$regex" "$@"
