#!/usr/bin/env bash
# Fails when host/src names an in-tree connector: a string literal that is exactly one of their
# ids, outside comments. The host builds every list, route and check from the connectors'
# descriptions (docs/ARCHITECTURE.md), so a platform's name belongs in its connector folder only.
set -euo pipefail
repo="${1:-$(cd "$(dirname "$0")/../.." && pwd)}"
ids=(google-ads meta shopify stripe example)

pattern="\"($(IFS='|'; echo "${ids[*]}"))\""
status=0
cd "$repo"
while IFS= read -r file; do
  # Line comments go first ("//" in a URL literal cuts the line short: that only hides hits).
  if hits=$(sed -e 's://.*$::' "$file" | grep -nE "$pattern"); then
    while IFS= read -r hit; do echo "$file:$hit"; done <<<"$hits"
    status=1
  fi
done < <(find host/src -type f \( -name '*.cpp' -o -name '*.hpp' \) | sort)
if [ "$status" -ne 0 ]; then
  echo "host/src names a platform (see above): read it from the connector's description instead" >&2
fi
exit "$status"
