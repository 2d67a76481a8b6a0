#!/usr/bin/env bash
# CPU speed of local-inference on a generated ~100M-parameter model (F32 and Q8_0): prefill and decode tokens/s
# and decode's share of the memory bandwidth a copy loop reaches in the same run (CpuInferenceBenchmark).
#   bash benchmarks/run-local-inference.sh -Dthreads=2 -Dtypes=F32,Q8_0,Q4_0 -Dprompt=128 -Dsteps=64
# JAVA_HOME picks the JDK; MVN_FLAGS (default -o) is passed to Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn ${MVN_FLAGS--o} -q -B test-compile -pl local-inference
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" --add-modules jdk.incubator.vector -Xmx6g -XX:+UseParallelGC "$@" \
  -cp local-inference/target/classes:local-inference/target/test-classes \
  io.tollgate.inference.model.CpuInferenceBenchmark
