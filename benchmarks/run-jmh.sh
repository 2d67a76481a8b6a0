#!/usr/bin/env bash
# JMH microbenchmarks (module benchmarks/jmh): builds the module and what it needs in the reactor (no
# install), then runs JMH and prints its table; results also go to benchmarks/target/jmh-results.txt.
# Arguments go to JMH: a regex picks benchmarks (default: all), e.g.  bash benchmarks/run-jmh.sh StreamTee -f 2
# Add -o to MVN_ARGS to build offline:  MVN_ARGS=-o bash benchmarks/run-jmh.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
mvn -q -B ${MVN_ARGS:-} -f "$root/pom.xml" -pl benchmarks/jmh -am -DskipTests package
mkdir -p "$here/target"
exec java -cp "$here/jmh/target/classes:$(cat "$here/jmh/target/jmh.classpath")" org.openjdk.jmh.Main \
  -rf text -rff "$here/target/jmh-results.txt" "$@"
