#!/usr/bin/env bash
# check_binaries.sh [--no-fortify] FILE...: fails unless every ELF file carries the hardening of
# sdk/cmake/RoiHardening.cmake. Executables and shared objects: full RELRO (a GNU_RELRO segment
# and BIND_NOW or FLAGS_1 NOW), executables also PIE (type DYN); every file, static archives
# included, calls __stack_chk_fail; executables and shared objects (unless --no-fortify, for
# sanitizer builds) also some fortified __*_chk function of glibc. An archive may hold no call
# glibc can check (roi_sdk_checks); the binaries that link it show its fortified calls.
set -uo pipefail
fortify=1
if [ "${1:-}" = --no-fortify ]; then fortify=0; shift; fi
[ $# -gt 0 ] || { echo "usage: $0 [--no-fortify] FILE..." >&2; exit 2; }

failed=0
fail() { echo "NOT HARDENED: $1: $2"; failed=1; }

for file in "$@"; do
  [ -f "$file" ] || { fail "$file" "missing"; continue; }
  case "$file" in
    *.a)
      symbols="$(nm -A "$file" 2>/dev/null | awk '$(NF-1) == "U" {print $NF}')"
      grep -qx '__stack_chk_fail' <<<"$symbols" || fail "$file" "no stack protector (__stack_chk_fail)"
      continue
      ;;
    *)
      header="$(readelf -hW "$file")" || { fail "$file" "not an ELF file"; continue; }
      segments="$(readelf -lW "$file")"
      dynamic="$(readelf -dW "$file")"
      symbols="$(readelf --dyn-syms -W "$file" | awk '$7 == "UND" {print $8}')"
      grep -q GNU_RELRO <<<"$segments" || fail "$file" "no GNU_RELRO segment (-Wl,-z,relro)"
      grep -Eq '\(BIND_NOW\)|\(FLAGS_1\).*\bNOW\b' <<<"$dynamic" || fail "$file" "no BIND_NOW (-Wl,-z,now)"
      if grep -q 'INTERP' <<<"$segments"; then  # an executable
        grep -Eq 'Type:[[:space:]]+DYN' <<<"$header" || fail "$file" "executable is not PIE (-pie)"
      fi
      ;;
  esac
  symbols="$(sed 's/@.*//' <<<"$symbols")"
  grep -qx '__stack_chk_fail' <<<"$symbols" || fail "$file" "no stack protector (__stack_chk_fail)"
  # A here-string, not a pipe into grep -q: with pipefail, its early exit can fail the writer
  # (SIGPIPE), which reported a hardened binary as unhardened now and then. (__stack_chk_fail
  # does not end in _chk, so it never counts as a fortified call.)
  if [ "$fortify" = 1 ] && ! grep -Eqx '__[a-z0-9_]+_chk' <<<"$symbols"; then
    fail "$file" "no _FORTIFY_SOURCE checks (__*_chk)"
  fi
done
[ "$failed" = 0 ] && echo "hardened: $# files"
exit "$failed"
