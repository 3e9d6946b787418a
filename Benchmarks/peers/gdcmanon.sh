#!/usr/bin/env bash
# Peer: GDCM's gdcmanon in its basic-profile mode (PS3.15 E.1), which needs a certificate; a throw-away
# self-signed one is made once under .bench/.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cert="$here/.bench/gdcm-cert.pem"; keyf="$here/.bench/gdcm-key.pem"
if [ ! -f "$cert" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$keyf" -out "$cert" -days 30 -subj "/CN=dcmveil-bench" 2>/dev/null
fi
# Two processes over the two halves of the corpus, each writing into the same output folder.
mapfile -t files < <(find "$1" -maxdepth 1 -name '*.dcm' | sort)
half=$(( (${#files[@]} + 1) / 2 ))
( for f in "${files[@]:0:$half}"; do gdcmanon --certificate "$cert" -e -i "$f" -o "$2/$(basename "$f")"; done ) &
( for f in "${files[@]:$half}"; do gdcmanon --certificate "$cert" -e -i "$f" -o "$2/$(basename "$f")"; done ) &
wait
