#!/usr/bin/env bash
# One command for the end-to-end overhead benchmark: builds this module (which also copies the
# OpenTelemetry Java agent into target/agents and writes the runtime class path to
# target/workload.classpath), then runs the orchestrator on that class path. The orchestrator hands
# the same class path to each child JVM, so the three configurations differ only in -javaagent.
#
# Sizes are -D options, passed through:  bash benchmarks/run-overhead.sh -Dcycles=90 -DsliceCalls=400
# Prerequisite: the rest of the project installed (`mvn -q install -DskipTests` in the repository root),
# which builds agent/target/tollgate-agent.jar.
# BENCH_MAIN picks another orchestrator on the same class path (run-ttft.sh does).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

props=()
for arg in "$@"; do
  case "$arg" in
    -D*) props+=("$arg") ;;
    *) echo "usage: $0 [-Dcycles=N] [-DsliceCalls=N] [-DleadInCalls=N] [-Dthreads=N] [-DmtSliceCalls=N] [-Dstartups=N] [-Dwarmup=N] [-DwarmupSeconds=S] [-Dpin=false] [-DchildJvmArgs='...'] [-DttftCycles=N] [-DttftStreams=N]" >&2; exit 2 ;;
  esac
done

mvn -q -f "$here/pom.xml" -DskipTests package

exec java -Xmx512m \
  -Dtollgate.agent.jar="$root/agent/target/tollgate-agent.jar" \
  -Dotel.agent.jar="$here/target/agents/opentelemetry-javaagent.jar" \
  -Dbench.out="$here/target" \
  ${props[@]+"${props[@]}"} \
  -cp "$here/target/classes:$(cat "$here/target/workload.classpath")" \
  "${BENCH_MAIN:-io.tollgate.benchmarks.OverheadBenchmark}"
