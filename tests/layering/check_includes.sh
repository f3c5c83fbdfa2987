#!/usr/bin/env bash
# layering.includes: each host area's compile finds exactly the headers its row of the "Host
# areas" table in docs/ARCHITECTURE.md allows. For every pair of areas it preprocesses
# `#include "<other>/<a header of it>"` with the include path the build gives the first area
# (<build>/host/areas/<area>.includes): an area its row names (or itself) must be found, any other
# must be "No such file or directory", the error a wrong include in the area's code would stop the
# build with. Every folder of host/src is an area with a row, and every row of a folder an area.
# Usage: check_includes.sh <repo> <build>/host/areas <c++ compiler>
set -euo pipefail
repo=$1 areas_dir=$(cd "$2" && pwd) cxx=$3
src=$repo/host/src
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# The table's rows: "<area>|<areas it may include>", from the backquoted folders of its first and
# last columns ("everything" in the last: every area).
rows=$(awk -F'|' '
  /^## Host areas/ { on = 1; next }
  on && /^## / { exit }
  on && /^\| `/ {
    folder = $2; gsub(/[ `]/, "", folder); sub(/\/$/, "", folder)
    may = $(NF - 1); list = ""
    if (may ~ /everything/) list = "*"
    while (match(may, /`[a-z_<>\/]+\/`/)) {
      f = substr(may, RSTART + 1, RLENGTH - 3); list = list " " f
      may = substr(may, RSTART + RLENGTH)
    }
    print folder "|" list
  }' "$repo/docs/ARCHITECTURE.md")

mapfile -t areas < "$areas_dir/areas.list"
# (Not `printf | grep -q`: bash's printf writes a line at a time, and grep, gone after the first
# match, can leave a write to a closed pipe: SIGPIPE, and with pipefail a false "no area".)
is_area() {
  local a
  for a in "${areas[@]}"; do [ "$a" = "$1" ] && return 0; done
  return 1
}
row_of() { printf '%s\n' "$rows" | awk -F'|' -v a="$1" '$1 == a { print $2; found = 1 } END { exit !found }'; }

for area in "${areas[@]}"; do
  row_of "$area" >/dev/null || fail "host/src/$area has no row in docs/ARCHITECTURE.md"
done
for folder in $(cd "$src" && find . -mindepth 1 -maxdepth 2 -type d ! -path ./modules | sed 's|^\./||'); do
  is_area "$folder" ||
    fail "host/src/$folder is no area of the build (roi_host_area in host/CMakeLists.txt)"
done
while IFS='|' read -r folder _; do
  [ -d "$src/$folder" ] || continue
  is_area "$folder" || fail "row $folder/ is no area of the build"
done <<< "$rows"

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
checked=0
for area in "${areas[@]}"; do
  allowed=" $(row_of "$area" || true) "
  includes="$areas_dir/${area//\//_}.includes"
  [ -f "$includes" ] || { fail "no $includes (configure the build first)"; continue; }
  for other in "${areas[@]}"; do
    header=$(cd "$src" && find "$other" -maxdepth 1 -name '*.hpp' | sort | head -n 1)
    [ -n "$header" ] || continue
    printf '#include "%s"\n' "$header" > "$probe/probe.cpp"
    out=$(cd "$probe" && "$cxx" -std=c++20 -E -o /dev/null "@$includes" probe.cpp 2>&1 || true)
    missing=no
    grep -qF "$header: No such file or directory" <<< "$out" && missing=yes
    if [ "$other" = "$area" ] || [[ "$allowed" == *" * "* ]] || [[ "$allowed" == *" $other "* ]]; then
      [ $missing = no ] || fail "$area/ may include $other/ (its row says so) but cannot find $header"
    else
      [ $missing = yes ] || fail "$area/ finds $header, but its row does not allow $other/"
    fi
    checked=$((checked + 1))
  done
done
echo "checked $checked includes of ${#areas[@]} areas"
exit $failed
