#!/usr/bin/env bash
# A third-party backend built as the README tells: the pom and the two test classes are taken from the README's
# "Writing a backend" section (so the README cannot drift from what works), the backend from .ci/tck-consumer.
# Built with the Maven on the PATH (3.8 here) against this build's telemetry-api and telemetry-tck jars, it must run
# every test of both kits, reported under the implementer's class names. A second build without the surefire pin
# must run none: the README's warning about Maven 3.8's default surefire.
# Needs the jars of `mvn package` (or verify) in telemetry-api/target and telemetry-tck/target.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "tck-consumer: $*" >&2; exit 1; }

version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -1)"
[ -n "$version" ] || fail "cannot read the project version from pom.xml"

# The noisecal artifacts a backend depends on, laid out as a Maven repository, in a local repository of its own:
# nothing is installed into ~/.m2, which other builds share.
repo="$work/repo"
put() { # groupId-path artifactId file extension
  local dir="$repo/io/github/noisecal/$1/$version"
  mkdir -p "$dir" && cp "$2" "$dir/$1-$version.$3"
}
put noisecal-parent "$root/pom.xml" pom
for module in telemetry-api telemetry-tck; do
  jar="$root/$module/target/$module-$version.jar"
  [ -f "$jar" ] || fail "$jar is missing: run mvn package first"
  put "$module" "$root/$module/pom.xml" pom
  put "$module" "$jar" jar
done
# Everything else (plugins, JUnit, AutoService) from the machine's Maven cache when it has them, else from Central.
cat > "$work/settings.xml" <<SETTINGS
<settings>
  <profiles>
    <profile>
      <id>machine-cache</id>
      <repositories>
        <repository><id>machine-cache</id><url>file://$HOME/.m2/repository</url><snapshots><enabled>false</enabled></snapshots></repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository><id>machine-cache</id><url>file://$HOME/.m2/repository</url><snapshots><enabled>false</enabled></snapshots></pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>machine-cache</activeProfile></activeProfiles>
</settings>
SETTINGS

# The README's section: its first xml block is the pom, its java blocks are the test classes.
section="$work/section.md"
awk '/^## Writing a backend/{on=1; next} /^## /{on=0} on' "$root/README.md" > "$section"
[ -s "$section" ] || fail "README.md has no '## Writing a backend' section"
project="$work/echo"
mkdir -p "$project/src/test/java/com/example/echo"
awk '/^```xml$/{n++; on=(n==1); next} /^```$/{on=0} on' "$section" > "$project/pom.xml"
grep -q '<artifactId>maven-surefire-plugin</artifactId>' "$project/pom.xml" || fail "the README's pom pins no surefire"
awk -v dir="$project/src/test/java/com/example/echo" '
  /^```java$/ {on=1; n++; file=sprintf("%s/Block%d.java", dir, n); next}
  /^```$/ {on=0; next}
  on {print > file}' "$section"
tests=0
for block in "$project"/src/test/java/com/example/echo/Block*.java; do
  class="$(sed -n 's/^class \([A-Za-z0-9_]*\) .*/\1/p' "$block" | head -1)"
  [ -n "$class" ] || fail "a Java block of the README's section declares no class"
  mv "$block" "$project/src/test/java/com/example/echo/$class.java"
  tests=$((tests + 1))
done
[ "$tests" -eq 2 ] || fail "expected the README's two test classes, found $tests"
cp -r "$root/.ci/tck-consumer/src/main" "$project/src/"

mvn_echo() { (cd "$project" && mvn -B -Dstyle.color=never -s "$work/settings.xml" -Dmaven.repo.local="$repo" "$@"); }
mvn_echo test > "$work/build.log" 2>&1 || { tail -60 "$work/build.log" >&2; fail "the README's backend does not build and pass"; }

kit_tests() { grep -c '^    @Test$' "$root/telemetry-tck/src/main/java/io/github/noisecal/telemetry/tck/$1.java"; }
backend_tests="$(kit_tests VerifierBackendCompatibilityKit)"
provider_tests="$(kit_tests VerifierBackendProviderCompatibilityKit)"
expected=$((backend_tests + provider_tests))
grep -q "^\[INFO\] Tests run: $expected, Failures: 0, Errors: 0, Skipped: 0$" "$work/build.log" \
  || { grep 'Tests run' "$work/build.log" >&2; fail "expected $expected kit tests to run and pass"; }
report() { # class, expected tests
  local xml="$project/target/surefire-reports/TEST-com.example.echo.$1.xml"
  [ -f "$xml" ] || fail "no surefire report for $1"
  local cases others
  cases="$(grep -c "<testcase " "$xml")"
  others="$(grep "<testcase " "$xml" | grep -vc "classname=\"com.example.echo.$1\"" || true)"
  [ "$cases" -eq "$2" ] && [ "$others" -eq 0 ] \
    || fail "$1's report has $cases test cases ($2 expected), $others under another class name"
}
report EchoBackendCompatibilityTest "$backend_tests"
report EchoBackendProviderCompatibilityTest "$provider_tests"
echo "tck-consumer: the README's backend ran all $expected kit tests ($backend_tests + $provider_tests) under its own" \
  "class names, with $(mvn -B -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"

# Without the pin, Maven 3.8's default surefire runs nothing: what the README warns about. The surefire <plugin>
# element is cut from the pom.
awk '{line[NR] = $0} /<artifactId>maven-surefire-plugin<\/artifactId>/ {at = NR}
  END {
    for (from = at; line[from] !~ /<plugin>/; from--) {}
    for (to = at; line[to] !~ /<\/plugin>/; to++) {}
    for (i = 1; i <= NR; i++) if (i < from || i > to) print line[i]
  }' "$project/pom.xml" > "$work/unpinned.xml"
mv "$work/unpinned.xml" "$project/pom.xml"
rm -rf "$project/target"
mvn_echo test > "$work/unpinned.log" 2>&1 || { tail -40 "$work/unpinned.log" >&2; fail "the unpinned build failed"; }
surefire="$(grep -o 'maven-surefire-plugin:[0-9.]*' "$work/unpinned.log" | head -1)"
if grep -Eq 'Tests run: [1-9]' "$work/unpinned.log"; then
  fail "without the surefire pin some tests ran ($surefire); the README's warning is out of date"
fi
echo "tck-consumer: without the pin, $surefire ran no test, as the README warns"
