#!/usr/bin/env bash
# CPU cost of the GPU sampler at 1 Hz and 10 Hz (GpuSamplerBenchmark), through whichever source the
# agent would use here: NVML on a GPU machine, else nvidia-smi on PATH.
#   bash benchmarks/run-gpu-probe.sh [-Dseconds=20]
# Without a GPU, FAKE_NVIDIA_SMI=<a recorded CSV> puts a stand-in nvidia-smi first on PATH that answers
# the query from that file and emulates the loop mode (gpu-probe/src/test/resources/nvidia-smi-stand-in.sh:
# a bash loop, whose CPU is not that of a real nvidia-smi), e.g.
#   FAKE_NVIDIA_SMI=gpu-probe/src/test/resources/nvidia-smi/linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load.csv bash benchmarks/run-gpu-probe.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

props=()
for arg in "$@"; do
  case "$arg" in
    -D*) props+=("$arg") ;;
    *) echo "usage: $0 [-Dseconds=N] [-Dgpu.nvml.library=NAME]" >&2; exit 2 ;;
  esac
done

# the reactor build, so that gpu-probe needs no install
mvn -q -f "$root/pom.xml" -pl benchmarks -am -DskipTests package

if [[ -n "${FAKE_NVIDIA_SMI:-}" ]]; then
  fake="$(mktemp -d)"
  trap 'rm -rf "$fake"' EXIT
  cp "$root/gpu-probe/src/test/resources/nvidia-smi-stand-in.sh" "$fake/nvidia-smi"
  cp "$FAKE_NVIDIA_SMI" "$fake/nvidia-smi.csv"
  chmod +x "$fake/nvidia-smi"
  export PATH="$fake:$PATH"
fi

java -Xmx256m ${props[@]+"${props[@]}"} \
  -cp "$here/target/classes:$(cat "$here/target/workload.classpath")" \
  io.tollgate.benchmarks.GpuSamplerBenchmark
