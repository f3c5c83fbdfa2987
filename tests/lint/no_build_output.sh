#!/usr/bin/env bash
# No build output is tracked: CMake's files (CMakeFiles/, CMakeCache.txt, cmake_install.cmake,
# CTestTestfile.cmake, compile_commands.json) and compiled objects, libraries and archives.
# Skipped (77) outside a git checkout, e.g. in an unpacked source archive.
# Usage: no_build_output.sh <repo>
set -euo pipefail
cd "$1"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || exit 77
tracked=$(git ls-files | grep -E '(^|/)(CMakeFiles/|CMakeCache\.txt$|cmake_install\.cmake$|CTestTestfile\.cmake$|compile_commands\.json$)|\.(o|obj|a|so|gch)$' || true)
if [ -n "$tracked" ]; then
  echo "build output is tracked (git rm --cached it; .gitignore keeps it out):"
  echo "$tracked"
  exit 1
fi
