#!/usr/bin/env bash
# Peer for pixel scanning: the tesseract command on every whole image (PNG, rendered before timing),
# one process per core, each single-threaded (OMP_THREAD_LIMIT=1). Writes <name>.tsv (word boxes) into OUT.
#   tesseract_images.sh PNG_DIR OUT [JOBS]
set -euo pipefail
mkdir -p "$2"
export OMP_THREAD_LIMIT=1
find "$1" -maxdepth 1 -name '*.png' -print0 | sort -z |
    xargs -0 -n 1 -P "${3:-2}" sh -c 'tesseract "$1" "$0/$(basename "$1" .png)" tsv 2>/dev/null' "$2"
