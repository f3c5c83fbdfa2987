#!/usr/bin/env bash
# check_catches.sh CHECKER CXX: proves check_binaries.sh tells hardened from unhardened binaries.
# A tiny program built with all the hardening passes; built with any one piece left out (stack
# protector, _FORTIFY_SOURCE, PIE, RELRO, BIND_NOW) it must fail; so must an archive without the
# stack protector.
set -uo pipefail
checker="$1" cxx="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/tiny.cpp" <<'CPP'
#include <cstdio>
#include <cstring>
int main(int argc, char** argv) {
  char name[64];
  std::strcpy(name, argc > 0 ? argv[0] : "");
  std::printf("%s\n", name);
  return static_cast<int>(std::strlen(name) % 2);
}
CPP
hardened=(-O2 -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE -pie -Wl,-z,relro,-z,now)
build() {  # build NAME FLAGS...
  local name="$1"
  shift
  "$cxx" "$@" -o "$work/$name" "$work/tiny.cpp" || { echo "cannot build $name"; exit 1; }
}
failed=0
build hardened "${hardened[@]}"
if ! bash "$checker" "$work/hardened"; then echo "FAIL: a hardened binary was refused"; failed=1; fi
for weakening in -fno-stack-protector -U_FORTIFY_SOURCE "-fno-PIE -no-pie" -Wl,-z,norelro -Wl,-z,lazy; do
  # shellcheck disable=SC2086 # the flags of one weakening are meant to split
  build weak "${hardened[@]}" $weakening
  if bash "$checker" "$work/weak" >/dev/null; then
    echo "FAIL: a binary built with $weakening passed"
    failed=1
  else
    echo "caught: $weakening"
  fi
done
# Static archives (the SDK libraries): the stack protector is what shows in their objects.
for protector in -fstack-protector-strong -fno-stack-protector; do
  rm -f "$work/tiny.a"
  "$cxx" -O2 -fPIC "$protector" -c -o "$work/tiny.o" "$work/tiny.cpp" && ar rcs "$work/tiny.a" "$work/tiny.o" ||
    { echo "cannot build the archive"; exit 1; }
  if bash "$checker" "$work/tiny.a" >/dev/null; then verdict=passed; else verdict=refused; fi
  case "$protector$verdict" in
    -fstack-protector-strongpassed | -fno-stack-protectorrefused) echo "archive with $protector $verdict" ;;
    *) echo "FAIL: an archive built with $protector was $verdict"; failed=1 ;;
  esac
done
exit "$failed"
