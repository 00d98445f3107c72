#!/usr/bin/env bash
# Sourced by the bench scripts: compiles calibration-core's test sources and sets $classpath to run them
# (test and main classes, telemetry-api, telemetry-mock and every test-scope dependency).
cp_file="$(mktemp)"
mvn -B -o -q -pl calibration-core -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test > /dev/null
classpath="calibration-core/target/test-classes:calibration-core/target/classes:telemetry-api/target/classes"
classpath="$classpath:telemetry-mock/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
