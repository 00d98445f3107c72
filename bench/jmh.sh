#!/usr/bin/env bash
# Runs calibration-core's JMH benchmarks (test sources) matching a regex.
# Usage: bench/jmh.sh REGEX [JMH options...]   e.g. bench/jmh.sh 'SamplingThroughput' -f 1 -wi 2 -i 4
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bench/core-test-classpath.sh
regex="$1"
shift
exec java -cp "$classpath" org.openjdk.jmh.Main "$regex" "$@"
