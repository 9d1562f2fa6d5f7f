#!/usr/bin/env bash
# One-time set-up for building hpsynth on a fresh machine; safe to run again (does nothing when ready).
# HiGHS (through good_lp/highs-sys) is compiled from source with cmake, and its bindings with libclang.
set -euo pipefail

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo is missing; install Rust with rustup first" >&2
  exit 1
fi

have_libclang() {
  ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 || ls /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1
}

if command -v cmake >/dev/null 2>&1 && have_libclang; then
  exit 0
fi

echo "setup: installing cmake and libclang (needed to build HiGHS)" >&2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq cmake libclang-dev >/dev/null
else
  echo "setup: not root or no apt-get: install cmake and libclang-dev with your package manager," >&2
  echo "       or 'pip install cmake libclang' and set CMAKE and LIBCLANG_PATH" >&2
  exit 1
fi
