#!/usr/bin/env bash
# Prints the coverage tables of README "The statistics": seeded simulations of the module-clustered intervals.
# Usage: bench/coverage.sh [REPLICATES]   (default 10000; the unit tests run the same cells with fewer)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -pl calibration-core -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test > /dev/null
classpath="calibration-core/target/test-classes:calibration-core/target/classes:telemetry-api/target/classes"
classpath="$classpath:$(cat "$cp_file")"
exec java -cp "$classpath" io.github.noisecal.calibration.stats.CoverageTable "${1:-10000}"
