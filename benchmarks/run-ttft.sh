#!/usr/bin/env bash
# Time to first chunk, no agent against Tollgate: openai-java createStreaming against the loopback
# server, two JVMs taking turns (TtftBenchmark). Same build and prerequisites as run-overhead.sh.
#   bash benchmarks/run-ttft.sh -DttftCycles=40 -DttftStreams=100 -Dwarmup=3000 -DwarmupSeconds=20
BENCH_MAIN=io.tollgate.benchmarks.TtftBenchmark exec bash "$(dirname "${BASH_SOURCE[0]}")/run-overhead.sh" "$@"
