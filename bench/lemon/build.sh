#!/bin/sh
# Builds bench/.build/mcf, the LEMON network-simplex peer of the benchmark.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../.build"
if [ ! -f /usr/include/lemon/network_simplex.h ]; then
  echo "LEMON is not installed: run 'apt-get install liblemon-dev' (Debian's package), then run the benchmark again." >&2
  exit 1
fi
mkdir -p "$out"
if [ ! -x "$out/mcf" ] || [ "$here/mcf.cpp" -nt "$out/mcf" ]; then
  g++ -O2 -std=c++17 -o "$out/mcf" "$here/mcf.cpp"
fi
