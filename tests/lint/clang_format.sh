#!/usr/bin/env bash
# Fails when a C++ file in the tree differs from what clang-format makes of it with the
# repository's .clang-format, and names each file. Fix: clang-format -i <file> (or
# `git clang-format` on a change).
set -euo pipefail
repo="${1:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$repo"
command -v clang-format >/dev/null || { echo "clang-format is not installed (scripts/deps)" >&2; exit 1; }
status=0
while IFS= read -r -d '' file; do
  if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
    echo "$file: not formatted per .clang-format"
    status=1
  fi
done < <(git ls-files -z -- '*.cpp' '*.hpp' '*.h' '*.cc')
exit "$status"
