#!/usr/bin/env bash
# Time to first chunk, no agent against Tollgate: openai-java createStreaming against the loopback
# server, three JVMs taking turns (no agent, no agent again as the control, Tollgate; TtftBenchmark).
# Same build and prerequisites as run-overhead.sh.
#   bash benchmarks/run-ttft.sh -DttftCycles=60 -DttftStreams=200 -Dwarmup=3000 -DwarmupSeconds=20
BENCH_MAIN=io.tollgate.benchmarks.TtftBenchmark exec bash "$(dirname "${BASH_SOURCE[0]}")/run-overhead.sh" "$@"
