#!/usr/bin/env bash
# Runs one of calibration-core's statistics benchmarks: a main class in the test sources, by simple name for the
# bench package or fully qualified.
# Usage: bench/stats.sh CLASS [args...]   e.g. bench/stats.sh KsResolutionBench 400 200
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bench/core-test-classpath.sh
class="$1"
shift
case "$class" in *.*) ;; *) class="io.github.noisecal.calibration.bench.$class" ;; esac
exec java -cp "$classpath" "$class" "$@"
