#!/usr/bin/env bash
# Runs a dcmveil command that takes files (e.g. scan-pixels --json) as JOBS processes over equal parts of
# a folder's .dcm files, each writing its standard output to OUT/part-K.jsonl (no interleaved lines).
#   dcmveil_parts.sh JOBS SRC OUT dcmveil scan-pixels --json
set -euo pipefail
jobs="$1" src="$2" out="$3"; shift 3
mkdir -p "$out"
mapfile -t files < <(find "$src" -maxdepth 1 -name '*.dcm' | sort)
n=${#files[@]}; per=$(( (n + jobs - 1) / jobs ))
pids=()
for ((k = 0; k < jobs; k++)); do
    part=("${files[@]:$((k * per)):$per}")
    [ ${#part[@]} -gt 0 ] || continue
    "$@" "${part[@]}" > "$out/part-$k.jsonl" &
    pids+=($!)
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
exit $rc
