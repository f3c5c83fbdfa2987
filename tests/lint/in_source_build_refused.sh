#!/usr/bin/env bash
# Configuring the tree into itself is refused before anything is built (CMakeLists.txt), so no
# build output lands beside the sources. Tried on a copy of the top CMakeLists.txt: the check
# comes before anything else it reads.
# Usage: in_source_build_refused.sh <repo> <cmake>
set -euo pipefail
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp "$1/CMakeLists.txt" "$copy/"
if out=$("$2" -S "$copy" -B "$copy" 2>&1); then
  echo "FAIL: an in-source configure succeeded"
  exit 1
fi
grep -q "In-source builds are refused" <<< "$out" || { echo "FAIL: refused for another reason:"; echo "$out"; exit 1; }
