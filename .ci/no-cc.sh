#!/usr/bin/env bash
# The build without a C compiler: a PATH holding every program of this machine's PATH except C compilers, a clean
# copy of the sources, and then what a user without cc does: `mvn -B verify` must pass (the native parts skipped
# with a one-line notice, the tests that run them skipped, not failed), the CLI jar must answer --version and run a
# small mock calibration, and `noisecal backends` must say that lean is unavailable and how to fix it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "no-cc: $*" >&2; exit 1; }

bin="$work/bin"
mkdir -p "$bin"
IFS=: read -r -a path_dirs <<< "$PATH"
for dir in "${path_dirs[@]}"; do
  [ -d "$dir" ] || continue
  for program in "$dir"/*; do
    name="${program##*/}"
    case "$name" in
      cc | *-cc | gcc | gcc-* | *-gcc | *-gcc-* | c89* | c99* | clang* | tcc | cpp | cpp-* | *-cpp | *-cpp-*) continue ;;
    esac
    [ -x "$program" ] && [ ! -e "$bin/$name" ] && ln -s "$program" "$bin/$name"
  done
done
if PATH="$bin" command -v cc gcc clang > /dev/null 2>&1; then
  fail "a C compiler is still on the reduced PATH"
fi

src="$work/src"
mkdir -p "$src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | xargs -0 tar cf - 2>/dev/null) | tar xf - -C "$src"

cd "$src"
PATH="$bin" mvn -B -Dstyle.color=never verify > "$work/build.log" 2>&1 || { tail -50 "$work/build.log" >&2; fail "mvn -B verify failed without a C compiler"; }
notices="$(grep -c 'noisecal: building without the native launcher' "$work/build.log" || true)"
[ "$notices" -eq 1 ] || fail "expected one notice about the skipped launcher, got $notices"
grep 'noisecal: building without the native launcher' "$work/build.log" | sed 's/^\[WARNING\] *\[echo\] /no-cc: the build said: /'
grep -q "no C compiler 'cc' was found on the PATH" "$work/build.log" || fail "the notice does not name the missing cc"
skipped="$(sed -n 's/.*Tests run: [0-9]*, Failures: 0, Errors: 0, Skipped: \([0-9]*\)$/\1/p' "$work/build.log" | awk '{ s += $1 } END { print s + 0 }')"
[ "$skipped" -gt 0 ] || fail "no test was skipped, yet the lean tests cannot have run"
echo "no-cc: mvn -B verify passed, $skipped tests skipped for want of the native parts"

jar="$src/examples/target/noisecal.jar"
version="$(PATH="$bin" java -jar "$jar" --version)" || fail "java -jar noisecal.jar --version failed"
case "$version" in noisecal\ *) ;; *) fail "unexpected --version output: $version" ;; esac

PATH="$bin" java -jar "$jar" calibrate --backend mock --tiers FAST --n 20 --bootstrap 0 --workers 2 \
  --export "$work/out/model.yaml" --raw "$work/out/raw.jsonl" > "$work/summary.txt" 2> "$work/calibrate.err" \
  || fail "the mock calibration failed without a C compiler"
grep -q "^Tier: FAST" "$work/summary.txt" || fail "the mock calibration printed no summary"
grep -q "calibrated_models" "$work/out/model.yaml" || fail "the mock calibration wrote no model"
[ "$(grep -c '"verification_id"' "$work/out/raw.jsonl")" -eq 20 ] \
  || fail "the mock calibration did not journal 20 records"

backends="$(PATH="$bin" java -jar "$jar" backends)" || fail "noisecal backends failed"
lean="$(printf '%s\n' "$backends" | grep '^lean' || true)"
case "$lean" in
  *unavailable*"install a C compiler and libc6-dev, then rebuild"*) ;;
  *) fail "noisecal backends does not say that lean is unavailable with the fix: $lean" ;;
esac
echo "no-cc: --version ($version), a mock calibration and 'backends' work; lean: ${lean:0:160}..."
