#!/usr/bin/env bash
# Stands in for nvidia-smi on machines without a GPU. Answers `--query-gpu=<fields> --format=csv[,noheader][,nounits]`
# from a real recorded `--format=csv` output kept beside it as `<this file>.csv`: the requested columns, in the
# requested order ([N/A] for a field the recording lacks, the row number for a missing index). With `-lms N` /
# `--loop-ms=N` (or `-l N` / `--loop=N` seconds) it prints the block, sleeps N, and again, until killed, like nvidia-smi's loop mode; the header, if asked
# for, once. Without a loop flag it prints once and exits. Only bash builtins run in the loop: no process per block.
set -u
recorded="$0.csv"
query="" format="csv" loop_ms=""
while (($#)); do
  case "$1" in
    --query-gpu=*) query="${1#*=}" ;;
    --format=*) format="${1#*=}" ;;
    -lms|--loop-ms) loop_ms="$2"; shift ;;
    --loop-ms=*) loop_ms="${1#*=}" ;;
    -l|--loop) loop_ms=$(($2 * 1000)); shift ;;
    --loop=*) loop_ms=$((${1#*=} * 1000)) ;;
    *) echo "stand-in nvidia-smi: unsupported argument: $1" >&2; exit 2 ;;
  esac
  shift
done
if [[ -z "$query" ]]; then
  echo "stand-in nvidia-smi: only --query-gpu is emulated" >&2
  exit 2
fi

output="$(awk -v query="$query" -v format="$format" '
  function trim(s) { gsub(/^[ \t\r]+|[ \t\r]+$/, "", s); return s }
  BEGIN { FS = ","; n = split(query, want, ","); noheader = format ~ /noheader/; nounits = format ~ /nounits/
          alias["gpu_name"] = "name"; alias["gpu_uuid"] = "uuid" }
  NR == 1 {
    for (i = 1; i <= NF; i++) {
      name = trim($i); unit = ""
      if (match(name, / \[[^]]*\]$/)) { unit = substr(name, RSTART); name = substr(name, 1, RSTART - 1) }
      column[name] = i; units[name] = unit
    }
    if (!noheader) {
      line = ""
      for (j = 1; j <= n; j++) {
        f = trim(want[j]); c = (f in alias) ? alias[f] : f
        line = line (j > 1 ? ", " : "") f (nounits ? "" : units[c])
      }
      print line
    }
    next
  }
  NF > 1 {
    line = ""
    for (j = 1; j <= n; j++) {
      f = trim(want[j]); c = (f in alias) ? alias[f] : f
      # a real nvidia-smi always knows the index; a recording that did not ask for it has its rows in index order
      v = (c in column) ? trim($(column[c])) : (c == "index" ? NR - 2 : "[N/A]")
      if (nounits && v ~ /^-?[0-9.]+ [A-Za-z%]+$/) { sub(/ .*/, "", v) }
      line = line (j > 1 ? ", " : "") v
    }
    print line
  }' "$recorded")" || exit 9

if [[ -z "$loop_ms" ]]; then
  printf '%s\n' "$output"
  exit 0
fi
header=""
if [[ "$format" != *noheader* ]]; then
  header="${output%%$'\n'*}"
  output="${output#*$'\n'}"
  printf '%s\n' "$header"
fi
# `read -t` on a FIFO nobody writes to is a sleep without a sleep process
fifo="$(mktemp -u)"
mkfifo "$fifo" && exec 3<>"$fifo" && rm -f "$fifo" || exit 9
seconds="$((loop_ms / 1000)).$(printf '%03d' $((loop_ms % 1000)))"
while printf '%s\n' "$output"; do
  read -r -t "$seconds" -u 3
done
