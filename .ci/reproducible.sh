#!/usr/bin/env bash
# Reproducible jars: two clean package builds of the same sources, in two directories, must give byte-identical
# jars (every module's jar, sources and javadoc jars, and the CLI's shaded jar). project.build.outputTimestamp in
# the parent pom fixes the entries' times; this proves nothing else (paths, dates, ordering) leaks in.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for build in first second; do
  mkdir -p "$work/$build"
  # The tracked and new files as they are in the work tree, without build output.
  (cd "$root" && git ls-files -z --cached --others --exclude-standard | xargs -0 tar cf - 2>/dev/null) \
    | tar xf - -C "$work/$build"
  (cd "$work/$build" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2
done

cd "$work/first"
mapfile -t jars < <(find . -path '*/target/*.jar' -type f | sort)
if [ "${#jars[@]}" -eq 0 ]; then
  echo "reproducible: the build made no jars" >&2
  exit 1
fi
differ=0
for jar in "${jars[@]}"; do
  if ! cmp -s "$jar" "$work/second/$jar"; then
    echo "reproducible: ${jar#./} differs between two clean builds" >&2
    differ=1
  fi
done
extra="$(cd "$work/second" && find . -path '*/target/*.jar' -type f | sort | comm -13 <(printf '%s\n' "${jars[@]}") -)"
if [ -n "$extra" ]; then
  echo "reproducible: only the second build made $extra" >&2
  differ=1
fi
[ "$differ" -eq 0 ] || exit 1
echo "reproducible: ${#jars[@]} jars byte-identical across two clean builds"
