#!/usr/bin/env bash
# The platform-name check must fail on a tree whose host names a platform: plants one and expects
# a failure naming the file.
set -uo pipefail
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/host/src"
printf 'const char* kId = "meta";  // a platform named in the host\n' > "$tree/host/src/planted.cpp"
output=$(bash "$(dirname "$0")/host_names_no_platform.sh" "$tree" 2>&1)
status=$?
[ "$status" -ne 0 ] && grep -q 'host/src/planted.cpp:1:' <<<"$output"
