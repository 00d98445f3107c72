#!/usr/bin/env bash
# Prints the coverage tables of README "The statistics": seeded simulations of the module-clustered intervals.
# Usage: bench/coverage.sh [REPLICATES]   (default 10000; the unit tests run the same cells with fewer)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
exec bench/stats.sh io.github.noisecal.calibration.stats.CoverageTable "${1:-10000}"
