#!/usr/bin/env bash
# CPU speed of local-inference on a generated 125M-parameter model (GPT-2 small sized) (F32 and Q8_0): prefill and decode tokens/s
# and decode's share of the memory bandwidth a copy loop reaches in the same run (CpuInferenceBenchmark).
#   bash benchmarks/run-local-inference.sh -Dthreads=2 -Dtypes=F32,Q8_0,Q4_0 -Dprompt=128 -Dsteps=64
#   bash benchmarks/run-local-inference.sh --cuda [-Dtypes=F32,Q8_0 -Dsteps=64]
# --cuda runs CudaInferenceBenchmark instead: decode tok/s at batch 1 and 8 on the GPU and the fraction of its
# memory-bandwidth roofline; without a usable GPU it prints why and exits 0.
# JAVA_HOME picks the JDK; MVN_FLAGS (default -o) is passed to Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn ${MVN_FLAGS--o} -q -B test-compile -pl local-inference
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ "${1:-}" == "--cuda" ]]; then
  shift
  deps=local-inference/target/benchmark.classpath
  mvn ${MVN_FLAGS--o} -q -B dependency:build-classpath -pl local-inference -Dmdep.outputFile="$PWD/$deps"
  # JDK 24+ asks for native access to be granted to JCuda (class path: the unnamed module)
  native=$("$JAVA" --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1 && echo --enable-native-access=ALL-UNNAMED || true)
  exec "$JAVA" $native -Xmx6g "$@" \
    -cp "local-inference/target/classes:local-inference/target/test-classes:$(cat "$deps")" \
    io.tollgate.inference.cuda.CudaInferenceBenchmark
fi
exec "$JAVA" --add-modules jdk.incubator.vector -Xmx6g -XX:+UseParallelGC "$@" \
  -cp local-inference/target/classes:local-inference/target/test-classes \
  io.tollgate.inference.model.CpuInferenceBenchmark
