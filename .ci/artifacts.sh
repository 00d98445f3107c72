#!/usr/bin/env bash
# What Maven Central and JPMS users need of the artifacts of `mvn package`: every library jar with its sources and
# javadoc jars and an Automatic-Module-Name under io.github.noisecal that the JDK accepts, every pom with a name and description,
# the parent's url, licenses, scm and developers, a BOM that names every library module, and OSHI in the CLI jar.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
fail() { echo "artifacts: $*" >&2; exit 1; }
version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)"
modules="$(sed -n 's:^    <module>\(.*\)</module>$:\1:p' pom.xml)"

[ -f LICENSE ] && grep -q "Apache License" LICENSE && grep -q "Version 2.0, January 2004" LICENSE \
  || fail "LICENSE is not the Apache License 2.0"
for element in url licenses scm developers; do
  grep -q "<$element" pom.xml || fail "the parent pom has no <$element>"
  grep -q "<$element" noisecal-bom/pom.xml || fail "noisecal-bom/pom.xml has no <$element>"
done

libraries=()
for module in $modules; do
  for element in name description; do
    grep -q "^  <$element>" "$module/pom.xml" || fail "$module/pom.xml has no <$element>"
  done
  grep -q '<packaging>pom</packaging>' "$module/pom.xml" && continue
  [ "$module" = examples ] || libraries+=("$module")
  for kind in "" -sources -javadoc; do
    [ -f "$module/target/$module-$version$kind.jar" ] || fail "$module has no $module-$version$kind.jar"
  done
  jar="$module/target/$module-$version.jar"
  # The JDK names an automatic module after the manifest's Automatic-Module-Name, else after the file name.
  name="$(jar --describe-module --file "$jar" 2>&1 | sed -n 's/^\([^ ]*\)@[^ ]* automatic$/\1/p')"
  case "$name" in io.github.noisecal.*) ;; *) fail "$jar has no valid Automatic-Module-Name under io.github.noisecal (the JDK derives '$name')" ;; esac
  echo "artifacts: $module: $name, with sources and javadoc jars"
done

managed="$(sed -n 's:.*<artifactId>\([a-z-]*\)</artifactId><version>${project.version}</version>.*:\1:p' noisecal-bom/pom.xml | sort)"
[ "$managed" = "$(printf '%s\n' "${libraries[@]}" | sort)" ] \
  || fail "noisecal-bom manages [$(echo $managed)], the library modules are [${libraries[*]}]"
grep -q "^  <version>$version</version>$" noisecal-bom/pom.xml || fail "noisecal-bom's version is not $version"

entries="$(jar tf examples/target/noisecal.jar)"
grep -qx "oshi/SystemInfo.class" <<< "$entries" || fail "the CLI jar does not ship OSHI"
echo "artifacts: noisecal-bom manages all ${#libraries[@]} library modules; the CLI jar ships OSHI"
